"""Charts with suppressed figures: a chart with nothing to draw becomes a plain note, and no
suppressed (NaN) figure ever reaches a chart's scale."""

import json
import math

import polars as pl

from iro_metrics.ui import charts
from iro_metrics.ui.blocks import CSV_NAME_LENGTH, csv_name
from iro_metrics.ui.charts import (
    GAPS_NOTE,
    HIDDEN_NOTICE,
    HIDDEN_OR_ZERO_NOTICE,
    Drawn,
    bar_chart,
    column_chart,
    line_chart,
)

NAN = math.nan


def spec(chart: Drawn) -> str:
    """The chart's specification without its data (Streamlit sends data apart, as Arrow, where
    NaN is fine); NaN in the specification itself is invalid JSON and breaks the browser."""
    return json.dumps({key: value for key, value in chart.items() if key != "datasets"},
                      allow_nan=False)


def test_all_suppressed_charts_become_a_note() -> None:
    bars = pl.DataFrame({"name": ["Boys", "Girls"], "count": [NAN, NAN], "label": ["c", "c"]})
    columns = bars.with_columns(year=pl.lit("2019-20"), series=pl.col("name"))
    lines = pl.DataFrame({"year": ["2018-19", "2019-20"], "value": [NAN, NAN],
                          "series": ["Looked after"] * 2})
    for chart in (bar_chart(bars, "name", "count", "label", "Children"),
                  column_chart(columns, "year", "count", "label", "series", "Children"),
                  line_chart(lines, "year", "value", "series", "Children", x_kind="ordinal")):
        spec(chart)
        assert HIDDEN_NOTICE in json.dumps(chart["datasets"])


def test_partly_suppressed_charts_are_drawn_without_nan_in_the_spec() -> None:
    columns = pl.DataFrame({"year": ["2018-19", "2019-20"] * 2, "count": [7.0, NAN, NAN, 9.0],
                            "label": ["7", "c", "c", "9"],
                            "series": ["Started", "Started", "Stopped", "Stopped"]})
    drawn = column_chart(columns, "year", "count", "label", "series", "Children")
    assert HIDDEN_NOTICE not in json.dumps(drawn["datasets"], allow_nan=True)
    assert '"domainMax": 9.9' in spec(drawn).replace("9.900000000000002", "9.9")


def test_columns_that_are_all_zero_stand_on_an_axis_running_to_1() -> None:
    columns = pl.DataFrame({"year": ["2018-19", "2019-20"], "count": [0.0, 0.0],
                            "label": ["0.0%", "0.0%"], "series": ["Lasted 2 years or more"] * 2})
    assert '"domainMax": 1' in spec(column_chart(columns, "year", "count", "label", "series",
                                                 "Per cent"))


def test_a_chart_is_built_once_for_the_same_figures_and_anew_for_others() -> None:
    bars = pl.DataFrame({"name": ["Boys", "Girls"], "count": [12, 14], "label": ["12", "14"]})
    first = bar_chart(bars, "name", "count", "label", "Children")
    assert bar_chart(bars.clone(), "name", "count", "label", "Children") is first
    assert bar_chart(bars, "name", "count", "label", "Children", highlight="Boys") is not first
    changed = bar_chart(bars.with_columns(count=pl.Series([12, 15])), "name", "count", "label",
                        "Children")
    assert changed is not first
    assert [row["count"] for row in next(iter(changed["datasets"].values()))] == [12, 15]


def test_the_charts_kept_are_bounded() -> None:
    for number in range(charts.SPECS_KEPT + 10):
        frame = pl.DataFrame({"name": ["A"], "count": [number], "label": [str(number)]})
        bar_chart(frame, "name", "count", "label", "Children")
    assert len(charts._built) == charts.SPECS_KEPT


def test_bars_that_are_all_zero_or_suppressed_become_a_note() -> None:
    bars = pl.DataFrame({"name": ["Care plan", "Contact"], "count": [NAN, 0.0],
                         "label": ["c", "0"]})
    drawn = bar_chart(bars, "name", "count", "label", "Disputes")
    assert HIDDEN_OR_ZERO_NOTICE in json.dumps(drawn["datasets"])
    assert HIDDEN_NOTICE not in json.dumps(drawn["datasets"])
    # On screen the note is a sentence that wraps, not a chart.
    assert charts.notice(drawn) == HIDDEN_OR_ZERO_NOTICE
    assert charts.notice(bar_chart(pl.DataFrame({"name": ["A"], "count": [3], "label": ["3"]}),
                                   "name", "count", "label", "Disputes")) is None


def axes(chart: Drawn) -> list[dict]:
    """Every quantitative axis of the chart's layers."""
    return [channel["axis"] for layer in chart["layer"] for channel in layer["encoding"].values()
            if isinstance(channel, dict) and channel.get("type") == "quantitative"
            and "axis" in channel]


def test_an_axis_shows_no_more_decimals_than_its_figures() -> None:
    counts = pl.DataFrame({"name": ["A", "B", "C"], "count": [3.0, NAN, 0.0],
                           "label": ["3", "c", "0"]})
    assert {json.dumps(axis, sort_keys=True) for axis in axes(
        bar_chart(counts, "name", "count", "label", "Disputes"))} == {
        '{"format": ",d", "tickMinStep": 1}'}
    shares = counts.with_columns(count=pl.Series([12.5, NAN, 0.0]))
    assert {axis["format"] for axis in axes(
        bar_chart(shares, "name", "count", "label", "Per cent"))} == {",.1~f"}
    zeros = pl.DataFrame({"name": ["A", "B"], "count": [0, 0], "label": ["0", "0"]})
    assert '"domainMax": 1' in spec(bar_chart(zeros, "name", "count", "label", "Disputes"))


def test_a_one_series_chart_has_no_legend_and_two_have_one() -> None:
    one = pl.DataFrame({"year": ["2018-19", "2019-20"], "count": [4.0, 9.0], "label": ["4", "9"],
                        "series": ["Started"] * 2})
    two = pl.concat([one, one.with_columns(series=pl.lit("Stopped"))])
    legends = [layer["encoding"]["color"].get("legend", "shown")
               for chart in (column_chart(one, "year", "count", "label", "series", "Plans"),
                             column_chart(two, "year", "count", "label", "series", "Plans"))
               for layer in chart["layer"][:1]]
    assert legends[0] is None
    assert legends[1] is not None


def test_a_line_with_a_suppressed_year_says_so_on_the_chart() -> None:
    lines = pl.DataFrame({"year": ["2018-19", "2019-20", "2020-21"], "value": [12.0, NAN, 9.0],
                          "series": ["Looked after"] * 3})
    gapped = line_chart(lines, "year", "value", "series", "Children", x_kind="ordinal")
    assert gapped["title"]["text"] == ["A gap in a line is a year whose figure is",
                                       "suppressed (c)."]
    assert " ".join(gapped["title"]["text"]) == GAPS_NOTE
    whole = lines.with_columns(value=pl.Series([12.0, 10.0, 9.0]))
    assert "title" not in line_chart(whole, "year", "value", "series", "Children",
                                     x_kind="ordinal")


def test_long_line_labels_wrap_so_a_phone_keeps_its_plot() -> None:
    """A direct label longer than LABEL_CHARACTERS wraps at spaces (issue 18: at 390 px one
    long line squeezed the plot to nothing and ran past the chart's edge); labels at the same
    point are kept apart by their lines: two one-line labels by LABEL_GAP, a three-line one
    above a one-line one by twice that."""
    assert charts.LABEL_CHARACTERS == 16
    assert charts.wrapped("Within 2 years (local measure)", 16) == "Within 2 years\n(local measure)"
    assert charts.wrapped("Looked after", 16) == "Looked after"
    assert charts.wrapped("Disproportionality", 16) == "Disproportionality"
    long_name = "Children looked after or on a plan per FTE"
    lines = pl.DataFrame({"year": ["2019-20", "2020-21"] * 2, "value": [30.0, 30.0, 30.0, 30.0],
                          "series": ["Looked after"] * 2 + [long_name] * 2})
    chart = line_chart(lines, "year", "value", "series", "Children", x_kind="ordinal")
    label_layer = chart["layer"][-1]
    assert label_layer["mark"]["lineBreak"] == "\n"
    assert label_layer["encoding"]["text"]["field"] == "_label"
    drawn = {row["series"]: (row["_label"], row["_label_y"])
             for row in chart["datasets"][label_layer["data"]["name"]]}
    assert drawn["Looked after"] == ("Looked after", 30.0)
    label, placed = drawn[long_name]
    assert label == "Children looked\nafter or on a\nplan per FTE"
    # One-line and three-line labels: (1 + 3) / 2 label gaps apart, a gap being 16 px of a
    # 300 px axis running to 1.1 times the highest point (30).
    assert math.isclose(placed - 30.0, 2 * 30.0 * 1.1 * 16 / 300)


def test_a_legend_lists_one_series_a_line() -> None:
    """Side by side, three names ran past a phone's edge (issue 18); one a line never do."""
    one = pl.DataFrame({"year": ["2019-20"], "count": [4.0], "label": ["4"]})
    three = pl.concat([one.with_columns(series=pl.lit(name))
                       for name in ("Initial conferences", "Transfer-in conferences",
                                    "Review conferences")])
    chart = column_chart(three, "year", "count", "label", "series", "Conferences")
    assert chart["layer"][0]["encoding"]["color"]["legend"]["columns"] == 1


def test_a_csv_is_named_for_what_its_table_is_where_and_when() -> None:
    assert csv_name("Children looked after by sex, number and share of all 272, Darlington, "
                    "31 March 2021") == (
        "children-looked-after-by-sex-number-and-share-of-all-272-darlington-31-march-2021.csv")
    long = csv_name("Reviews of children aged 4 and over the child took part in (PN1 to PN6) "
                    "and where the child's views were conveyed, as a percentage of reviews coded "
                    "PN1 to PN7, each reporting year, Darlington, 2016-17 to 2020-21")
    assert long.endswith(".csv") and len(long) <= CSV_NAME_LENGTH + 4
    assert not long.endswith("-.csv")
