"""Reviews by participation code (``iro_metrics.indicators.participation``) and the engine's
``review_units``: hand-built reviews with worked counts and shares, filters applied as the review
indicators apply them, and agreement with the registered indicators on the demo data. The codes
as shown (meanings, labels) are tested in ``test_participation_codes.py``."""

from pathlib import Path

import polars as pl
import pytest
from extract_builders import AUTHORITY, D, child, episode, review, write_extract

from iro_metrics.contract.codes import PARTICIPATION
from iro_metrics.contract.extract import Extract
from iro_metrics.contract.loader import load_extract
from iro_metrics.indicators.engine import Filters, compute, review_units
from iro_metrics.indicators.participation import CODES_SCHEMA, review_codes
from iro_metrics.indicators.periods import date_range, reporting_year

YEAR = reporting_year(2019)  # 1 April 2019 to 31 March 2020


@pytest.fixture
def extract(tmp_path: Path) -> Extract:
    """Three children in care from 2018: A (girl, born 2008), B (boy, born 2008) and C (girl,
    born 2018, so under 4 throughout). Reviews in 2019-20: A PN1, PN1, PN7; B PN5; C PN0, PN0.
    One review of A in March 2019 (PN2) lies before the year and is not counted."""
    children = [child("A", date_of_birth=D(2008, 1, 1)),
                child("B", sex="M", date_of_birth=D(2008, 1, 1)),
                child("C", date_of_birth=D(2018, 1, 1))]
    episodes = [episode(D(2018, 6, 1), None, child_id=cid) for cid in ("A", "B", "C")]
    reviews = [review(D(2019, 3, 1), "PN2", "A"), review(D(2019, 5, 1), "PN1", "A"),
               review(D(2019, 9, 1), "PN1", "A"), review(D(2020, 3, 1), "PN7", "A"),
               review(D(2019, 6, 1), "PN5", "B"),
               review(D(2019, 5, 1), "PN0", "C"), review(D(2019, 11, 1), "PN0", "C")]
    directory = write_extract(tmp_path / "codes", {
        "children": children, "lac_episodes": episodes, "lac_reviews": reviews},
        {**AUTHORITY, "extract_date": "2021-03-31"})
    return load_extract(directory)


def counts(codes: pl.DataFrame) -> dict[str, int]:
    return dict(zip(codes["code"], codes["reviews"], strict=True))


def shares(codes: pl.DataFrame) -> dict[str, float | None]:
    return dict(zip(codes["code"], codes["share"], strict=True))


def test_every_code_is_listed_in_order_with_zeros(extract: Extract) -> None:
    codes = review_codes(extract, YEAR)
    assert codes is not None
    assert codes.schema == pl.Schema(CODES_SCHEMA)
    assert codes["code"].to_list() == list(PARTICIPATION)
    assert counts(codes) == {"PN0": 2, "PN1": 2, "PN2": 0, "PN3": 0, "PN4": 0, "PN5": 1,
                             "PN6": 0, "PN7": 1}
    assert codes.filter(pl.col("took_part"))["code"].to_list() == [f"PN{i}" for i in range(1, 7)]
    assert codes.filter(~pl.col("aged_4_plus"))["code"].to_list() == ["PN0"]


def test_shares_are_of_reviews_of_children_aged_4_and_over(extract: Extract) -> None:
    # Four reviews of children aged 4 and over (PN1 x2, PN5, PN7): PN1 is 2 of 4 = 50%.
    got = shares(review_codes(extract, YEAR))
    assert got["PN0"] is None
    assert got["PN1"] == pytest.approx(50.0)
    assert got["PN5"] == pytest.approx(25.0)
    assert got["PN7"] == pytest.approx(25.0)
    assert got["PN2"] == 0.0


def test_filters_work_as_for_the_indicators(extract: Extract) -> None:
    boys = review_codes(extract, YEAR, Filters(sex=("M",)))
    assert counts(boys) == {**dict.fromkeys(PARTICIPATION, 0), "PN5": 1}
    assert shares(boys)["PN5"] == pytest.approx(100.0)
    under_one = review_codes(extract, YEAR, Filters(age_band=("1 to 4",)))
    assert counts(under_one)["PN0"] == 2 and sum(counts(under_one).values()) == 2
    assert all(share is None for share in shares(under_one).values())  # no reviews of 4+
    # A filter that does not apply to reviews leaves no figures, as for the indicators.
    assert review_codes(extract, YEAR, Filters(initial_category=("NEG",))) is None


def test_absent_reviews_table_gives_none(tmp_path: Path) -> None:
    directory = write_extract(tmp_path / "no-reviews", {
        "children": [child("A")], "lac_episodes": [episode(D(2018, 6, 1), None, "A")]})
    extract = load_extract(directory)
    assert review_units(extract, YEAR) is None
    assert review_codes(extract, YEAR) is None


def test_review_units_carry_the_breakdown_labels(extract: Extract) -> None:
    units = review_units(extract, YEAR, Filters(sex=("F",)))
    assert units is not None
    assert units.height == 5  # A's three and C's two
    assert {"child_id", "event_date", "participation_code", "age_band", "sex", "ethnic_group",
            "disability", "legal_status_group"} <= set(units.columns)
    assert set(units["sex"]) == {"F"}
    assert units["event_date"].is_between(YEAR.start, YEAR.end).all()


PARTICIPATION_IDS = ("lac_participation", "lac_views_conveyed")


@pytest.mark.parametrize(("codes", "took_part", "conveyed"), [
    # Four reviews where the child came but conveyed no view (PN4): each one taken part in,
    # none with the child's views conveyed.
    pytest.param(("PN4",) * 4, (4, 4, 100.0), (0, 4, 0.0), id="PN4-only"),
    # Three reviews the child did not attend and whose views were not shared (PN7): neither.
    pytest.param(("PN7",) * 3, (0, 3, 0.0), (0, 3, 0.0), id="PN7-only"),
    # PN1, PN3, PN4, PN5, PN6, PN7 and two PN0 (under 4, in neither denominator): took part
    # 5 of 6 (PN1, PN3, PN4, PN5, PN6), views conveyed 4 of 6 (PN4 left out).
    pytest.param(("PN1", "PN3", "PN4", "PN5", "PN6", "PN7", "PN0", "PN0"), (5, 6, 500 / 6),
                 (4, 6, 400 / 6), id="mix"),
])
def test_taking_part_and_views_conveyed(tmp_path: Path, codes: tuple[str, ...],
                                        took_part: tuple[int, int, float],
                                        conveyed: tuple[int, int, float]) -> None:
    # One child aged 10 for the PN1-PN7 codes and one aged 2 for PN0, both in care from 2018;
    # a review each month from April 2019.
    children = [child("OLD", date_of_birth=D(2009, 1, 1)),
                child("YOUNG", date_of_birth=D(2017, 6, 1))]
    episodes = [episode(D(2018, 6, 1), None, child_id=cid) for cid in ("OLD", "YOUNG")]
    reviews = [review(D(2019, 4 + month, 1), code, "YOUNG" if code == "PN0" else "OLD")
               for month, code in enumerate(codes)]
    directory = write_extract(tmp_path / "codes", {
        "children": children, "lac_episodes": episodes, "lac_reviews": reviews},
        {**AUTHORITY, "extract_date": "2021-03-31"})
    rows = {row["indicator_id"]: (row["numerator"], row["denominator"], row["value"])
            for row in compute(load_extract(directory), YEAR,
                               indicator_ids=PARTICIPATION_IDS).iter_rows(named=True)}
    assert rows == {"lac_participation": pytest.approx(took_part),
                    "lac_views_conveyed": pytest.approx(conveyed)}


@pytest.mark.parametrize("filters", [
    Filters(),
    Filters(age_band=("10 to 15", "16 and over")),
    Filters(sex=("F",), disability=("true",)),
    Filters(ethnic_group=("White",), legal_status_group=("care order",)),
])
@pytest.mark.parametrize("year", [2018, 2020])
def test_codes_reconcile_with_the_indicators_on_the_demo(demo_dir: Path, filters: Filters,
                                                         year: int) -> None:
    demo = load_extract(demo_dir)
    period = reporting_year(year)
    codes = review_codes(demo, period, filters)
    assert codes is not None
    rows = {row["indicator_id"]: row for row in compute(
        demo, period, filters=filters,
        indicator_ids=["lac_reviews_held", "lac_participation", "lac_reviews_under4",
                       "lac_views_conveyed"],
    ).iter_rows(named=True)}
    by_code = counts(codes)
    assert sum(by_code.values()) == rows["lac_reviews_held"]["numerator"]
    assert by_code["PN0"] == rows["lac_reviews_under4"]["numerator"]
    took_part = sum(by_code[f"PN{i}"] for i in range(1, 7))
    assert took_part == rows["lac_participation"]["numerator"]
    assert took_part + by_code["PN7"] == rows["lac_participation"]["denominator"]
    assert took_part - by_code["PN4"] == rows["lac_views_conveyed"]["numerator"]
    assert rows["lac_views_conveyed"]["denominator"] == rows["lac_participation"]["denominator"]
    older = codes.filter(pl.col("aged_4_plus"))
    assert older["share"].sum() == pytest.approx(100.0)


def test_review_units_period_bounds(extract: Extract) -> None:
    # 1 April to 1 May 2019, both ends inclusive: the reviews of A and C on 1 May count.
    units = review_units(extract, date_range(D(2019, 4, 1), D(2019, 5, 1)))
    assert units is not None
    assert sorted(units["participation_code"]) == ["PN0", "PN1"]
