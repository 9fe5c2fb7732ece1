"""The Looked after children page's words and breakdown figures (``present/looked_after.py``), on
hand-made rows."""

import math

import polars as pl

from iro_metrics.indicators.engine import Filters
from iro_metrics.indicators.periods import reporting_year
from iro_metrics.present.looked_after import GROUP_NAMES, flow_words, group_figure
from iro_metrics.present.report_tables import breakdown
from iro_metrics.present.view import population_words


def _by_group(rows: list[tuple[str, float]]) -> pl.DataFrame:
    """``compute`` rows of ``lac_count`` broken down by one dimension: group, numerator."""
    return pl.DataFrame([{"indicator_id": "lac_count", "group": g, "numerator": n, "value": n}
                         for g, n in rows],
                        schema={"indicator_id": pl.String, "group": pl.String,
                                "numerator": pl.Float64, "value": pl.Float64})


def test_group_figure_by_category_of_need() -> None:
    # 30 abuse or neglect (N1), 10 with no need recorded ("unknown", shown "Not known"):
    # 40 children, N1 75.0%.
    groups = breakdown(_by_group([("N1", 30.0), ("unknown", 10.0)]), "lac_count",
                       GROUP_NAMES["category_of_need"])
    shown = group_figure(groups, "category_of_need", "Tinyshire", "31 March 2020", None)
    assert shown.title == ("Category of need: the largest group is N1 abuse or neglect, 30 "
                           "children (75.0%)")
    assert shown.subtitle == ("Children looked after by category of need, number and share of "
                              "all 40, Tinyshire, 31 March 2020")
    assert shown.table.rows() == [("N1 abuse or neglect", "30", "75.0"),
                                  ("Not known", "10", "25.0")]
    assert shown.description.startswith("Horizontal bar chart of the 40 children looked after "
                                         "on 31 March 2020 by category of need,")


def test_a_suppressed_group_keeps_the_total_the_tile_shows() -> None:
    # The public sees 4 children with no need recorded as c; the tile shows 44, so N1 is
    # 40 of 44 (90.9%), and the captions name 44.
    groups = breakdown(_by_group([("N1", 40.0), ("unknown", math.nan)]), "lac_count",
                       GROUP_NAMES["category_of_need"], 44.0)
    shown = group_figure(groups, "category_of_need", "Tinyshire", "31 March 2020", 44.0)
    assert shown.title == ("Category of need: the largest group is N1 abuse or neglect, 40 "
                           "children (90.9%)")
    assert "number and share of all 44," in shown.subtitle
    assert shown.table.rows() == [("N1 abuse or neglect", "40", "90.9"), ("Not known", "c", "c")]


def test_flow_words_take_the_last_year() -> None:
    flows = pl.DataFrame({"year": ["2018-19", "2019-20", "2019-20"],
                          "series": ["Started", "Started", "Stopped"],
                          "value": [50.0, 1.0, 1234.0], "label": ["50", "1", "1,234"]})
    words = flow_words(flows, [reporting_year(2018), reporting_year(2019)], "Tinyshire",
                       "2018-19 to 2019-20")
    assert words[0] == "In 2019-20, 1 child started to be looked after and 1,234 stopped"
    assert words[1:3] == ("Children who started and stopped being looked after in each "
                          "reporting year (each child once a year), Tinyshire, 2018-19 to "
                          "2019-20", "Children")


def test_rates_name_the_population_of_the_age_bands_chosen() -> None:
    assert population_words(Filters()) == "children aged 0 to 17"
    assert population_words(Filters(sex=("F",))) == "children aged 0 to 17"
    assert population_words(Filters(age_band=("10 to 15",))) == "children aged 10 to 15"
    assert population_words(Filters(age_band=("16 and over", "Under 1", "Unborn"))) == (
        "children aged under 1 or 16 to 17")
