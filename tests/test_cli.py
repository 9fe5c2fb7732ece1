"""The command line contract: exit statuses, messages on stderr, help for every option."""

import argparse
import csv
import io
import json
import subprocess
import sys
from pathlib import Path

from helpers import DEMO_DIR, ROOT, run_cli

from iro_metrics.cli import build_parser
from iro_metrics.published.reference import ONS_FILE_NAME


def test_refused_directory_exits_2_with_the_reason(tmp_path: Path) -> None:
    (tmp_path / "authority.json").write_text(json.dumps(
        {"la_code": "841", "la_name": "Darlington", "region": "North East",
         "extract_date": "2020-04-30"}))
    done = run_cli("indicators", "--data", str(tmp_path), "--period", "2019-20")
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr.splitlines() == [
        "children.parquet: required file is missing",
        "lac_episodes.parquet or cp_plans.parquet: at least one is required",
    ]


def test_bad_period_exits_2_naming_it() -> None:
    done = run_cli("indicators", "--data", str(DEMO_DIR), "--period", "2019/20")
    assert done.returncode == 2
    assert done.stdout == ""
    assert ("period '2019/20' is not a reporting year like 2019-20 or a date range like "
            "2019-04-01:2020-03-31") in done.stderr


def test_counts_go_to_stderr_and_rows_follow_the_registry() -> None:
    done = run_cli("indicators", "--data", str(DEMO_DIR), "--period", "2019-04-01:2020-03-31",
                   "--by", "legal_status_group")
    assert done.returncode == 0
    assert done.stderr.splitlines()[0] == "0 rows set aside, 0 warnings"
    rows = list(csv.DictReader(io.StringIO(done.stdout)))
    indicators = list(dict.fromkeys(row["indicator_id"] for row in rows))
    assert indicators == ["lac_count", "lac_starts", "lac_ceased", "lac_reviews_held",
                          "lac_reviews_timely", "lac_participation", "lac_reviews_under4",
                          "lac_children_reviews_timely", "lac_reviews_overdue",
                          "lac_views_conveyed",  # then the footprint's (indicators.md v1.3)
                          "iro_contact_before_review", "iro_midway_checks",
                          "permanence_at_second_review"]
    groups = [row["group"] for row in rows if row["indicator_id"] == "lac_count"]
    assert groups == ["care order", "placement order", "voluntary", "police protection or EPO",
                      "youth justice"][:len(groups)]
    assert {row["period_start"] for row in rows} == {"2019-04-01"}


def test_json_has_the_same_keys_and_nulls_for_empty_values(tmp_path: Path) -> None:
    done = run_cli("indicators", "--data", str(DEMO_DIR), "--period", "2030-31", "--format", "json")
    assert done.returncode == 0
    rows = json.loads(done.stdout)
    assert list(rows[0])[:7] == ["indicator_id", "period_start", "period_end", "group",
                                 "numerator", "denominator", "value"]
    timely = next(row for row in rows if row["indicator_id"] == "lac_reviews_timely")
    assert (timely["numerator"], timely["denominator"], timely["value"]) == (0, 0, None)


def test_every_option_of_every_command_is_explained() -> None:
    parser = build_parser()
    commands = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    assert set(commands.choices) == {"generate", "validate", "indicators", "build-reference",
                                     "build-benchmarks", "import", "export-903", "report"}
    for name, sub in commands.choices.items():
        assert sub.description, name
        options = [a for a in sub._actions if a.option_strings and a.dest != "help"]
        assert options, name
        for option in options:
            assert option.help and len(option.help) > 15, (name, option.option_strings)
        assert run_cli(name, "--help").returncode == 0


def test_the_entry_point_lists_the_commands() -> None:
    """``python -m iro_metrics`` in a real process, the one test of the entry point itself."""
    done = subprocess.run([sys.executable, "-m", "iro_metrics", "--help"], cwd=ROOT,
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0
    for command in ("generate", "validate", "indicators", "build-reference"):
        assert command in done.stdout


def test_unreadable_published_files_are_refused_not_a_traceback(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere"
    done = run_cli("build-reference", "--source", str(missing), "--out", str(tmp_path / "r"))
    assert (done.returncode, done.stderr) == (2, f"{missing}: no such directory (--source is the "
                                                 "folder of published files)\n")
    empty = tmp_path / "published"
    empty.mkdir()
    (empty / ONS_FILE_NAME).write_text("")
    done = run_cli("build-reference", "--source", str(empty), "--out", str(tmp_path / "r"))
    assert (done.returncode, done.stderr) == (2, f"{empty}: a published file cannot be read "
                                                 "(empty CSV)\n")
    (empty / "cla_number_and_rate_per_10k_children.csv").write_text("")
    done = run_cli("build-benchmarks", "--source", str(empty), "--out",
                   str(tmp_path / "b.parquet"))
    assert (done.returncode, done.stderr) == (2, f"{empty}: a published file cannot be read "
                                                 "(empty CSV)\n")
