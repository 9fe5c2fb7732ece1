"""The synthetic demonstration authority: determinism, a clean bill from the validator at several
seeds and scales, the committed demo data, its consistency with the published population, and
that the demo without the extract contract v1.1 tables and columns (a v1 extract) gives every
other figure unchanged and the footprint's empty."""

import datetime as dt
import json
from pathlib import Path

import polars as pl
import pytest
from helpers import DEMO_DIR, run_cli, write_v1_demo

from iro_metrics.contract.extract import TABLES
from iro_metrics.contract.loader import load_extract
from iro_metrics.generator import generate
from iro_metrics.indicators.engine import compute
from iro_metrics.indicators.periods import reporting_year
from iro_metrics.published.reference import population_0_17


def tables(folder: Path) -> dict[str, pl.DataFrame]:
    return {table: pl.read_parquet(folder / f"{table}.parquet") for table in TABLES}


def assert_same(left: Path, right: Path) -> None:
    for table, frame in tables(left).items():
        other = pl.read_parquet(right / f"{table}.parquet")
        assert frame.equals(other), f"{table} differs"
    assert json.loads((left / "authority.json").read_text()) == json.loads(
        (right / "authority.json").read_text())


@pytest.mark.slow
def test_committed_demo_is_the_default_run(tmp_path: Path) -> None:
    generate(tmp_path / "demo")
    assert_same(tmp_path / "demo", DEMO_DIR)


@pytest.mark.slow
def test_same_seed_gives_identical_tables(tmp_path: Path) -> None:
    generate(tmp_path / "a", seed=7, scale=0.5)
    generate(tmp_path / "b", seed=7, scale=0.5)
    assert_same(tmp_path / "a", tmp_path / "b")
    generate(tmp_path / "c", seed=8, scale=0.5)
    assert not tables(tmp_path / "a")["lac_episodes"].equals(
        tables(tmp_path / "c")["lac_episodes"])


@pytest.mark.slow
@pytest.mark.parametrize(("seed", "scale", "start", "end"), [
    (1, 1.0, dt.date(2014, 4, 1), dt.date(2021, 3, 31)),
    (2, 0.3, dt.date(2014, 4, 1), dt.date(2021, 3, 31)),
    (3, 4.0, dt.date(2014, 4, 1), dt.date(2021, 3, 31)),
    (4, 1.0, dt.date(2017, 7, 15), dt.date(2019, 2, 10)),
])
def test_generated_data_validates_clean(tmp_path: Path, seed: int, scale: float,
                                        start: dt.date, end: dt.date) -> None:
    generate(tmp_path / "x", seed=seed, scale=scale, start=start, end=end)
    extract = load_extract(tmp_path / "x")
    report = extract.report
    assert report.rows_set_aside == dict.fromkeys(TABLES, 0)
    assert report.warnings.height == 0, report.warnings.head(5)
    assert report.messages == ()
    assert extract.authority.extract_date == end
    assert extract.authority.synthetic is True
    assert extract.children.height > 0


def test_demo_is_small_and_describes_darlington() -> None:
    assert sum(p.stat().st_size for p in DEMO_DIR.iterdir()) < 5_000_000
    authority = json.loads((DEMO_DIR / "authority.json").read_text())
    assert authority == {"la_code": "841", "la_name": "Darlington", "region": "North East",
                         "extract_date": "2021-03-31", "synthetic": True}


def test_population_holds_the_published_totals_split_by_age_and_ethnic_group() -> None:
    population = pl.read_parquet(DEMO_DIR / "population.parquet")
    published = dict(population_0_17("841").iter_rows())
    single = population.filter(pl.col("ethnic_group").is_null())
    totals = single.group_by("mid_year").agg(pl.col("population").sum(), ages=pl.len())
    for mid_year, total, ages in totals.iter_rows():
        assert ages == 18
        assert total == published[mid_year]
    spread = single.group_by("mid_year").agg(
        (pl.col("population").max() - pl.col("population").min()).alias("spread"))
    assert spread["spread"].max() <= 1
    # Every mid-year's total again as five ethnic groups' 0-17 totals (age empty), near the
    # invented shares: mid-2019's 22,237 x (0.880, 0.046, 0.044, 0.014, 0.016) is 19,568.56,
    # 1,022.902, 978.428, 311.318 and 355.792; the 3 left after the whole parts go to the largest
    # remainders (Mixed, Other, White).
    groups = population.filter(pl.col("ethnic_group").is_not_null())
    assert groups["age"].null_count() == groups.height
    by_year = groups.group_by("mid_year").agg(pl.col("population").sum(), groups=pl.len())
    assert all(total == published[mid_year] and count == 5
               for mid_year, total, count in by_year.iter_rows())
    mid_2019 = dict(groups.filter(pl.col("mid_year") == 2019)
                    .select("ethnic_group", "population").iter_rows())
    assert published[2019] == 22237
    assert mid_2019 == {"White": 19569, "Mixed": 1023, "Asian or Asian British": 978,
                        "Black or Black British": 311, "Other ethnic groups": 356}


def test_episodes_of_a_period_of_care_are_contiguous() -> None:
    episodes = pl.read_parquet(DEMO_DIR / "lac_episodes.parquet").sort("child_id", "episode_start")
    following = episodes.with_columns(
        next_start=pl.col("episode_start").shift(-1).over("child_id"),
        next_reason=pl.col("reason_new_episode").shift(-1).over("child_id"),
    )
    continued = following.filter(pl.col("reason_episode_ceased") == "X1")
    assert continued.height > 1000
    assert (continued["next_start"] == continued["episode_end"]).all()
    assert (continued["next_reason"] != "S").all()
    closed = following.filter(pl.col("reason_episode_ceased") != "X1",
                              pl.col("next_start").is_not_null())
    assert (closed["next_reason"] == "S").all()


def test_unborn_children_have_an_expected_date_only() -> None:
    children = pl.read_parquet(DEMO_DIR / "children.parquet")
    unborn = children.filter(pl.col("date_of_birth").is_null())
    assert unborn.height >= 1
    assert unborn["expected_date_of_birth"].is_not_null().all()
    assert (unborn["sex"] == "U").all()


def test_command_line_refuses_an_empty_span(tmp_path: Path) -> None:
    done = run_cli("generate", "--out", str(tmp_path / "x"), "--from", "2020-04-01", "--to",
                   "2020-04-01")
    assert done.returncode == 2
    assert done.stderr.strip() == ("nothing to simulate: --to (2020-04-01) must be after --from "
                                   "(2020-04-01) and --scale (1) above 0")
    assert not (tmp_path / "x").exists()


FOOTPRINT_IDS = ("iro_contact_before_review", "iro_midway_checks", "permanence_at_second_review",
                 "other_reviews_held", "other_reviews_timely", "training_sessions",
                 "training_attendees", "panels_attended", "audits_completed",
                 "feedback_listened_to", "feedback_helpful")  # indicators.md v1.3


@pytest.mark.parametrize("year", [2015, 2019, 2020])
def test_demo_without_the_v1_1_tables_keeps_every_other_figure(tmp_path: Path, year: int) -> None:
    full = load_extract(DEMO_DIR)
    v1 = load_extract(write_v1_demo(tmp_path / "v1"))
    assert v1.report.messages == () and v1.report.warnings.height == 0
    period = reporting_year(year)
    with_tables, without = compute(full, period), compute(v1, period)
    footprint = pl.col("indicator_id").is_in(FOOTPRINT_IDS)
    assert without.filter(~footprint).equals(with_tables.filter(~footprint))
    assert with_tables.filter(footprint)["value"].null_count() == 0
    gone = without.filter(footprint)
    assert sorted(gone["indicator_id"]) == sorted(FOOTPRINT_IDS)
    assert gone["value"].null_count() == len(FOOTPRINT_IDS)
