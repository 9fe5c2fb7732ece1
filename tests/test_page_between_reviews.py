"""The Between reviews and other duties page under AppTest: the IRO's contact before and
between reviews and permanence at the second review (tiles and yearly tables, filtered like
looked-after reviews), the other reviews by type and their timeliness, training, panels and
audits by year, and feedback by respondent and by year (for the whole service, said so under a
filter) all equal the engine's figures; the public sees small counts as c; a v1 extract without
the footprint's tables and columns says so plainly for each section."""

from functools import cache
from pathlib import Path

import polars as pl
from helpers import OpenPage, change, table, tables, tiles, write_v1_demo

from iro_metrics.contract.extract import Extract
from iro_metrics.contract.loader import load_extract
from iro_metrics.indicators.engine import Filters, compute
from iro_metrics.indicators.periods import Period, reporting_year
from iro_metrics.indicators.registry import BY_ID
from iro_metrics.present.formatting import format_number, format_value
from iro_metrics.present.report_tables import years_up_to
from iro_metrics.present.view import YEARS_SHOWN, first_full_year

ALL = Filters()
CHILD_TILES = ("iro_contact_before_review", "iro_midway_checks", "permanence_at_second_review")
SERVICE_TILES = ("other_reviews_held", "other_reviews_timely", "training_sessions",
                 "training_attendees", "panels_attended", "audits_completed",
                 "feedback_listened_to", "feedback_helpful")
CONTACT = {"iro_contact_before_review": "Child seen before the review",
           "iro_midway_checks": "Midway check"}
FEEDBACK = {"feedback_listened_to": "Felt listened to",
            "feedback_helpful": "Said the meeting helped"}
TYPES = {"foster carer": "Foster carer reviews", "adoption": "Adoption reviews",
         "disruption": "Disruption meetings", "secure": "Secure accommodation reviews"}
RESPONDENTS = {"child": "Children", "parent": "Parents", "carer": "Carers",
               "professional": "Professionals"}
WHOLE_SERVICE = ("The other reviews, the unit's training, panels and audits, and feedback are "
                 "counted for the whole service: the filters do not apply to them.")


@cache
def demo(directory: Path) -> Extract:
    return load_extract(directory)


def engine(directory: Path, period: Period, filters: Filters = ALL,
           by: str | None = None) -> pl.DataFrame:
    return compute(demo(directory), period, by=by, filters=filters)


def headline(directory: Path, period: Period, filters: Filters = ALL) -> dict[str, dict]:
    return {r["indicator_id"]: r for r in engine(directory, period, filters).iter_rows(named=True)}


def shown_tiles(directory: Path, period: Period, ids: tuple[str, ...],
                filters: Filters = ALL) -> dict[str, str]:
    rows = headline(directory, period, filters)
    return {BY_ID[i].label: format_value(rows[i]["value"], BY_ID[i]) for i in ids}


def years(directory: Path, period: Period) -> list[Period]:
    return years_up_to(period.end, first_full_year(demo(directory)), YEARS_SHOWN)


def proportions(directory: Path, period: Period, series: dict[str, str],
                filters: Filters = ALL) -> list[list[str]]:
    """A yearly proportion table as shown: year, series, value, numerator, denominator and 95%
    limits."""
    out = []
    for year in years(directory, period):
        rows = headline(directory, year, filters)
        for indicator_id, name in series.items():
            row, decimals = rows[indicator_id], BY_ID[indicator_id].decimals
            out.append([year.label, name, format_number(row["value"], decimals),
                        format_number(row["numerator"]), format_number(row["denominator"]),
                        format_number(row["lower_95"], decimals),
                        format_number(row["upper_95"], decimals)])
    return out


def assert_page(at, directory: Path, period: Period, filters: Filters = ALL) -> None:
    """Every figure on the page for ``period``: the child footprint under ``filters``, the
    rest for the whole service."""
    assert not at.exception, [e.value for e in at.exception]
    shown = tiles(at)
    assert {BY_ID[i].label: shown[BY_ID[i].label] for i in CHILD_TILES} == shown_tiles(
        directory, period, CHILD_TILES, filters)
    assert {BY_ID[i].label: shown[BY_ID[i].label] for i in SERVICE_TILES} == shown_tiles(
        directory, period, SERVICE_TILES)
    assert table(at, "Share of reviews (%)").values.tolist() == proportions(
        directory, period, CONTACT, filters)
    permanence = table(at, "Confirmed a permanence plan (%)").values.tolist()
    assert permanence == [
        [year.label, format_number(row["denominator"]), format_number(row["numerator"]),
         format_value(row["value"], BY_ID["permanence_at_second_review"])]
        for year in years(directory, period)
        for row in [headline(directory, year, filters)["permanence_at_second_review"]]]
    by_type = {r["group"]: r for r in engine(directory, period, by="review_type").filter(
        pl.col("indicator_id") == "other_reviews_held").iter_rows(named=True)}
    assert table(at, "Reviews held").values.tolist() == [
        [name, format_number(by_type[group]["numerator"] if group in by_type else 0)]
        for group, name in TYPES.items()]
    timely = engine(directory, period, by="review_type").filter(
        pl.col("indicator_id") == "other_reviews_timely", pl.col("denominator") > 0)
    assert table(at, "Held on time (%)").values.tolist() == [
        [TYPES[r["group"]], format_number(r["value"], 1), format_number(r["numerator"]),
         format_number(r["denominator"]), format_number(r["lower_95"], 1),
         format_number(r["upper_95"], 1)] for r in timely.iter_rows(named=True)]
    assert table(at, "Case audits").values.tolist() == [
        [year.label, *(format_number(rows[i]["value"]) for i in
                       ("training_sessions", "panels_attended", "audits_completed"))]
        for year in years(directory, period) for rows in [headline(directory, year)]]
    listened = engine(directory, period, by="respondent").filter(
        pl.col("indicator_id") == "feedback_listened_to")
    assert table(at, "Felt listened to (%)").values.tolist() == [
        [RESPONDENTS[r["group"]],
         format_number(r["value"], 1), format_number(r["numerator"]),
         format_number(r["denominator"]), format_number(r["lower_95"], 1),
         format_number(r["upper_95"], 1)] for r in listened.iter_rows(named=True)]
    assert table(at, "Agreed (%)").values.tolist() == proportions(directory, period, FEEDBACK)


def test_default_view(open_page: OpenPage, demo_dir: Path) -> None:
    at = open_page("between_reviews")
    assert at.title[0].value == "Between reviews and other duties"
    assert_page(at, demo_dir, reporting_year(2020))
    assert not any(w.value == WHOLE_SERVICE for w in at.warning)
    rows = headline(demo_dir, reporting_year(2020))
    titles = [h.value for h in at.header]
    contact, midway = (format_value(rows[i]["value"], BY_ID[i]) for i in CONTACT)
    assert (f"In 2020-21, the IRO saw or spoke with the child before {contact} of reviews, and "
            f"checked progress midway before {midway} of later reviews") in titles


def test_year_change(open_page: OpenPage, demo_dir: Path) -> None:
    at = open_page("between_reviews")
    change(at, "year", "2019-20")
    assert_page(at, demo_dir, reporting_year(2019))
    assert tiles(at)[BY_ID["training_sessions"].label] == "12"  # the annual report's figures
    assert tiles(at)[BY_ID["panels_attended"].label] == "14"


def test_demographic_filter_applies_to_the_children_only(open_page: OpenPage,
                                                         demo_dir: Path) -> None:
    at = open_page("between_reviews", query={"year": "2019-20", "sex": "Girls"})
    assert_page(at, demo_dir, reporting_year(2019), Filters(sex=("F",)))
    assert any(w.value == WHOLE_SERVICE for w in at.warning)
    assert tiles(at)[BY_ID["iro_contact_before_review"].label] != format_value(
        headline(demo_dir, reporting_year(2019))["iro_contact_before_review"]["value"],
        BY_ID["iro_contact_before_review"])


def test_public_view_hides_small_counts(open_page: OpenPage) -> None:
    at = open_page("between_reviews", query={"year": "2020-21"}, audience="public")
    assert not at.exception, [e.value for e in at.exception]
    held = dict(table(at, "Reviews held").values.tolist())
    # The demo's 2020-21: 2 adoption reviews and 3 secure accommodation reviews.
    assert held["Adoption reviews"] == "c" and held["Secure accommodation reviews"] == "c"
    assert held["Foster carer reviews"] not in ("c", "x")


def test_v1_extract_says_what_is_missing(open_page: OpenPage, tmp_path: Path) -> None:
    at = open_page("between_reviews", data_dir=write_v1_demo(tmp_path / "v1"))
    assert not at.exception, [e.value for e in at.exception]
    messages = [i.value for i in at.info]
    for table_name in ("iro_activity", "other_reviews", "service_activity", "feedback"):
        assert any(f"(the `{table_name}` table)" in m and "cannot be shown" in m
                   for m in messages), table_name
    assert any("permanence_plan" in m for m in messages)
    assert not at.metric and not tables(at)
