"""CIN census import: the shared samples with each deliberate mistake, both layouts, every value
rule, several censuses merged by child and plan, a child in both collections, and the files that
refuse the whole input (truncated, not UTF-8, empty, not a census)."""

import datetime as dt
from pathlib import Path

import polars as pl
import pytest
from helpers import run_cli, shared_data
from returns_fixtures.builders import (
    census,
    cin_child,
    cin_details,
    current_year,
    episode,
    header,
    plan,
    refusal,
    review,
    section47,
    write_census,
    write_huge,
    write_return,
)

from iro_metrics.contract.loader import load_extract
from iro_metrics.returns import rules
from iro_metrics.returns.importer import CONFERENCES_NOTE, NOTHING_LOADED, import_returns
from iro_metrics.returns.report import ImportReport

D = dt.date
SAMPLES = shared_data("returns-samples")


def do_import(out: Path, *files: Path, ssda903: tuple[Path, ...] = (),
              la_code: str = "841") -> ImportReport:
    return import_returns(ssda903=list(ssda903), cin=list(files), population=None,
                          la_code=la_code, out=out)


def issues(frame: pl.DataFrame) -> list[tuple]:
    """(file name, XML path, field, value, rule, detail) of each issue, in report order."""
    return [(Path(row["file"]).name, row["path"], row["field"], row["value"], row["rule"],
             row["detail"]) for row in frame.iter_rows(named=True)]


CHILD_1 = "/Message/Children/Child[1]"
PLAN_1 = f"{CHILD_1}/CINdetails[1]/ChildProtectionPlans[1]"
S47_1 = f"{CHILD_1}/CINdetails[1]/Section47[1]"


# --- The shared samples ----------------------------------------------------------------------


def test_the_samples_import_with_each_mistake_reported(tmp_path: Path) -> None:
    older, newer = SAMPLES / "cin_census_sample_2021.xml", SAMPLES / "cin_census_sample_2024.xml"
    report = do_import(tmp_path / "data", older, newer, la_code="201")
    assert issues(report.set_aside) == [
        ("cin_census_sample_2024.xml", "/Message/Children/Child[2]/ChildIdentifiers/LAchildID",
         "LAchildID", "child_fails_assessments", "LAchildID must be 1 to 20 characters", None),
    ]
    assert issues(report.warnings) == [
        ("cin_census_sample_2021.xml", f"{CHILD_1}/ChildIdentifiers", "text after UPNunknown",
         "PersonBirthDate", rules.STRAY_TEXT, None),
        ("cin_census_sample_2024.xml", "/Message/Header/CollectionDetails/Year", "Year", "2023",
         rules.YEAR_MISMATCH, "ReferenceDate 2024-03-31"),
        ("cin_census_sample_2024.xml", f"{CHILD_1}/ChildIdentifiers", "text after UPNunknown",
         "PersonBirthDate", rules.STRAY_TEXT, None),
        ("cin_census_sample_2021.xml", f"{CHILD_1}/ChildIdentifiers/ExpectedPersonBirthDate",
         "ExpectedPersonBirthDate", "1066-04-13", "ExpectedPersonBirthDate is before 1900",
         f"the value in {newer} {CHILD_1}/ChildIdentifiers/PersonBirthDate is used"),
        ("cin_census_sample_2021.xml", f"{CHILD_1}/ChildIdentifiers/PersonBirthDate",
         "PersonBirthDate", "1965-03-27", rules.DIFFERS,
         f"{newer} {CHILD_1}/ChildIdentifiers/PersonBirthDate has 2015-03-27"),
        ("cin_census_sample_2024.xml", f"{CHILD_1}/ChildIdentifiers/Sex", "Sex", "1",
         "Sex must be M, F or U",
         f"the value in {older} {CHILD_1}/ChildIdentifiers/GenderCurrent is used"),
        ("cin_census_sample_2021.xml", f"{PLAN_1}/CPPendDate", "CPPendDate", "1971-03-14",
         "CPPendDate is before the start of the return's year", "2022-04-01"),
        ("cin_census_sample_2024.xml", f"{PLAN_1}/CPPendDate", "CPPendDate", "2023-03-14",
         "CPPendDate is before the start of the return's year", "2023-04-01"),
    ]
    extract = load_extract(tmp_path / "data")
    assert extract.children.rows() == [("DfEX0000001", "M", D(2015, 3, 27), None, "WBRI", True)]
    assert extract.cp_plans.rows() == [
        ("DfEX0000001-1970-02-17", "DfEX0000001", D(1970, 2, 17), D(1971, 3, 14), "PHY", "PHY",
         10),
        ("DfEX0000001-2022-02-17", "DfEX0000001", D(2022, 2, 17), D(2023, 3, 14), "PHY", "PHY",
         10)]
    assert extract.s47_enquiries.rows() == [
        ("DfEX0000001-1970-06-02", "DfEX0000001", D(1970, 6, 2), True, D(1970, 6, 17)),
        ("DfEX0000001-2022-06-02", "DfEX0000001", D(2022, 6, 2), True, D(2022, 6, 17))]
    assert extract.cp_conferences.rows() == [
        ("DfEX0000001-1971-02-15", "DfEX0000001", D(1971, 2, 15), "RCPC", None, None, None),
        ("DfEX0000001-2023-02-15", "DfEX0000001", D(2023, 2, 15), "RCPC", None, None, None)]
    assert extract.lac_episodes is None
    assert extract.authority.extract_date == D(2024, 3, 31)
    assert report.tables["children"] == {"read": 3, "merged": 1, "set_aside": 1, "loaded": 1, "repaired": 0}
    assert [entry["files"][0]["layout"] for entry in report.inputs] == ["GenderCurrent", "Sex"]
    assert report.notes == [CONFERENCES_NOTE]


def test_the_newer_sample_alone_has_no_loadable_child(tmp_path: Path) -> None:
    newer = SAMPLES / "cin_census_sample_2024.xml"
    done = run_cli("import", "--cin", str(newer), "--la-code", "201", "--out", str(tmp_path / "d"))
    assert done.returncode == 2
    lines = done.stderr.splitlines()
    assert f"  {newer} {CHILD_1}/ChildIdentifiers/Sex, Sex '1': Sex must be M, F or U" in lines
    assert (f"  {newer} {PLAN_1}, LAchildID 'DfEX0000001': {rules.CHILD_SET_ASIDE}") in lines
    assert lines[-1] == NOTHING_LOADED
    assert not (tmp_path / "d").exists()


# --- Layouts and values ------------------------------------------------------------------------


def test_both_layouts_give_the_contract_codes(tmp_path: Path) -> None:
    path = write_census(
        tmp_path / "cin.xml",
        cin_child("K1", sex="<GenderCurrent>1</GenderCurrent>", disabilities=("HAND", "NONE")),
        cin_child("K2", sex="<GenderCurrent>2</GenderCurrent>", disabilities=()),
        cin_child("K3", sex="<GenderCurrent>0</GenderCurrent>", disabilities=("NONE",)),
        cin_child("K4", sex="<GenderCurrent>9</GenderCurrent>"),
        cin_child("K5", sex="<Sex>M</Sex>"), cin_child("K6", sex="<Sex>U</Sex>",
                                                        birth="<ExpectedPersonBirthDate>2020-06-01"
                                                              "</ExpectedPersonBirthDate>"),
        cin_child("K7", sex=" <Sex> F </Sex> "))
    report = do_import(tmp_path / "data", path)
    assert report.set_aside.is_empty() and report.warnings.is_empty()
    assert load_extract(tmp_path / "data").children.rows() == [
        ("K1", "M", D(2012, 5, 1), None, "WBRI", True),
        ("K2", "F", D(2012, 5, 1), None, "WBRI", None),
        ("K3", "U", D(2012, 5, 1), None, "WBRI", False),
        ("K4", "U", D(2012, 5, 1), None, "WBRI", False),
        ("K5", "M", D(2012, 5, 1), None, "WBRI", False),
        ("K6", "U", None, D(2020, 6, 1), "WBRI", False),
        ("K7", "F", D(2012, 5, 1), None, "WBRI", False)]
    assert report.inputs[0]["files"][0]["layout"] == "Sex and GenderCurrent"


def test_every_bad_census_value_is_set_aside_at_its_path(tmp_path: Path) -> None:
    details = cin_details(
        section47("2019-05-01", "2019-04-30"), section47("2019-05-02", None, "maybe"),
        section47("2020-04-01", None), plan("2019-05-20", "2019-05-19"),
        plan("2019-06-01", initial="ABC", latest=""),
        plan("2019-08-01", latest="BAD", reviews=("2019-13-01", "2019-09-01")))
    path = write_census(
        tmp_path / "cin.xml", cin_child("K1", details=(details,)),
        cin_child("K2", sex="<GenderCurrent>M</GenderCurrent>"),
        cin_child("K3", sex="<Sex>X</Sex>", birth=""),
        cin_child("K4", ethnicity="WHITE", disabilities=("SIGHT",),
                  birth="<PersonBirthDate>1999-02-30</PersonBirthDate>"),
        cin_child("", details=(cin_details(plan("2019-06-01")),)))
    report = do_import(tmp_path / "data", path)
    child = "/Message/Children/Child"
    k1 = f"{child}[1]/CINdetails[1]"
    assert issues(report.set_aside) == [
        ("cin.xml", f"{child}[2]/ChildIdentifiers/GenderCurrent", "GenderCurrent", "M",
         "GenderCurrent must be 1, 2, 0 or 9", None),
        ("cin.xml", f"{child}[3]/ChildIdentifiers/Sex", "Sex", "X", "Sex must be M, F or U",
         None),
        ("cin.xml", f"{child}[3]/ChildIdentifiers/PersonBirthDate", "PersonBirthDate", "",
         rules.BIRTH_OR_EXPECTED, None),
        ("cin.xml", f"{child}[4]/ChildIdentifiers/PersonBirthDate", "PersonBirthDate",
         "1999-02-30", "PersonBirthDate must be a date in the form YYYY-MM-DD", None),
        ("cin.xml", f"{child}[4]/ChildCharacteristics/Ethnicity", "Ethnicity", "WHITE",
         "Ethnicity must be an SSDA903 ETHNIC code", None),
        ("cin.xml", f"{child}[4]/ChildCharacteristics/Disabilities/Disability[1]", "Disability",
         "SIGHT", rules.DISABILITY, None),
        ("cin.xml", f"{child}[5]/ChildIdentifiers/LAchildID", "LAchildID", "",
         "LAchildID must not be empty", None),
        ("cin.xml", f"{k1}/ChildProtectionPlans[1]/CPPendDate", "CPPendDate", "2019-05-19",
         "CPPendDate must not be before CPPstartDate", None),
        ("cin.xml", f"{k1}/ChildProtectionPlans[2]/InitialCategoryOfAbuse",
         "InitialCategoryOfAbuse", "ABC",
         "InitialCategoryOfAbuse must be NEG, PHY, SAB, EMO or MUL", None),
        ("cin.xml", f"{k1}/ChildProtectionPlans[2]/LatestCategoryOfAbuse",
         "LatestCategoryOfAbuse", "", "LatestCategoryOfAbuse must not be empty", None),
        ("cin.xml", f"{k1}/ChildProtectionPlans[3]/LatestCategoryOfAbuse",
         "LatestCategoryOfAbuse", "BAD", "LatestCategoryOfAbuse must be NEG, PHY, SAB, EMO or MUL",
         None),
        ("cin.xml", f"{child}[5]/CINdetails[1]/ChildProtectionPlans[1]", "LAchildID", "",
         rules.NO_CHILD_ID, None),
        ("cin.xml", f"{k1}/Section47[1]/DateOfInitialCPC", "DateOfInitialCPC", "2019-04-30",
         "DateOfInitialCPC must not be before S47ActualStartDate", None),
        ("cin.xml", f"{k1}/Section47[2]/ICPCnotRequired", "ICPCnotRequired", "maybe",
         rules.YES_NO, None),
        ("cin.xml", f"{k1}/Section47[3]/S47ActualStartDate", "S47ActualStartDate", "2020-04-01",
         "S47ActualStartDate is after the return's reference date", "2020-03-31"),
        ("cin.xml", f"{k1}/ChildProtectionPlans[3]/Reviews/CPPreviewDate[1]", "CPPreviewDate",
         "2019-13-01", "CPPreviewDate must be a date in the form YYYY-MM-DD", None),
    ]
    extract = load_extract(tmp_path / "data")
    assert extract.children["child_id"].to_list() == ["K1"]
    assert extract.cp_plans.is_empty() and extract.s47_enquiries.is_empty()
    assert extract.cp_conferences["conference_date"].to_list() == [D(2019, 9, 1)]
    assert report.tables["children"] == {"read": 5, "merged": 0, "set_aside": 4, "loaded": 1, "repaired": 0}


def test_icpc_not_required_and_an_unborn_child(tmp_path: Path) -> None:
    path = write_census(tmp_path / "cin.xml", cin_child(
        "K1", sex="<Sex>U</Sex>",
        birth="<ExpectedPersonBirthDate>2020-08-01</ExpectedPersonBirthDate>",
        details=(cin_details(section47("2020-01-06", None, "1"),
                             section47("2020-02-03", "2020-02-20", "FALSE"),
                             plan("2020-02-20", previous="")),)))
    do_import(tmp_path / "data", path)
    extract = load_extract(tmp_path / "data")
    assert extract.s47_enquiries.select("s47_start", "icpc_required", "icpc_date").rows() == [
        (D(2020, 1, 6), False, None), (D(2020, 2, 3), True, D(2020, 2, 20))]
    assert extract.cp_plans["previous_plans"].to_list() == [None]
    assert extract.children.rows() == [("K1", "U", None, D(2020, 8, 1), "WBRI", False)]


def test_a_plan_ending_after_the_reference_date_is_open_on_it(tmp_path: Path) -> None:
    path = write_census(tmp_path / "cin.xml", cin_child(
        "K1", details=(cin_details(plan("2019-05-20", "2020-04-15")),)))
    report = do_import(tmp_path / "data", path)
    assert issues(report.warnings) == [
        ("cin.xml", "/Message/Children/Child[1]/CINdetails[1]/ChildProtectionPlans[1]/CPPendDate",
         "CPPendDate", "2020-04-15",
         "CPPendDate is after the return's reference date, so the plan is open on that date and "
         "CPPendDate is dropped", "2020-03-31")]
    assert report.set_aside.is_empty()
    assert report.tables["cp_plans"]["repaired"] == 1
    extract = load_extract(tmp_path / "data")
    assert extract.cp_plans.select("plan_start", "plan_end").rows() == [(D(2019, 5, 20), None)]


def test_census_values_contradicting_their_record_are_repaired_with_their_warning(
        tmp_path: Path) -> None:
    k1 = cin_child("K1", details=(cin_details(
        section47("2019-05-01", "2020-04-03"),  # ICPC after the reference date: kept
        plan("2019-05-20", "2019-09-30", previous="-1", reviews=("2019-08-01",)),
        plan("2019-10-01", previous="two", reviews=("2020-04-20",))),))  # inside the open plan
    k2 = cin_child("K2", details=(cin_details(
        plan("2019-06-01", "2019-12-01", reviews=("2020-04-02",)),  # after the plan ended
        plan("2020-01-01", initial="XXX", reviews=("2020-04-03",))),))  # plan set aside
    report = do_import(tmp_path / "data", write_census(tmp_path / "cin.xml", k1, k2))
    details = "/Message/Children/Child[{}]/CINdetails[1]"
    one, two = details.format(1), details.format(2)
    assert issues(report.warnings) == [
        ("cin.xml", f"{one}/ChildProtectionPlans[1]/NumberOfPreviousCPP", "NumberOfPreviousCPP",
         "-1", "NumberOfPreviousCPP is not a whole number, 0 or more, so it is dropped and "
         "worked out from the child's earlier plans", None),
        ("cin.xml", f"{one}/ChildProtectionPlans[2]/NumberOfPreviousCPP", "NumberOfPreviousCPP",
         "two", "NumberOfPreviousCPP is not a whole number, 0 or more, so it is dropped and "
         "worked out from the child's earlier plans", None),
        ("cin.xml", f"{one}/Section47[1]/DateOfInitialCPC", "DateOfInitialCPC", "2020-04-03",
         "DateOfInitialCPC is after the return's reference date but not before "
         "S47ActualStartDate, so it is kept", "2020-03-31"),
        ("cin.xml", f"{one}/ChildProtectionPlans[2]/Reviews/CPPreviewDate[1]", "CPPreviewDate",
         "2020-04-20", "CPPreviewDate is after the return's reference date but inside its plan, "
         "so it is kept", "2020-03-31"),
    ]
    after = "CPPreviewDate is after the return's reference date"
    assert issues(report.set_aside) == [
        ("cin.xml", f"{two}/ChildProtectionPlans[2]/InitialCategoryOfAbuse",
         "InitialCategoryOfAbuse", "XXX",
         "InitialCategoryOfAbuse must be NEG, PHY, SAB, EMO or MUL", None),
        ("cin.xml", f"{two}/ChildProtectionPlans[1]/Reviews/CPPreviewDate[1]", "CPPreviewDate",
         "2020-04-02", after, "2020-03-31"),
        ("cin.xml", f"{two}/ChildProtectionPlans[2]/Reviews/CPPreviewDate[1]", "CPPreviewDate",
         "2020-04-03", after, "2020-03-31"),
    ]
    assert report.tables["cp_plans"] == {"read": 4, "merged": 0, "set_aside": 1, "loaded": 3,
                                         "repaired": 2}
    assert report.tables["s47_enquiries"] == {"read": 1, "merged": 0, "set_aside": 0,
                                              "loaded": 1, "repaired": 1}
    assert report.tables["cp_conferences"] == {"read": 4, "merged": 0, "set_aside": 2,
                                               "loaded": 2, "repaired": 1}
    assert report.repairs().rows() == [("cp_plans", rules.PREVIOUS_PLANS_DROPPED, 2),
                                       ("s47_enquiries", rules.ICPC_AFTER_REFERENCE, 1),
                                       ("cp_conferences", rules.CONFERENCE_AFTER_REFERENCE, 1)]
    extract = load_extract(tmp_path / "data")
    assert extract.cp_plans.select("child_id", "plan_start", "previous_plans").rows() == [
        ("K1", D(2019, 5, 20), None), ("K1", D(2019, 10, 1), None), ("K2", D(2019, 6, 1), 0)]
    assert extract.s47_enquiries.select("s47_start", "icpc_date").rows() == [
        (D(2019, 5, 1), D(2020, 4, 3))]
    assert extract.cp_conferences.select("child_id", "conference_date").rows() == [
        ("K1", D(2019, 8, 1)), ("K1", D(2020, 4, 20))]


def test_stray_text_is_reported_where_it_lies(tmp_path: Path) -> None:
    text = census(cin_child("K1"), cin_child("K2")).replace(
        "<Children>", "<Children>oops").replace("</Child><Child>", "</Child>between<Child>", 1
                                                ).replace("<Ethnicity>", "eth<Ethnicity>", 1)
    path = tmp_path / "cin.xml"
    path.write_text(text.replace("</Header>", "</Header>after header"))
    report = do_import(tmp_path / "data", path)
    assert issues(report.warnings) == [
        ("cin.xml", "/Message/Children", "text before Child", "oops", rules.STRAY_TEXT, None),
        ("cin.xml", "/Message/Children/Child[1]/ChildCharacteristics", "text before Ethnicity",
         "eth", rules.STRAY_TEXT, None),
        ("cin.xml", "/Message/Children", "text after Child[1]", "between", rules.STRAY_TEXT,
         None),
        ("cin.xml", "/Message", "text after Header", "after header", rules.STRAY_TEXT, None),
    ]
    assert report.tables["children"]["loaded"] == 2


def test_the_header_year_lea_and_a_namespace(tmp_path: Path) -> None:
    path = tmp_path / "cin.xml"
    path.write_text(census(cin_child(), reference="", year="2020", lea="201").replace(
        "<Message>", '<Message xmlns="http://www.example.org/cin">'))
    report = do_import(tmp_path / "data", path)
    assert issues(report.warnings) == [
        ("cin.xml", "/Message/Header/CollectionDetails/ReferenceDate", "ReferenceDate", "",
         rules.REFERENCE_FROM_YEAR, "2020-03-31"),
        ("cin.xml", "/Message/Header/Source/LEA", "LEA", "201", rules.LEA_MISMATCH,
         "--la-code 841"),
    ]
    assert (report.inputs[0]["reference_date"], report.inputs[0]["year_from"]) == (
        "2020-03-31", "the header Year")
    assert report.tables["children"]["loaded"] == 1


# --- Several censuses and both collections --------------------------------------------------


def test_censuses_merge_by_child_and_plan(tmp_path: Path) -> None:
    first = write_census(
        tmp_path / "cin2020.xml",
        cin_child("K1", details=(cin_details(section47("2019-05-01", None),
                                             plan("2019-05-20", reviews=("2019-08-20",))),)),
        cin_child("K2", details=(cin_details(plan("2019-06-01", initial="PHY")),)),
        cin_child("K3", details=(cin_details(plan("2019-07-01")),)),
        cin_child("K5", details=(cin_details(plan("2020-01-01")),)))
    second = write_census(
        tmp_path / "cin2021.xml",
        cin_child("K1", details=(cin_details(
            section47("2019-05-01", "2019-05-20"),
            plan("2019-05-20", "2020-06-01", latest="EMO",
                 reviews=("2019-08-20", "2020-02-20"))),)),
        cin_child("K2", details=(cin_details(plan("2019-06-01", initial="NEG")),)),
        cin_child("K5", details=(cin_details(plan("2020-01-06", "2020-09-01")),)),
        reference="2021-03-31", year="2021")
    report = do_import(tmp_path / "data", second, first)
    extract = load_extract(tmp_path / "data")
    assert extract.cp_plans.select("plan_id", "plan_end", "initial_category",
                                   "latest_category").rows() == [
        ("K1-2019-05-20", D(2020, 6, 1), "NEG", "EMO"), ("K2-2019-06-01", None, "NEG", "NEG"),
        ("K3-2019-07-01", None, "NEG", "NEG"), ("K5-2020-01-06", D(2020, 9, 1), "NEG", "NEG")]
    assert extract.s47_enquiries.select("s47_id", "icpc_date").rows() == [
        ("K1-2019-05-01", D(2019, 5, 20))]
    assert extract.cp_conferences["conference_id"].to_list() == ["K1-2019-08-20",
                                                                 "K1-2020-02-20"]
    plans = "/CINdetails[1]/ChildProtectionPlans[1]"
    assert issues(report.set_aside) == [
        ("cin2020.xml", f"/Message/Children/Child[4]{plans}/CPPstartDate", "CPPstartDate",
         "2020-01-01", rules.SUPERSEDED,
         f"{second} /Message/Children/Child[3]{plans}/CPPstartDate"),
    ]
    assert issues(report.warnings) == [
        ("cin2020.xml", f"/Message/Children/Child[2]{plans}/InitialCategoryOfAbuse",
         "InitialCategoryOfAbuse", "PHY", rules.DIFFERS,
         f"{second} /Message/Children/Child[2]{plans}/InitialCategoryOfAbuse has NEG"),
        ("cin2020.xml", f"/Message/Children/Child[3]{plans}/CPPendDate", "CPPendDate", "",
         rules.OPEN_NOT_IN_NEXT, "the census 2021-03-31 return"),
    ]
    assert report.tables["cp_plans"] == {"read": 7, "merged": 2, "set_aside": 1, "loaded": 4, "repaired": 0}
    assert report.tables["cp_conferences"] == {"read": 3, "merged": 1, "set_aside": 0,
                                               "loaded": 2, "repaired": 0}


def test_a_child_repeated_in_one_census_is_set_aside(tmp_path: Path) -> None:
    path = write_census(tmp_path / "cin.xml", cin_child("K1"),
                        cin_child("K1", details=(cin_details(plan()),)))
    report = do_import(tmp_path / "data", path, ssda903=(
        write_return(tmp_path / "2019-20", [header()], [episode()]),))
    child = "/Message/Children/Child"
    assert issues(report.set_aside) == [
        ("cin.xml", f"{child}[1]/ChildIdentifiers/LAchildID", "LAchildID", "K1",
         rules.REPEATED_IN_RETURN, None),
        ("cin.xml", f"{child}[2]/ChildIdentifiers/LAchildID", "LAchildID", "K1",
         rules.REPEATED_IN_RETURN, None),
        ("cin.xml", f"{child}[2]/CINdetails[1]/ChildProtectionPlans[1]", "LAchildID", "K1",
         rules.CHILD_SET_ASIDE, None),
    ]


def test_a_child_in_both_collections_is_one_child(tmp_path: Path) -> None:
    lac = write_return(tmp_path / "2019-20", [header("C1", sex="2", ethnic="WIRI")],
                       [episode("01/09/2019")])
    cin = write_census(tmp_path / "cin2020.xml", cin_child(
        "C1", sex="<Sex>M</Sex>", disabilities=("AUT",),
        details=(cin_details(plan("2019-05-20", "2019-09-01")),)))
    later = write_census(tmp_path / "cin2021.xml", cin_child("C1", ethnicity="WBRI"),
                         reference="2021-03-31", year="2021")
    report = do_import(tmp_path / "data", cin, later, ssda903=(lac,))
    extract = load_extract(tmp_path / "data")
    assert extract.children.rows() == [("C1", "F", D(2012, 5, 1), None, "WBRI", False)]
    assert (extract.lac_episodes.height, extract.cp_plans.height) == (1, 1)
    assert [i["label"] for i in report.inputs] == ["census 2020-03-31", "2019-20",
                                                   "census 2021-03-31"]
    ids = "/Message/Children/Child[1]/ChildIdentifiers"
    assert issues(report.warnings) == [
        ("header.csv", None, "ETHNIC", "WIRI", rules.DIFFERS,
         f"{later} /Message/Children/Child[1]/ChildCharacteristics/Ethnicity has WBRI"),
        ("header.csv", None, "DOB", "17/05/2010", rules.DIFFERS,
         f"{later} {ids}/PersonBirthDate has 2012-05-01"),
        ("cin2020.xml", f"{ids}/Sex", "Sex", "M", rules.DIFFERS, f"{later} {ids}/Sex has F"),
    ]
    assert report.warnings["line"].to_list()[:2] == [2, 2]


# --- Whole input refused ---------------------------------------------------------------------


def refused(tmp_path: Path, path: Path, megabytes: int | None = None) -> str:
    """stderr of an import of the census ``path`` that must be refused with exit status 2 and
    write nothing."""
    stderr = refusal("import", "--cin", str(path), "--la-code", "841", "--out",
                     str(tmp_path / "data"), megabytes=megabytes)
    assert not (tmp_path / "data").exists()
    return stderr


def test_every_table_s_rows_read_are_merged_set_aside_or_loaded(tmp_path: Path) -> None:
    """Two SSDA903 years, two censuses and a population file, with rows merged, set aside and
    repaired in every table: each row read is counted once, and the loaded rows are the rows
    written."""
    first = write_return(tmp_path / "903" / "2018-19", [header("C1")],
                         [episode("01/03/2019", child="C1")], [review("20/03/2019", child="C1")])
    second = write_return(
        tmp_path / "903" / "2019-20",
        [header("C1"), header("C2", sex="3"), header("C3")],
        [episode("01/03/2019", child="C1"),             # line 2: merged with 2018-19's
         episode("01/06/2019", child="C2"),             # line 3: its child is set aside
         episode("01/07/2019", child="C3", ls="XX"),    # line 4: set aside
         episode("01/08/2019", child="C3", rec="E11")],  # line 5: repaired
        [review(child="C1"), review("", child="C1"),    # the second set aside
         review("15/04/2020", child="C3")])             # repaired (inside C3's open episode)
    earlier = write_census(tmp_path / "cin2019.xml", cin_child("K1", details=(cin_details(
        section47("2018-05-01", "2018-05-20"), plan("2018-06-01", reviews=("2018-09-01",))),)),
        reference="2019-03-31", year="2019")
    later = write_census(tmp_path / "cin2020.xml", cin_child("K1", details=(cin_details(
        section47("2019-10-01", "2020-04-02"),          # repaired: ICPC kept
        section47("2019-11-01", None, "maybe"),         # set aside
        plan("2018-06-01", "2019-06-01", previous="x",  # merged, and repaired
             reviews=("2018-09-01", "2019-03-01", "2020-04-05"))),)),  # merged, -, set aside
        cin_child("", details=(cin_details(plan("2019-06-01")),)))  # no child: both set aside
    population = tmp_path / "population.csv"
    population.write_text("mid_year,age,population\n2019,,30000\n2020,,x\n", encoding="utf-8")
    report = import_returns(ssda903=[first, second], cin=[earlier, later], population=population,
                            la_code="841", out=tmp_path / "data")
    assert report.tables == {
        "children": {"read": 7, "merged": 2, "set_aside": 2, "loaded": 3, "repaired": 0},
        "lac_episodes": {"read": 5, "merged": 1, "set_aside": 2, "loaded": 2, "repaired": 1},
        "lac_reviews": {"read": 4, "merged": 0, "set_aside": 1, "loaded": 3, "repaired": 1},
        "cp_plans": {"read": 3, "merged": 1, "set_aside": 1, "loaded": 1, "repaired": 1},
        "s47_enquiries": {"read": 3, "merged": 0, "set_aside": 1, "loaded": 2, "repaired": 1},
        "cp_conferences": {"read": 4, "merged": 1, "set_aside": 1, "loaded": 2, "repaired": 0},
        "population": {"read": 2, "merged": 0, "set_aside": 1, "loaded": 1, "repaired": 0},
    }
    extract = load_extract(tmp_path / "data")
    for table, counts in report.tables.items():
        assert counts["read"] == counts["merged"] + counts["set_aside"] + counts["loaded"], table
        assert getattr(extract, table).height == counts["loaded"], table


def test_a_truncated_file_refuses_the_import(tmp_path: Path) -> None:
    path = tmp_path / "cin.xml"
    text = census(cin_child("K1"), cin_child("K2"))
    path.write_text(text[:text.index("<Child>", text.index("<Child>") + 1)])
    line, column = 2, len(path.read_text().splitlines()[1])
    assert refused(tmp_path, path) == (f"{path}: the XML is cut short or malformed (no "
                                               f"element found: line {line}, column {column})\n")


def test_a_file_that_is_not_utf8_refuses_the_import(tmp_path: Path) -> None:
    path = tmp_path / "cin.xml"
    path.write_bytes(census(cin_child("K\xe9")).encode("cp1252"))
    assert refused(tmp_path, path) == (f"{path}: not UTF-8 text (byte 0xE9 on line 2); "
                                               "save it as UTF-8 and import again\n")


def test_a_file_in_a_declared_encoding_is_read(tmp_path: Path) -> None:
    path = tmp_path / "cin.xml"
    path.write_bytes(census(cin_child("K\xe9")).replace('encoding="UTF-8"', 'encoding="ISO-8859-1"')
                     .encode("latin-1"))
    do_import(tmp_path / "data", path)
    assert load_extract(tmp_path / "data").children["child_id"].to_list() == ["K\xe9"]


def test_empty_and_foreign_files_refuse_the_import(tmp_path: Path) -> None:
    empty = tmp_path / "empty.xml"
    empty.write_text("")
    assert refused(tmp_path, empty) == f"{empty}: the file is empty\n"
    other = tmp_path / "other.xml"
    other.write_text("<Return><Children/></Return>")
    assert refused(tmp_path, other) == (f"{other}: not a CIN census (the root element is "
                                                "<Return>, not <Message>)\n")
    headless = tmp_path / "headless.xml"
    headless.write_text("<Message><Children><Child/></Children></Message>")
    assert refused(tmp_path, headless) == (f"{headless}: the census header has no usable "
                                                   "ReferenceDate or Year, so the census year is "
                                                   "unknown\n")
    childless = tmp_path / "childless.xml"
    childless.write_text(census().replace("<Children></Children>", ""))
    assert refused(tmp_path, childless) == (f"{childless}: no <Children> element, so not a "
                                                    "CIN census\n")
    missing = tmp_path / "missing.xml"
    assert refused(tmp_path, missing) == f"{missing}: no such file\n"


# --- Hostile censuses: refused with the path and the rule, never a traceback -----------------


@pytest.mark.parametrize(("reference", "year", "element"), [
    ("9999-12-31", "2020", "ReferenceDate"), ("0001-01-01", "2020", "ReferenceDate"),
    ("", "9999", "Year"), ("", "0001", "Year")])
def test_a_census_date_no_return_can_describe_is_refused(tmp_path: Path, reference: str,
                                                         year: str, element: str) -> None:
    path = write_census(tmp_path / "cin.xml", cin_child(), reference=reference, year=year)
    value = reference or year
    assert refused(tmp_path, path) == (
        f"{path} /Message/Header/CollectionDetails/{element}, {element} '{value}': "
        f"{rules.YEAR_RANGE} ({current_year()})\n")


def test_deep_nesting_is_refused_at_the_limit(tmp_path: Path) -> None:
    path = tmp_path / "cin.xml"
    nested = "<a>" * 200_000 + "</a>" * 200_000
    path.write_text(census(cin_child()).replace("</Header>", f"{nested}</Header>"))
    deepest = "/Message/Header" + "/a" * (rules.DEEPEST - 1)
    assert refused(tmp_path, path, megabytes=8) == (
        f"{path} {deepest}: {rules.TOO_DEEP}\n")


@pytest.mark.parametrize(("where", "path", "field"), [
    ("<Ethnicity>", f"{CHILD_1}/ChildCharacteristics/Ethnicity", "Ethnicity"),
    ("</Header>", "/Message", "text after Header")])
def test_a_text_of_tens_of_megabytes_is_refused_without_being_held(
        tmp_path: Path, where: str, path: str, field: str) -> None:
    before, after = census(cin_child(ethnicity="")).split(where)
    census_path = write_huge(tmp_path / "cin.xml", before + where, 30, after)
    assert refused(tmp_path, census_path, megabytes=8) == (
        f"{census_path} {path}, {field} '{'x' * 40}…': {rules.TOO_LONG}\n")


def test_an_element_name_longer_than_the_limit_is_refused(tmp_path: Path) -> None:
    name = "Z" * (rules.LONGEST + 1)
    path = write_census(tmp_path / "cin.xml", cin_child(details=(f"<{name}/>",)))
    assert refused(tmp_path, path) == (
        f"{path} {CHILD_1}, element name '{'Z' * 40}…': {rules.TOO_LONG}\n")
