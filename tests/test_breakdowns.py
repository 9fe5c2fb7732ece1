"""Breakdowns ready to show (``iro_metrics.present.breakdowns``) and finding titles
(``iro_metrics.present.findings``), on hand-made engine rows."""

import datetime as dt
import math

import polars as pl

from iro_metrics.indicators.demographics import AGE_BANDS
from iro_metrics.indicators.periods import reporting_year
from iro_metrics.indicators.workforce import ISSUE_NAMES, STAGE_NAMES
from iro_metrics.present.breakdowns import (
    every_group,
    group_counts,
    group_share_table,
    group_shares,
    known_range,
    largest,
    named_groups,
    share_table,
    with_rates,
)
from iro_metrics.present.findings import (
    caseload_finding,
    caseload_range_finding,
    change_phrase,
    dispute_finding,
    group_share_finding,
    interval_note,
    latest_change,
    latest_finding,
    looked_after_group_finding,
    models_used,
    month_movement,
    movement_between,
    part_of,
    plan_group_finding,
    staff_by_role,
    trend_finding,
    year_finding,
)


def _rows(found: dict[str, float]) -> pl.DataFrame:
    return pl.DataFrame({"group": list(found), "numerator": list(found.values())},
                        schema={"group": pl.String, "numerator": pl.Float64})


def test_every_group_in_order_with_zeros_and_shares() -> None:
    # 2 + 6 = 8 children: 25% and 75%; the other bands are real zeros.
    table = every_group(_rows({"5 to 9": 6.0, "Under 1": 2.0}), "age_band")
    assert table["group"].to_list() == list(AGE_BANDS)
    assert table["count"].to_list() == [0, 2, 0, 6, 0, 0]
    assert table["share"].to_list() == [0.0, 25.0, 0.0, 75.0, 0.0, 0.0]
    assert largest(table) == {"group": "5 to 9", "count": 6, "share": 75.0}


def test_a_filtered_dimension_lists_only_the_kept_groups() -> None:
    table = every_group(_rows({"F": 3.0}), "sex", shown=("U", "F"))
    assert table.to_dicts() == [{"group": "F", "count": 3, "share": 100.0},
                                {"group": "U", "count": 0, "share": 0.0}]


def test_no_children_gives_zero_counts_and_no_shares() -> None:
    table = every_group(_rows({}), "initial_category")
    assert table["count"].to_list() == [0] * 5
    assert table["share"].to_list() == [None] * 5
    assert largest(table) is None


def test_a_tie_names_the_first_group_in_order() -> None:
    table = every_group(_rows({"EMO": 4.0, "NEG": 4.0}), "initial_category")
    assert largest(table)["group"] == "NEG"


def test_change_phrases() -> None:
    assert change_phrase("Plans started", 180, 155) == "Plans started fell from 180 to 155"
    assert change_phrase("Plans started", 1155, 1180) == "Plans started rose from 1,155 to 1,180"
    assert change_phrase("Plans", 155, 155) == "Plans stayed at 155"
    # Compared as shown: 14.84% and 14.81% both show as 14.8%.
    assert change_phrase("Repeat plans", 14.84, 14.81, 1, "%") == "Repeat plans stayed at 14.8%"
    assert change_phrase("Repeat plans", 14.8, 21.43, 1, "%") == (
        "Repeat plans rose from 14.8% to 21.4%")
    assert change_phrase("Plans", None, 12) == "Plans: 12"
    assert change_phrase("Plans", 12, None) == "Plans: no figure"


def test_latest_change_compares_the_last_two_years() -> None:
    assert latest_change("Plans started", [150, 180, 155], "2020-21") == (
        "Plans started fell from 180 to 155 in 2020-21")
    assert latest_change("Plans started", [155], "2020-21") == "Plans started: 155 in 2020-21"


# --- breakdowns as shown --------------------------------------------------------------------

def _engine(rows: list[tuple[str, str, float | None]]) -> pl.DataFrame:
    """``compute`` rows broken down by one dimension: indicator, group, numerator (= value)."""
    return pl.DataFrame([{"indicator_id": i, "group": g, "numerator": n, "value": n}
                         for i, g, n in rows],
                        schema={"indicator_id": pl.String, "group": pl.String,
                                "numerator": pl.Float64, "value": pl.Float64})


SEX = _engine([("cp_count", "F", 3.0), ("cp_count", "M", 9.0), ("lac_count", "F", 50.0)])


def test_named_groups_with_labels() -> None:
    # 3 + 9 = 12 children on a plan: 25% girls, 75% boys, none not recorded (a real zero).
    table = named_groups(SEX, "cp_count", "sex", names={"F": "Girls", "M": "Boys"})
    assert table.select("group", "name", "count", "label").rows() == [
        ("M", "Boys", 9.0, "9 (75.0%)"), ("F", "Girls", 3.0, "3 (25.0%)"),
        ("U", "U", 0.0, "0 (0.0%)")]
    assert named_groups(SEX, "cp_count", "sex", shown=("F",))["name"].to_list() == ["F"]


def test_share_table_and_group_counts() -> None:
    table = named_groups(SEX, "cp_count", "sex", names={"F": "Girls", "M": "Boys"})
    shown = share_table(table, "Sex", "Children", "Share (%)")
    assert shown.columns == ["Sex", "Children", "Share (%)"]
    assert shown.rows() == [("Boys", "9", "75.0"), ("Girls", "3", "25.0"), ("U", "0", "0.0")]
    assert group_counts(table) == "Boys 9; Girls 3; U 0"
    disputes = pl.DataFrame({"name": ["Informal", "Stage 1"], "disputes": [1234.0, math.nan]})
    assert group_counts(disputes, "disputes") == "Informal 1,234; Stage 1 c"


def test_rates_beside_each_group() -> None:
    shown = pl.DataFrame({"Age band": ["Under 1", "1 to 4"]})
    frame = _engine([("cp_rate", "Under 1", 61.25), ("cp_count", "1 to 4", 30.0)])
    # A group without a rate row shows x; the rate has 1 decimal.
    assert with_rates(shown, frame, pl.Series(["Under 1", "1 to 4"]), "cp_rate",
                      "Rate").rows() == [("Under 1", "61.2"), ("1 to 4", "x")]
    assert with_rates(shown, frame.clear(), pl.Series(["Under 1"]), "cp_rate", "Rate").columns \
        == ["Age band"]


def test_known_range_leaves_out_suppressed_figures() -> None:
    assert known_range(pl.Series([12, 30, 7])) == (7, 30)
    assert known_range(pl.Series([12.0, math.nan, 7.0])) == (7.0, 12.0)
    assert known_range(pl.Series([math.nan])) == (None, None)


# --- findings -------------------------------------------------------------------------------

def _years(values: list[float | None]) -> list[dict]:
    """``year_rows``-shaped rows: one value a year from 2018-19."""
    return [{"year": reporting_year(2018 + i).label, "value": value}
            for i, value in enumerate(values)]


def test_year_finding_over_rows_by_year() -> None:
    assert year_finding("Plans started", _years([150, 180, 155])) == (
        "Plans started fell from 180 to 155 in 2020-21")
    assert year_finding("Repeat plans", _years([14.81, 21.43]), 1, "%") == (
        "Repeat plans rose from 14.8% to 21.4% in 2019-20")


def _series(labels: list[str], values: list[float]) -> pl.DataFrame:
    return pl.DataFrame({"year": [reporting_year(2014 + i).label for i in range(len(values))],
                         "series": "s", "value": values, "label": labels})


def test_trend_finding_compares_the_last_year_with_the_one_before_as_the_tile_does() -> None:
    template = "{value} of reviews were on time in {year}"
    assert trend_finding(template, _series(["84.7%", "90.0%", "89.3%"], [84.7, 90.0, 89.3])) == (
        "89.3% of reviews were on time in 2016-17, down from 90.0% in 2015-16")
    assert trend_finding(template, _series(["84.7%", "c"], [84.7, math.nan])) == (
        "c of reviews were on time in 2015-16, compared with 84.7% in 2014-15")
    assert trend_finding(template, _series(["89.3%"], [89.3])) == (
        "89.3% of reviews were on time in 2014-15")


def test_month_movement_over_the_last_year_as_the_tile_compares() -> None:
    ends = pl.date_range(dt.date(2020, 1, 1), dt.date(2021, 3, 1), "1mo", eager=True)
    months = pl.DataFrame({"month_end": ends.dt.month_end(),
                           "value": [150.0, 170.0, 199.0] + [250.0] * 11 + [240.0]})
    # The last month (March 2021) against the same month a year before (March 2020): 199 -> 240.
    assert month_movement("Children looked after", months) == (
        "Children looked after rose from 199 to 240 between March 2020 and March 2021")


def test_month_movement_from_the_first_to_the_last_month_within_a_year() -> None:
    months = pl.DataFrame({"value": [199.0, 250.0, 272.0]})
    assert month_movement("Children looked after", months) == (
        "Children looked after rose from 199 to 272")
    assert month_movement("Children looked after", months.clear()) == (
        "Children looked after stayed at 0")
    hidden = pl.DataFrame({"value": [math.nan, 7.0]})
    assert month_movement("Children looked after", hidden) == (
        "Children looked after went from c to 7")


def test_movement_between_the_first_and_last_year() -> None:
    assert movement_between("Children looked after", _series(["196", "250", "272"],
                                                             [196, 250, 272]), "span") == (
        "Children looked after rose from 196 to 272 between 2014-15 and 2016-17")
    assert movement_between("Children looked after", _series(["272"], [272]),
                            "2014-15") == "Children looked after, 2014-15"


def test_part_of() -> None:
    assert part_of(30, 87, "children", 34.4827) == "30 of 87 children (34.5%)"
    assert part_of(1200, 3400, "disputes") == "1,200 of 3,400 disputes"


def _groups(counts: dict[str, float]) -> pl.DataFrame:
    return named_groups(_engine([("cp_count", g, n) for g, n in counts.items()]), "cp_count",
                        "age_band")


def test_plan_group_finding() -> None:
    def who(group: str) -> str:
        return f"Children aged {group.lower()}"
    # 6 of 8 children aged 5 to 9 = 75.0%.
    table = _groups({"5 to 9": 6.0, "Under 1": 2.0})
    assert plan_group_finding(table, "Age band", "31 March 2021", who) == (
        "Children aged 5 to 9 were the largest group: 6 of 8 children (75.0%)")
    assert plan_group_finding(table, "Age band", "31 March 2021", who, most_common=True) == (
        "Children aged 5 to 9 was the most common category: 6 of 8 children (75.0%)")
    assert plan_group_finding(_groups({}), "Age band", "31 March 2021", who) == (
        "No children were on a plan on 31 March 2021")
    hidden = _groups({"5 to 9": math.nan})
    assert plan_group_finding(hidden, "Age band", "31 March 2021", who) == (
        "Children on a plan on 31 March 2021 by age band")


def _looked_after(counts: dict[str, float]) -> pl.DataFrame:
    total = sum(counts.values())
    return pl.DataFrame({"name": list(counts), "count": list(counts.values()),
                         "share": [100 * n / total for n in counts.values()]})


def test_looked_after_group_finding() -> None:
    # 150 of 272 = 55.1%.
    assert looked_after_group_finding(
        "Sex", _looked_after({"Boys": 150.0, "Girls": 122.0}), 272.0) == (
        "Sex: the largest group is Boys, 150 children (55.1%)")
    assert looked_after_group_finding("Sex", _looked_after({"Girls": 1.0}), None) == (
        "Sex: all 1 child shown are Girls")
    hidden = pl.DataFrame({"name": ["Boys"], "count": [math.nan], "share": [math.nan]})
    assert looked_after_group_finding("Sex", hidden, None) == "Sex: c children looked after"
    # A suppressed group does not hide the total the tile shows: 3 of 272 as c.
    assert looked_after_group_finding("Sex", hidden, 272.0) == "Sex: 272 children looked after"


def _disputes(groups: dict[str, float], names: dict[str, str]) -> pl.DataFrame:
    return pl.DataFrame({"group": list(groups), "name": [names[g] for g in groups],
                         "disputes": list(groups.values())})


def test_dispute_finding() -> None:
    assert dispute_finding(_disputes({"INFORMAL": 12.0, "FORMAL_1": 3.0}, STAGE_NAMES), 15.0,
                           True, "Highest stage reached", "2020-21") == (
        "12 of 15 disputes went no further than the informal stage")
    assert dispute_finding(_disputes({"INFORMAL": 2.0, "FORMAL_1": 3.0}, STAGE_NAMES), 5.0,
                           True, "Highest stage reached", "2020-21") == (
        "3 of 5 disputes reached formal stage 1")
    issues = _disputes({"CARE_PLAN": 4.0, "HEALTH": 1.0}, ISSUE_NAMES)
    assert dispute_finding(issues, 5.0, False, "Issue", "2020-21") == (
        "4 of 5 disputes were about care plan")
    assert dispute_finding(issues, 0.0, False, "Issue", "2020-21") == (
        "No disputes were raised in 2020-21")
    hidden = _disputes({"CARE_PLAN": math.nan}, ISSUE_NAMES)
    assert dispute_finding(hidden, 4.0, False, "Issue", "2020-21") == (
        "Disputes raised in 2020-21 by issue")


def test_caseload_findings() -> None:
    assert caseload_finding(_years([61.0, 75.04])) == (
        "Looked-after children per full-time IRO rose from 61.0 to 75.0 in 2019-20, above the "
        "IRO Handbook's 50 to 70")
    assert caseload_range_finding(12, 30, "31 March 2021") == (
        "Allocated caseloads ranged from 12 to 30 children per IRO on 31 March 2021")
    assert caseload_range_finding(20, 20, "31 March 2021") == (
        "Each IRO held 20 children on 31 March 2021")


def test_staff_by_role() -> None:
    roles = pl.DataFrame({"name": ["IROs", "CP chairs"], "fte": [10.5, 0.6], "people": [12, 1]})
    assert staff_by_role(roles, 2) == "IROs 10.50 (12 people); CP chairs 0.60 (1 person)"


def test_models_used_for_the_years_with_a_neighbours_figure() -> None:
    averages = pl.DataFrame({"year": [2015, 2016, 2021, 2026, 2027],
                             "with_figure": [0, 9, 10, 8, 0],
                             "model": ["April 2021"] * 3 + ["May 2025"] * 2})
    # 2015 and 2027 have no neighbour's figure; May 2025 is used for one year only.
    assert models_used(averages) == (
        "the April 2021 model for 2015-16 to 2020-21 and the May 2025 model for 2025-26")
    assert models_used(averages.filter(pl.col("with_figure") == 0)) == ""


def test_interval_note_counts_figures_without_an_interval() -> None:
    bars = pl.DataFrame({"value": [50.0, 61.0, None], "lower": [45.0, None, None]})
    note = interval_note(bars)
    assert note.startswith(" Black whiskers show 95% confidence intervals: Wilson")
    assert note.endswith(" 1 of the 3 figures have no interval, as they are published without "
                         "the counts needed to work one out.")
    assert "have no interval" not in interval_note(bars.head(1))


def _shares(rows: list[tuple[str, float, float, float | None]]) -> pl.DataFrame:
    """Engine rows of lac_children_reviews_timely by group: (group, numerator, denominator,
    value), with made-up 95% limits of value -/+ 5."""
    return pl.DataFrame(
        [{"indicator_id": "lac_children_reviews_timely", "group": g, "numerator": n,
          "denominator": d, "value": v, "lower_95": None if v is None else v - 5,
          "upper_95": None if v is None else v + 5} for g, n, d, v in rows]
        + [{"indicator_id": "lac_count", "group": "care order", "numerator": 99.0,
            "denominator": None, "value": 99.0, "lower_95": None, "upper_95": None}])


def test_group_shares_label_each_bar_and_leave_out_empty_groups() -> None:
    groups = group_shares(_shares([("care order", 40, 43, 4000 / 43),
                                   ("placement order", 0, 0, None),
                                   ("voluntary", math.nan, math.nan, math.nan)]),
                          "lac_children_reviews_timely", {"care order": "Care order"})
    # Placement order has no child with a review due: no percentage, no bar.
    assert groups.select("group", "name", "shown", "label").rows() == [
        ("care order", "Care order", "93.0%", "93.0% (40 of 43)"),
        ("voluntary", "voluntary", "c", "c")]
    table = group_share_table(groups, "Legal status", "All on time (%)", "On time", "Due")
    assert table.rows() == [("Care order", "93.0", "40", "43", "88.0", "98.0"),
                            ("voluntary", "c", "c", "c", "c", "c")]
    assert table.columns == ["Legal status", "All on time (%)", "On time", "Due",
                             "Lower 95% limit", "Upper 95% limit"]


def test_group_share_findings() -> None:
    subject, word = "Children reviewed on time", "Legal status"
    three = group_shares(_shares([("care order", 40, 40, 100.0), ("voluntary", 8, 10, 80.0),
                                  ("youth justice", 6, 6, 100.0)]),
                         "lac_children_reviews_timely")
    assert group_share_finding(subject, word, three) == (
        "Children reviewed on time by legal status: from 80.0% (voluntary) to 100.0% "
        "(care order)")
    same = group_shares(_shares([("care order", 40, 40, 100.0), ("voluntary", 8, 8, 100.0)]),
                        "lac_children_reviews_timely")
    assert group_share_finding(subject, word, same) == (
        "Children reviewed on time by legal status: 100.0% in every group")
    hidden = group_shares(_shares([("care order", 40, 40, 100.0),
                                   ("voluntary", math.nan, math.nan, math.nan)]),
                          "lac_children_reviews_timely")
    assert group_share_finding(subject, word, hidden) == (
        "Children reviewed on time by legal status: 100.0% (care order)")
    none = group_shares(_shares([("voluntary", math.nan, math.nan, math.nan)]),
                        "lac_children_reviews_timely")
    assert group_share_finding(subject, word, none) == "Children reviewed on time by legal status"


def test_latest_finding_fills_in_the_last_year() -> None:
    series = pl.DataFrame({"year": ["2019-20", "2019-20", "2020-21"],
                           "series": ["Initial", "Review", "Initial"],
                           "value": [90.0, 88.0, 91.8], "label": ["90.0%", "88.0%", "91.8%"]})
    # 2020-21 has no review-conference figure: x.
    assert latest_finding("In {year}, {0} of initial and {1} of review conferences", series,
                          ["Initial", "Review"]) == (
        "In 2020-21, 91.8% of initial and x of review conferences")
