"""The data-quality page under AppTest (demo, an extract with set-aside rows, warnings, an absent
and an unreadable optional table, and the tiny extract), and its display helpers."""

import datetime as dt
import json
from pathlib import Path

import polars as pl
import pytest
from extract_builders import D, child, review, valid_extract, valid_rows
from helpers import OpenPage, page_text, run_cli, write_tiny_extract

from iro_metrics.contract.extract import TABLES, ValidationReport, empty_issues
from iro_metrics.contract.loader import NO_ICPC, OUTSIDE_CARE, PN0_AGED_4, load_extract
from iro_metrics.indicators.registry import BY_ID
from iro_metrics.present import data_quality as dq
from iro_metrics.present.data_quality import TABLE_NAMES
from iro_metrics.present.formatting import format_number
from iro_metrics.returns import rules
from iro_metrics.returns.report import FORMAT, REPORT_FILE, read_import_report

SEX_RULE = "sex must be M, F or U"
ETHNICITY_RULE = "ethnicity must be an SSDA903 ETHNIC code"
UNKNOWN_CHILD = "child_id is not in children"
CHILD_SET_ASIDE = "child_id's children row was set aside"
METRICS = ("Rows read", "Rows loaded", "Rows set aside", "Warnings")


def messy_extract(directory: Path) -> Path:
    """The builders' valid extract plus: two children rows with bad codes (set aside), four
    reviews (two PN0 for a child aged 9, warnings; one of an unknown child and one of a
    set-aside child, set aside), a review before the child's care began (a warning), no
    iro_disputes table nor any of contract v1.1's tables, and an unreadable population file."""
    rows = valid_rows()
    valid_extract(
        directory,
        children=[*rows["children"], child("C4", sex="X"), child("C5", ethnicity="ZZZZ")],
        lac_reviews=[*rows["lac_reviews"], review(D(2019, 9, 1), "PN0"),
                     review(D(2019, 10, 1), "PN0"), review(D(2019, 10, 2), child_id="C9"),
                     review(D(2019, 10, 3), child_id="C4"), review(D(2018, 6, 1))],
        iro_disputes=None, iro_activity=None, other_reviews=None, service_activity=None,
        feedback=None,
    )
    (directory / "population.parquet").write_bytes(b"not parquet")
    return directory


@pytest.fixture
def messy_dir(tmp_path: Path) -> Path:
    return messy_extract(tmp_path / "messy")


def metrics(at) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def markdown(at) -> list[str]:
    return [m.value for m in at.markdown]


def downloads(at) -> list[str]:
    return [b.proto.label for b in at.get("download_button")]


def rows_of(table) -> list[tuple[str, ...]]:
    return [tuple(row) for row in table.value.itertuples(index=False)]


def test_demo_extract(open_page: OpenPage, demo_dir: Path) -> None:
    at = open_page("data_quality")
    assert not at.exception, [e.value for e in at.exception]
    extract = load_extract(demo_dir)
    read = sum(extract.report.rows_read.values())
    assert at.title[0].value == "Data quality"
    assert at.main.header[0].value == "How the data are checked"
    assert at.main.header[1].value == f"All {format_number(read)} rows read were loaded, with no warnings"
    assert metrics(at) == {"Rows read": format_number(read), "Rows loaded": format_number(read),
                           "Rows set aside": "0", "Warnings": "0"}
    assert at.info[0].value.startswith("This page describes the whole extract")
    summary = at.table[0].value
    assert list(summary.columns) == list(dq.SUMMARY_COLUMNS)
    assert rows_of(at.table[0]) == list(dq.table_summary(extract).iter_rows())
    present = [extract.has(table) for table in TABLES]  # the v1.1 tables once generated
    assert list(summary["Status"]) == [dq.LOADED if has else dq.ABSENT for has in present]
    assert list(summary["Rows set aside"]) == ["0" if has else format_number(None)
                                               for has in present]
    assert summary["Rows read"][1] == format_number(extract.lac_episodes.height)
    details = markdown(at)
    assert f"- **Local authority code:** {extract.authority.la_code}" in "\n".join(details)
    assert f"`{demo_dir}`" in "\n".join(details)
    assert "- **Extract date:** 31 March 2021" in "\n".join(details)
    assert "Every table in the data directory could be read." in details
    assert "No rows were set aside: every row read was loaded." in details
    assert "There are no warnings." in details
    assert len(at.table) == 1 and not at.dataframe
    assert downloads(at) == ["Download table summary (CSV)"]


def test_set_aside_rows_warnings_and_unreadable_tables(open_page: OpenPage,
                                                       messy_dir: Path) -> None:
    at = open_page("data_quality", data_dir=messy_dir)
    assert not at.exception, [e.value for e in at.exception]
    # 5 children + 2 episodes + 7 reviews + 2 plans + 2 enquiries + 2 conferences + 2 staff
    # + 2 allocations = 24 rows read; 2 children and 2 reviews set aside; 3 warnings.
    assert metrics(at) == {"Rows read": "24", "Rows loaded": "20", "Rows set aside": "4",
                           "Warnings": "3"}
    assert at.main.header[1].value == "4 of 24 rows read were set aside; 3 warnings need checking"

    summary = at.table[0].value.set_index("Table")
    assert list(summary.loc["Children", ["Status", "Rows read", "Rows loaded",
                                         "Rows set aside"]]) == ["Loaded", "5", "3", "2"]
    assert list(summary.loc["Looked-after reviews", ["Rows read", "Rows loaded",
                                                     "Rows set aside"]]) == ["7", "5", "2"]
    assert list(summary.loc["Looked-after reviews", ["Dates from", "Earliest", "Latest"]]) == [
        "review_date", "1 Jun 2018", "1 Oct 2019"]
    assert list(summary.loc["IRO disputes"]) == ["iro_disputes.parquet", "Not in this extract",
                                                 "x", "x", "x", "x", "x", "x"]
    assert list(summary.loc["Population aged 0–17"]) == [
        "population.parquet", "Could not be read", "x", "x", "x", "x", "x", "x"]

    messages = [w.value for w in at.warning if "Synthetic" not in w.value]
    assert len(messages) == 1
    assert messages[0].startswith("population.parquet: not a readable Parquet file")

    set_aside, warnings = at.table[1], at.table[2]
    assert list(set_aside.value.columns) == ["File", "Rule", "Rows"]
    assert rows_of(set_aside) == [("children.parquet", SEX_RULE, "1"),
                                  ("children.parquet", ETHNICITY_RULE, "1"),
                                  ("lac_reviews.parquet", UNKNOWN_CHILD, "1"),
                                  ("lac_reviews.parquet", CHILD_SET_ASIDE, "1")]
    assert rows_of(warnings) == [("lac_reviews.parquet", PN0_AGED_4, "2"),
                                 ("lac_reviews.parquet", OUTSIDE_CARE, "1")]

    listed_aside, listed_warnings = (frame.value for frame in at.dataframe)
    assert list(listed_aside.columns) == ["File", "Row", "Column", "Value", "Rule"]
    assert [tuple(r) for r in listed_aside.itertuples(index=False)] == [
        ("children.parquet", "4", "sex", "X", SEX_RULE),
        ("children.parquet", "5", "ethnicity", "ZZZZ", ETHNICITY_RULE),
        ("lac_reviews.parquet", "5", "child_id", "C9", UNKNOWN_CHILD),
        ("lac_reviews.parquet", "6", "child_id", "C4", CHILD_SET_ASIDE)]
    assert [tuple(r) for r in listed_warnings.itertuples(index=False)] == [
        ("lac_reviews.parquet", "3", "participation_code", "PN0", PN0_AGED_4),
        ("lac_reviews.parquet", "4", "participation_code", "PN0", PN0_AGED_4),
        ("lac_reviews.parquet", "7", "review_date", "2018-06-01", OUTSIDE_CARE)]
    assert downloads(at) == ["Download table summary (CSV)", "Download rows set aside (CSV)",
                             "Download warnings (CSV)"]
    assert [h.value for h in at.main.header][-1] == "Row by row"


def test_filters_do_not_change_the_page(open_page: OpenPage, messy_dir: Path) -> None:
    plain = open_page("data_quality", data_dir=messy_dir)
    at = open_page("data_quality", data_dir=messy_dir,
                   query={"year": "2019-20", "age": ["5 to 9"], "sex": "Girls"})
    assert not at.exception, [e.value for e in at.exception]
    assert metrics(at) == metrics(plain)
    assert [rows_of(t) for t in at.table] == [rows_of(t) for t in plain.table]


def test_extract_without_optional_tables(open_page: OpenPage, tiny_dir: Path) -> None:
    at = open_page("data_quality", data_dir=tiny_dir)
    assert not at.exception, [e.value for e in at.exception]
    summary = at.table[0].value.set_index("File")
    loaded = {"children.parquet", "cp_plans.parquet"}
    for file, status in summary["Status"].items():
        assert status == ("Loaded" if file in loaded else "Not in this extract"), file
    assert list(summary.loc["cp_plans.parquet", ["Rows read", "Earliest", "Latest"]]) == [
        "2", "3 Jun 2019", "16 Nov 2020"]
    assert at.main.header[1].value == "All 5 rows read were loaded, with no warnings"
    assert "Every table in the data directory could be read." in markdown(at)


# --- display helpers -----------------------------------------------------------------------


def test_table_summary_of_the_messy_extract(tmp_path: Path) -> None:
    extract = load_extract(messy_extract(tmp_path / "messy"))
    summary = dq.table_summary(extract)
    assert summary.columns == list(dq.SUMMARY_COLUMNS)
    assert summary["File"].to_list() == [f"{table}.parquet" for table in TABLES]
    assert summary.row(0) == ("Children", "children.parquet", "Loaded", "5", "3", "2",
                              "date_of_birth", "17 May 2010", "1 Feb 2018")
    assert summary.row(TABLES.index("iro_staff")) == (
        "IRO staff", "iro_staff.parquet", "Loaded", "2", "2", "0", "start_date", "5 Jan 2015",
        "5 Jan 2015")
    assert summary["Status"].to_list() == ["Loaded"] * 8 + ["Not in this extract"] * 5 + [
        "Could not be read"]


def test_population_range_is_given_in_mid_years(tmp_path: Path) -> None:
    extract = load_extract(valid_extract(tmp_path / "valid"))
    row = dq.table_summary(extract).row(TABLES.index("population"), named=True)
    assert (row["Earliest"], row["Latest"]) == ("mid-2018", "mid-2019")


def test_table_status_reads_the_messages() -> None:
    report = ValidationReport(rows_read={"children": 3}, rows_loaded={"children": 3},
                                 messages=("lac_reviews.parquet: missing column 'review_date'",))
    assert dq.table_status(report, "children") == dq.LOADED
    assert dq.table_status(report, "lac_reviews") == dq.UNREADABLE
    assert dq.table_status(report, "lac_episodes") == dq.ABSENT


def test_counts_by_rule_count_rows_once_per_rule() -> None:
    issues = pl.DataFrame(
        {"file": ["a.parquet", "a.parquet", "a.parquet", "b.parquet"], "row": [1, 1, 2, 7],
         "column": ["x", "y", "x", "z"], "value": ["1", "2", "3", "4"],
         "rule": ["x and y together appear on more than one row"] * 3 + [NO_ICPC]},
        schema=dict(empty_issues().schema))
    assert dq.counts_by_rule(issues).rows() == [
        ("a.parquet", "x and y together appear on more than one row", "2"),
        ("b.parquet", NO_ICPC, "1")]
    assert dq.counts_by_rule(empty_issues()).columns == ["File", "Rule", "Rows"]
    assert dq.counts_by_rule(empty_issues()).height == 0


def test_issue_list_keeps_row_numbers_as_written() -> None:
    issues = pl.DataFrame({"file": ["a.parquet"], "row": [12345], "column": ["sex"],
                           "value": ["X"], "rule": [SEX_RULE]}, schema=dict(empty_issues().schema))
    assert dq.issue_list(issues).rows() == [("a.parquet", "12345", "sex", "X", SEX_RULE)]
    assert dq.issue_list(issues).columns == ["File", "Row", "Column", "Value", "Rule"]


@pytest.mark.parametrize(("counts", "expected"), [
    ({"read": 1200, "set_aside": 0, "warnings": 0},
     "All 1,200 rows read were loaded, with no warnings"),
    ({"read": 1200, "set_aside": 1, "warnings": 0},
     "1 of 1,200 rows read was set aside, with no warnings"),
    ({"read": 1200, "set_aside": 0, "warnings": 1},
     "All 1,200 rows read were loaded; 1 warning needs checking"),
    ({"read": 12000, "set_aside": 1500, "warnings": 2000},
     "1,500 of 12,000 rows read were set aside; 2,000 warnings need checking"),
])
def test_headline(counts: dict[str, int], expected: str) -> None:
    assert dq.headline(counts) == expected


def test_headline_for_the_public_hides_a_small_number_of_rows_read() -> None:
    assert dq.headline({"read": 5, "set_aside": 0, "warnings": 0}, public=True) == (
        "All c rows read were loaded, with no warnings")
    assert dq.headline({"read": 4, "set_aside": 1, "warnings": 0}, public=True) == (
        "c of c rows read was set aside, with no warnings")


def test_day() -> None:
    assert dq.day(dt.date(2019, 4, 1)) == "1 Apr 2019"


def test_imported_at_to_the_minute() -> None:
    assert dq.imported_at({"imported_at": "2021-04-01T09:30:15.123456"}) == "2021-04-01 09:30"
    assert dq.imported_at({}) == ""


@pytest.fixture(scope="module")
def imported_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Two years of synthetic 903 returns, exported and imported back with the command line."""
    folder = tmp_path_factory.mktemp("imported")

    def run(*args: str) -> None:
        done = run_cli(*args)
        assert done.returncode == 0, done.stderr
    run("generate", "--out", str(folder / "g"), "--from", "2018-04-01", "--to", "2020-03-31")
    run("export-903", "--data", str(folder / "g"), "--out", str(folder / "returns"))
    years = [arg for year in sorted((folder / "returns").iterdir())
             for arg in ("--ssda903", str(year))]
    run("import", *years, "--la-code", "841", "--out", str(folder / "imported"))
    return folder / "imported"


def test_import_provenance_is_shown(open_page: OpenPage, imported_dir: Path) -> None:
    report = read_import_report(imported_dir)
    assert report is not None
    at = open_page("data_quality", data_dir=imported_dir)
    assert not at.exception, [e.value for e in at.exception]
    assert "Where the data came from" in [s.value for s in at.main.subheader]
    assert any("Imported from the authority's statutory returns" in m.value
               for m in at.markdown)
    tables = {tuple(t.value.columns): t.value for t in at.table}
    counts = tables[("Table", "Read", "Merged", "Set aside", "Loaded", "Repaired")]
    children = counts[counts["Table"] == TABLE_NAMES["children"]].iloc[0]
    assert children["Read"] == format_number(report["tables"]["children"]["read"])
    assert children["Loaded"] == format_number(report["tables"]["children"]["loaded"])
    files = tables[("Return", "File", "Size (bytes)", "Rows", "Used")]
    assert len(files) == sum(len(entry["files"]) for entry in report["inputs"])
    assert any("Import: records set aside" in m.value for m in at.markdown)
    public = open_page("data_quality", data_dir=imported_dir, audience="public")
    assert not any("Import: records set aside" in m.value for m in public.markdown)


def repair_report(rules_found: dict[str, int]) -> dict:
    """An import report of episodes with the repairs ``rules_found`` (rule: how many rows)."""
    return {"format": FORMAT, "imported_at": "2021-04-01T09:30:00", "inputs": [],
            "extract_date_from": "the latest reference date of the returns, 2020-21",
            "tables": {"lac_episodes": {"read": 40, "merged": 0, "set_aside": 0, "loaded": 40,
                                        "repaired": sum(rules_found.values())}},
            "repairs": [{"table": "lac_episodes", "rule": rule, "rows": rows}
                        for rule, rows in rules_found.items()]}


def test_repairs_are_counted_by_rule() -> None:
    report = repair_report({rules.REC_WITHOUT_DEC: 30, rules.DEC_AFTER_REFERENCE: 3})
    episodes = TABLE_NAMES["lac_episodes"]
    assert dq.import_repairs(report).rows() == [(episodes, rules.REC_WITHOUT_DEC, "30"),
                                                (episodes, rules.DEC_AFTER_REFERENCE, "3")]
    # The public: 3 is c, and so is the 30 beside it, or the total repaired would give it away.
    assert dq.import_repairs(report, public=True)["Rows"].to_list() == ["c", "c"]
    assert dq.import_tables(report)["Repaired"].to_list() == ["33"]
    assert dq.import_tables({"tables": {"children": {"read": 3}}})["Repaired"].to_list() == ["x"]
    assert dq.import_repairs({"repairs": []}).is_empty()
    assert dq.import_repairs({}).is_empty()  # a report from before repairs were counted


def test_the_page_lists_repairs_by_rule(open_page: OpenPage, tmp_path: Path) -> None:
    directory = write_tiny_extract(tmp_path / "tiny")
    (directory / REPORT_FILE).write_text(
        json.dumps(repair_report({rules.REC_WITHOUT_DEC: 7})), encoding="utf-8")
    at = open_page("data_quality", data_dir=directory)
    assert not at.exception, [e.value for e in at.exception]
    assert any(m.value.startswith("**Rows repaired, by rule**") for m in at.markdown)
    repairs = {tuple(t.value.columns): t.value for t in at.table}[("Table", "Rule", "Rows")]
    assert repairs.values.tolist() == [[TABLE_NAMES["lac_episodes"], rules.REC_WITHOUT_DEC, "7"]]


NOTE = ("Data quality: more than 5% of the rows behind this figure were set aside or repaired "
        "when the data were loaded ({}), so read it with care. The Data quality page says which "
        "rows and why.")


def test_shares_set_aside_or_repaired_and_the_five_per_cent_boundary() -> None:
    report = ValidationReport(rows_read={"lac_episodes": 200, "lac_reviews": 100, "cp_plans": 50,
                                         "population": 18},
                              rows_loaded={"lac_episodes": 200, "lac_reviews": 95,
                                           "cp_plans": 47, "population": 18})
    # Not imported: the loader's rows set aside over rows read.
    plain = dq.table_shares(report, None)
    assert [(item.table, item.touched, item.base) for item in plain.values()] == [
        ("lac_episodes", 0, 200), ("lac_reviews", 5, 100), ("cp_plans", 3, 50),
        ("population", 0, 18)]
    # Exactly 5% (reviews) carries no note; just over (plans, 6%) does, for every figure
    # reading the plans, and for no other.
    ids = ("lac_reviews_held", "lac_participation", "cp_count", "cp_rate", "icpc_timely")
    affected = dq.affected_indicators(ids, plain)
    assert affected == {"cp_count": (plain["cp_plans"],), "cp_rate": (plain["cp_plans"],)}
    assert dq.quality_note(affected["cp_rate"]) == NOTE.format(
        f"{TABLE_NAMES['cp_plans']} 6.0%")
    assert dq.quality_note(()) is None
    # Imported: set aside (by the import or the loader) and repaired, over the rows left after
    # merging (a merged record is the same record in a later return, not a loss): 21 of 210
    # episodes, 10%; one fewer repaired would be 20 of 210, 9.5%, and 10 of 200 exactly 5%.
    imported = {"tables": {"lac_episodes": {"read": 230, "merged": 20, "set_aside": 0,
                                            "loaded": 210, "repaired": 21},
                           "lac_reviews": {"read": 100, "merged": 0, "set_aside": 0,
                                           "loaded": 100, "repaired": 5},
                           "population": {"read": 18, "merged": 0, "set_aside": 1,
                                          "loaded": 17, "repaired": 0}}}
    shares = dq.table_shares(report, imported)
    assert (shares["lac_episodes"].touched, shares["lac_episodes"].base) == (21, 210)
    # lac_participation reads the episodes only when present (also_reads), and they count; the
    # reviews at exactly 5% do not. The public sees the tables, not the shares.
    affected = dq.affected_indicators(ids, shares)
    assert affected["lac_participation"] == (shares["lac_episodes"],)
    assert dq.quality_note(affected["lac_participation"], public=True) == NOTE.format(
        TABLE_NAMES["lac_episodes"])
    # The population (1 of 18 set aside) is read by the rate as well as the plans.
    assert dq.quality_note(affected["cp_rate"]) == NOTE.format(
        f"{TABLE_NAMES['cp_plans']} 6.0%; {TABLE_NAMES['population']} 5.6%")
    assert "lac_reviews_held" in affected and "icpc_timely" not in affected


def tile_notes(at) -> dict[str, list[str]]:
    """The data-quality notes drawn in each tile's column, by the tile's label."""
    return {column.metric[0].label: [w.value for w in column.warning]
            for column in at.main.columns if len(column.metric)}


def test_each_tile_reading_a_table_over_5_per_cent_carries_the_note(open_page: OpenPage,
                                                                    tmp_path: Path) -> None:
    directory = write_tiny_extract(tmp_path / "tiny")
    report = {"format": FORMAT, "imported_at": "2021-04-01T09:30:00", "inputs": [],
              "tables": {"cp_plans": {"read": 40, "merged": 0, "set_aside": 2, "loaded": 38,
                                      "repaired": 1}}}  # 3 of 40: 7.5%
    (directory / REPORT_FILE).write_text(json.dumps(report), encoding="utf-8")
    at = open_page("overview", data_dir=directory, audience="public")
    assert not at.exception, [e.value for e in at.exception]
    note = [NOTE.format(TABLE_NAMES["cp_plans"])]
    # The tiles reading child protection plans (the caseload counts the children on a plan);
    # the others read episodes, reviews or enquiries only.
    assert tile_notes(at) == {
        **{BY_ID[i].label: note for i in ("cp_count", "cp_rate", "cp_reviews_timely",
                                          "iro_caseload")},
        **{BY_ID[i].label: [] for i in ("lac_count", "lac_rate", "lac_children_reviews_timely",
                                        "lac_participation", "icpc_timely")}}
    report["tables"]["cp_plans"].update(set_aside=1, loaded=39)  # 2 of 40: exactly 5%
    (directory / REPORT_FILE).write_text(json.dumps(report), encoding="utf-8")
    calm = open_page("overview", data_dir=directory, audience="public")
    assert not [w for w in calm.warning if w.value.startswith("Data quality:")]


def test_the_timeliness_page_needs_no_note_of_its_own(open_page: OpenPage, tmp_path: Path) -> None:
    directory = valid_extract(tmp_path / "valid")
    report = {"format": FORMAT, "imported_at": "2021-04-01T09:30:00", "inputs": [],
              "tables": {"lac_reviews": {"read": 19, "merged": 0, "set_aside": 1, "loaded": 18,
                                         "repaired": 0}}}  # 1 of 19: just over 5%
    (directory / REPORT_FILE).write_text(json.dumps(report), encoding="utf-8")
    at = open_page("timeliness", data_dir=directory)
    assert not at.exception, [e.value for e in at.exception]
    # Each section's tiles share a column: the review tiles' column carries one note per tile.
    note = NOTE.format(f"{TABLE_NAMES['lac_reviews']} 5.3%")
    assert [w.value for w in at.warning if w.value.startswith("Data quality:")] == [note] * 3
    assert tile_notes(at)[BY_ID["lac_children_reviews_timely"].label] == [note, note]


def test_a_plain_extract_says_it_was_not_imported(open_page: OpenPage) -> None:
    at = open_page("data_quality")
    assert any("not made by the import of statutory returns" in m.value for m in at.markdown)


def test_server_paths_and_library_errors_are_for_managers_only(open_page: OpenPage,
                                                                tmp_path: Path) -> None:
    directory = write_tiny_extract(tmp_path / "tiny")
    (directory / "population.parquet").mkdir()
    reference = tmp_path / "reference" / "local_authorities.csv"
    report = {"format": FORMAT, "imported_at": "2021-04-01T09:30:00",
              "extract_date_from": "the latest reference date of the returns, 2020-21",
              "inputs": [{"kind": "SSDA903", "label": "2020-21", "files": [
                  {"path": str(tmp_path / "returns" / "header.csv"), "bytes": 120, "rows": 3}]}],
              "tables": {"children": {"read": 3, "merged": 0, "set_aside": 0, "loaded": 3}},
              "notes": [f"la_code 999 is not in {reference}: la_name 'LA 999' is a placeholder"]}
    (directory / REPORT_FILE).write_text(json.dumps(report), encoding="utf-8")

    public = open_page("data_quality", data_dir=directory, audience="public")
    assert not public.exception, [e.value for e in public.exception]
    assert str(tmp_path) not in page_text(public)
    assert "- **Data directory:** `tiny`" in "\n".join(markdown(public))
    assert [w.value for w in public.warning if "Synthetic" not in w.value] == [
        "population.parquet: not a readable Parquet file"]
    assert "la_code 999 is not in local_authorities.csv: la_name 'LA 999' is a placeholder" in [
        i.value for i in public.info]

    manager = open_page("data_quality", data_dir=directory)
    assert f"- **Data directory:** `{directory}`" in "\n".join(markdown(manager))
    assert "population.parquet: not a readable Parquet file (Is a directory)" in [
        w.value for w in manager.warning]
    assert report["notes"][0] in [i.value for i in manager.info]
