"""The IRO footprint and the service's other duties (indicators.md v1.3) through ``compute`` on
small hand-built data directories; every expected figure is worked out by hand in the comments.
Period: the 2019-20 reporting year (1 April 2019 to 31 March 2020)."""

from pathlib import Path

import polars as pl
import pytest
from extract_builders import D, Row, activity, child, episode, other_review, response, review, service
from helpers import EMPTY, Y2019, count, headline, load, rows, run_cli, share

from iro_metrics.contract.extract import Extract
from iro_metrics.indicators.engine import compute
from iro_metrics.indicators.registry import BY_ID, FOOTPRINT, INDICATORS
from iro_metrics.present.disclosure import protect_indicators

FOOTPRINT_IDS = [indicator.id for indicator in FOOTPRINT]
START = D(2019, 4, 1)  # a Monday: each period of care below starts then (reason S, start shown)


def contact_tables() -> dict[str, list[Row]]:
    """Child A (girl, 9) reviewed three times in one period of care; child B (boy, 2, PN0) twice;
    child G (boy, 9) once in a period of care that ends on 1 June and once after it."""
    return {
        "children": [child("A"), child("B", sex="M", date_of_birth=D(2017, 6, 1)),
                     child("G", sex="M")],
        "lac_episodes": [episode(START, None, child_id="A"), episode(START, None, child_id="B"),
                         episode(START, D(2019, 6, 1), child_id="G")],
        "lac_reviews": [
            review(D(2019, 4, 26), child_id="A"),  # A1: first of the period
            review(D(2019, 7, 20), child_id="A"),  # A2
            review(D(2019, 12, 20), child_id="A"),  # A3
            review(D(2019, 4, 25), "PN0", child_id="B"),  # B1: first, PN0
            review(D(2019, 7, 10), "PN0", child_id="B"),  # B2: PN0
            review(D(2019, 5, 1), child_id="G"),  # G1: first
            review(D(2019, 9, 1), child_id="G"),  # G2: outside every period of care
        ],
        "iro_staff": [],
        "iro_activity": [
            # Before A's period of care began: not before A1, its first review.
            activity("a1", "A", iro_id=None, activity_date=D(2019, 3, 30)),
            # Consultation is not contact with the child.
            activity("a2", "A", iro_id=None, activity_date=D(2019, 4, 20),
                     activity_type="CONSULTATION"),
            # On A2's date: counts for A2; on the previous review's date for A3, so not for A3.
            activity("a3", "A", iro_id=None, activity_date=D(2019, 7, 20),
                     activity_type="PRE_REVIEW_CONTACT"),
            # A midway check on A2's own date: neither before A2 nor after it.
            activity("a4", "A", iro_id=None, activity_date=D(2019, 7, 20),
                     activity_type="MIDWAY_CHECK"),
            # Between A2 and A3: A3's midway check.
            activity("a5", "A", iro_id=None, activity_date=D(2019, 10, 1),
                     activity_type="MIDWAY_CHECK"),
            # B's visit before B2 (PN0: not in the contact denominator) and midway check.
            activity("b1", "B", iro_id=None, activity_date=D(2019, 7, 1)),
            activity("b2", "B", iro_id=None, activity_date=D(2019, 5, 15),
                     activity_type="MIDWAY_CHECK"),
            # On G's period's first day: counts for G1, its first review.
            activity("g1", "G", iro_id=None, activity_date=START),
            # Before G2, which lies outside care and is judged by neither indicator.
            activity("g2", "G", iro_id=None, activity_date=D(2019, 8, 20)),
            activity("g3", "G", iro_id=None, activity_date=D(2019, 8, 21),
                     activity_type="MIDWAY_CHECK"),
        ],
    }


@pytest.fixture
def contact(tmp_path: Path) -> Extract:
    tables = contact_tables()
    del tables["iro_staff"]
    return load(tmp_path, **tables)


def test_contact_before_review(contact: Extract) -> None:
    """Denominator: A1, A2, A3 and G1 (B's are PN0, G2 is outside care) = 4.
    Numerator: A2 (contact on its date) and G1 (visit on the period's first day) = 2."""
    assert headline(contact, Y2019, "iro_contact_before_review") == share(2, 4)


def test_midway_checks(contact: Extract) -> None:
    """Denominator: reviews after the first of their period: A2, A3, B2 = 3 (G2 is in none).
    Numerator: A3 (check on 1 Oct) and B2 (check on 15 May) = 2; the check on A2's date counts
    for neither A2 nor A3."""
    assert headline(contact, Y2019, "iro_midway_checks") == share(2, 3)


def test_footprint_breakdown_by_sex_adds_up(contact: Extract) -> None:
    """Girls: A1-A3 (contact 1 of 3; midway 1 of 2). Boys: G1 (contact 1 of 1), B2 (midway
    1 of 1)."""
    assert rows(contact, Y2019, "iro_contact_before_review", by="sex") == {
        "F": share(1, 3), "M": share(1, 1)}
    assert rows(contact, Y2019, "iro_midway_checks", by="sex") == {
        "F": share(1, 2), "M": share(1, 1)}


def test_footprint_breaks_down_by_legal_status_on_the_review_date(contact: Extract) -> None:
    """Every episode is C2 (a care order): contact 2 of 4 all under care orders; G2 lies in no
    episode (legal status unknown) and in neither the numerator nor the denominator."""
    assert rows(contact, Y2019, "iro_contact_before_review", by="legal_status_group") == {
        "care order": share(2, 4), "unknown": share(0, 0)}


def test_contact_and_midway_share_the_reviews_family() -> None:
    """Disclosure control hides them with the reviews held, whose counts they subtract from."""
    family = BY_ID["lac_reviews_held"].family
    assert BY_ID["iro_contact_before_review"].family == family
    assert BY_ID["iro_midway_checks"].family == family
    assert BY_ID["permanence_at_second_review"].family != family


def test_without_iro_activity_contact_and_midway_are_empty(tmp_path: Path) -> None:
    tables = contact_tables()
    del tables["iro_activity"], tables["iro_staff"]
    extract = load(tmp_path, **tables)
    assert headline(extract, Y2019, "iro_contact_before_review") == EMPTY
    assert headline(extract, Y2019, "iro_midway_checks") == EMPTY


# --- Permanence at the second review ---------------------------------------------------------


def permanence_tables(with_column: bool = True) -> dict[str, list[Row]]:
    """Four children each with two reviews; only the second reviews of periods whose start is
    shown count. Without ``with_column`` the lac_reviews file has no permanence_plan column."""
    def second(day: D, child_id: str, plan: bool | None) -> Row:
        return (review(day, child_id=child_id, permanence_plan=plan) if with_column
                else review(day, child_id=child_id))

    return {
        "children": [child(name) for name in ("A", "F", "N", "Q")],
        "lac_episodes": [episode(START, None, child_id="A"), episode(START, None, child_id="F"),
                         episode(START, None, child_id="N", reason_new_episode="P"),
                         episode(START, None, child_id="Q")],
        "lac_reviews": [
            review(D(2019, 4, 26), child_id="A"), second(D(2019, 7, 20), "A", True),
            review(D(2019, 4, 26), child_id="F"), second(D(2019, 7, 22), "F", False),
            # N's start is not shown (first episode P): its second review is not counted.
            review(D(2019, 5, 1), child_id="N"), second(D(2019, 8, 1), "N", True),
            # Q's second review has no permanence plan recorded: left out.
            review(D(2019, 4, 20), child_id="Q"), second(D(2019, 7, 15), "Q", None),
        ],
    }


def test_permanence_at_second_review(tmp_path: Path) -> None:
    """Numerator: A (true) = 1; denominator: A and F (Q null, N's start not shown) = 2."""
    extract = load(tmp_path, **permanence_tables())
    assert headline(extract, Y2019, "permanence_at_second_review") == share(1, 2)


def test_permanence_without_its_column_is_empty(tmp_path: Path) -> None:
    extract = load(tmp_path, **permanence_tables(with_column=False))
    assert "permanence_plan" not in extract.table("lac_reviews").columns
    assert headline(extract, Y2019, "permanence_at_second_review") == EMPTY
    assert headline(extract, Y2019, "lac_reviews_held") == count(8)


# --- Other statutory reviews -----------------------------------------------------------------


@pytest.fixture
def others(tmp_path: Path) -> Extract:
    return load(tmp_path, children=[child("C1")],
                lac_episodes=[episode(START, None)],
                other_reviews=[
                    other_review("O1"),  # foster carer, 1 May, due 31 May: on time
                    other_review("O2", review_type="ADOPTION", review_date=D(2019, 6, 10),
                                 due_date=D(2019, 6, 1), child_id="C1"),  # late
                    other_review("O3", review_type="DISRUPTION", review_date=D(2019, 7, 1),
                                 due_date=None, child_id="C1"),  # held, not judged
                    other_review("O4", review_type="SECURE", review_date=D(2019, 3, 31),
                                 child_id="C1"),  # before the period
                    other_review("O5", review_date=D(2019, 8, 1),
                                 due_date=D(2019, 8, 1)),  # on its due date: on time
                ])


def test_other_reviews_held_and_timely(others: Extract) -> None:
    """Held: O1, O2, O3, O5 = 4. Timely: O1 and O5 of the three with a due date."""
    assert headline(others, Y2019, "other_reviews_held") == count(4)
    assert headline(others, Y2019, "other_reviews_timely") == share(2, 3)


def test_other_reviews_by_type_add_up(others: Extract) -> None:
    """Foster carer: O1, O5; adoption: O2 (late); disruption: O3 (no due date, so an empty
    percentage); no secure review in the period, so no row."""
    assert rows(others, Y2019, "other_reviews_held", by="review_type") == {
        "foster carer": count(2), "adoption": count(1), "disruption": count(1)}
    assert rows(others, Y2019, "other_reviews_timely", by="review_type") == {
        "foster carer": share(2, 2), "adoption": share(0, 1), "disruption": share(0, 0)}


# --- Service activity ------------------------------------------------------------------------


@pytest.fixture
def services(tmp_path: Path) -> Extract:
    return load(tmp_path, children=[child("C1")], lac_episodes=[episode(START, None)],
                service_activity=[
                    service(),  # 3 June: 2 training sessions, 14 attendees
                    service(activity_date=D(2019, 9, 10), sessions=1, attendees=None),
                    service("PANEL", sessions=3),
                    service("AUDIT", activity_date=D(2019, 11, 11), sessions=4),
                    service("OBSERVATION", activity_date=D(2019, 12, 12), sessions=1),
                    service(activity_date=D(2020, 4, 1), sessions=5, attendees=50),  # after
                ])


def test_service_activity_sums_sessions_and_attendees(services: Extract) -> None:
    """Training sessions 2 + 1 = 3; attendees 14 + 0 (empty) = 14; panels 3; audits 4; the
    observation counts in none; the April 2020 training is after the period."""
    assert headline(services, Y2019, "training_sessions") == count(3)
    assert headline(services, Y2019, "training_attendees") == count(14)
    assert headline(services, Y2019, "panels_attended") == count(3)
    assert headline(services, Y2019, "audits_completed") == count(4)


def test_service_activity_has_no_breakdown(services: Extract) -> None:
    frame = compute(services, Y2019, by="sex", indicator_ids=["training_sessions",
                                                              "audits_completed"])
    assert frame.is_empty()


# --- Feedback --------------------------------------------------------------------------------


@pytest.fixture
def feedback(tmp_path: Path) -> Extract:
    return load(tmp_path, children=[child("C1")], lac_episodes=[episode(START, None)],
                feedback=[
                    response("F1"),  # child, LAC review: listened 5, helpful 4
                    response("F2", about="CP_CONFERENCE", listened_to=3, helpful=None),
                    response("F3", respondent="PARENT", about="CP_CONFERENCE", listened_to=None,
                             helpful=2),
                    response("F4", respondent="CARER", listened_to=4, helpful=5),
                    response("F5", respondent="PROFESSIONAL", feedback_date=D(2019, 3, 1)),
                ])


def test_feedback_leaves_out_unanswered_questions(feedback: Extract) -> None:
    """Listened to: F1 and F4 agree, of F1, F2, F4 (F3 did not answer) = 2 of 3.
    Helpful: F1 and F4 agree, of F1, F3, F4 (F2 did not answer) = 2 of 3. F5 is before the
    period."""
    assert headline(feedback, Y2019, "feedback_listened_to") == share(2, 3)
    assert headline(feedback, Y2019, "feedback_helpful") == share(2, 3)


def test_feedback_by_respondent_and_about_add_up(feedback: Extract) -> None:
    assert rows(feedback, Y2019, "feedback_listened_to", by="respondent") == {
        "child": share(1, 2), "parent": share(0, 0), "carer": share(1, 1)}
    assert rows(feedback, Y2019, "feedback_helpful", by="respondent") == {
        "child": share(1, 1), "parent": share(0, 1), "carer": share(1, 1)}
    assert rows(feedback, Y2019, "feedback_listened_to", by="about") == {
        "LAC review": share(2, 2), "CP conference": share(0, 1)}
    assert rows(feedback, Y2019, "feedback_helpful", by="about") == {
        "LAC review": share(2, 2), "CP conference": share(0, 1)}


# --- Absent tables, the command line and disclosure ------------------------------------------


def test_every_footprint_indicator_is_empty_without_its_tables(tmp_path: Path) -> None:
    extract = load(tmp_path, children=[child("C1")], lac_episodes=[episode(START, None)],
                   lac_reviews=[review(D(2019, 4, 26))])
    frame = compute(extract, Y2019, indicator_ids=FOOTPRINT_IDS)
    assert frame["indicator_id"].to_list() == FOOTPRINT_IDS
    assert frame.select("numerator", "denominator", "value").null_count().row(0) == (11, 11, 11)


def test_footprint_rows_follow_the_main_table() -> None:
    assert [i.id for i in INDICATORS[-len(FOOTPRINT):]] == [
        "iro_contact_before_review", "iro_midway_checks", "permanence_at_second_review",
        "other_reviews_held", "other_reviews_timely", "training_sessions",
        "training_attendees", "panels_attended", "audits_completed", "feedback_listened_to",
        "feedback_helpful"]


def cli_rows(extract: Extract, by: str) -> list[str]:
    """The contract's seven columns of ``indicators --period 2019-20 --by by``, row by row."""
    done = run_cli("indicators", "--data", str(extract.directory), "--period", "2019-20",
                   "--by", by)
    assert done.returncode == 0, done.stderr
    return [",".join(line.split(",")[:7]) for line in done.stdout.splitlines()[1:]]


@pytest.mark.parametrize(("by", "expected"), [
    ("review_type", ["other_reviews_held,2019-04-01,2020-03-31,foster carer,2,,2",
                     "other_reviews_held,2019-04-01,2020-03-31,adoption,1,,1",
                     "other_reviews_held,2019-04-01,2020-03-31,disruption,1,,1",
                     "other_reviews_timely,2019-04-01,2020-03-31,foster carer,2,2,100",
                     "other_reviews_timely,2019-04-01,2020-03-31,adoption,0,1,0",
                     "other_reviews_timely,2019-04-01,2020-03-31,disruption,0,0,"]),
])
def test_cli_by_review_type(others: Extract, by: str, expected: list[str]) -> None:
    assert cli_rows(others, by) == expected


@pytest.mark.parametrize(("by", "expected"), [
    ("respondent", ["feedback_listened_to,2019-04-01,2020-03-31,child,1,2,50",
                    "feedback_listened_to,2019-04-01,2020-03-31,parent,0,0,",
                    "feedback_listened_to,2019-04-01,2020-03-31,carer,1,1,100",
                    "feedback_helpful,2019-04-01,2020-03-31,child,1,1,100",
                    "feedback_helpful,2019-04-01,2020-03-31,parent,0,1,0",
                    "feedback_helpful,2019-04-01,2020-03-31,carer,1,1,100"]),
    ("about", ["feedback_listened_to,2019-04-01,2020-03-31,LAC review,2,2,100",
               "feedback_listened_to,2019-04-01,2020-03-31,CP conference,0,1,0",
               "feedback_helpful,2019-04-01,2020-03-31,LAC review,2,2,100",
               "feedback_helpful,2019-04-01,2020-03-31,CP conference,0,1,0"]),
])
def test_cli_by_respondent_and_about(feedback: Extract, by: str, expected: list[str]) -> None:
    assert cli_rows(feedback, by) == expected


def test_cli_prints_footprint_rows_last(services: Extract) -> None:
    done = run_cli("indicators", "--data", str(services.directory), "--period", "2019-20")
    lines = done.stdout.splitlines()[1:]
    assert [line.split(",")[0] for line in lines[-len(FOOTPRINT):]] == FOOTPRINT_IDS
    assert [",".join(line.split(",")[4:7]) for line in lines[-6:-2]] == [
        "3,,3", "14,,14", "3,,3", "4,,4"]


def test_session_counts_are_shown_and_people_counts_suppressed(services: Extract,
                                                               others: Extract) -> None:
    """Sessions (3 training, 3 panels, 4 audits) are not counts of people: shown as they are.
    14 attendances are above 5; 4 other reviews (foster carers, children) are suppressed."""
    public = protect_indicators(pl.concat([
        compute(services, Y2019, indicator_ids=["training_sessions", "training_attendees",
                                                "panels_attended", "audits_completed"]),
        compute(others, Y2019, indicator_ids=["other_reviews_held"]),
    ]))
    assert public["numerator"].to_list()[:4] == [3.0, 14.0, 3.0, 4.0]
    assert public["numerator"].is_nan().to_list() == [False, False, False, False, True]


def test_few_attendances_are_suppressed(tmp_path: Path) -> None:
    """Attendees are people (my reading in docs/spec-readings.md): 3 attendances are hidden."""
    extract = load(tmp_path, children=[child("C1")], lac_episodes=[episode(START, None)],
                   service_activity=[service(attendees=3)])
    public = protect_indicators(compute(extract, Y2019, indicator_ids=["training_sessions",
                                                                       "training_attendees"]))
    assert public["numerator"].to_list()[0] == 2.0
    assert public["numerator"].is_nan().to_list() == [False, True]
