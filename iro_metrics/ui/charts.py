"""Altair charts in the house style of ``notes/presentation.md``: the Analysis Function palette,
direct labels instead of legends, solid/dashed/dotted lines that survive greyscale, bar axes from
zero. Titles, subtitles and sources are drawn around the chart as text, where screen readers find
them."""

import altair as alt
import polars as pl

PALETTE = ("#12436D", "#28A197", "#801650", "#F46A25", "#3D3D3D", "#A285D1")
OURS, OTHERS = "#12436D", "#BFBFBF"
DASHES = ([1, 0], [6, 3], [2, 2], [8, 3, 2, 3], [1, 0], [6, 3])
FONT = "Arial"
WIDTH = 640
HEIGHT = 300


def _configured(chart: alt.Chart | alt.LayerChart) -> alt.Chart | alt.LayerChart:
    return chart.configure_axis(labelFont=FONT, titleFont=FONT, labelFontSize=13,
                                titleFontSize=13, labelColor="#0b0c0c", titleColor="#0b0c0c",
                                gridColor="#e5e5e5").configure_view(stroke=None)


def line_chart(frame: pl.DataFrame, x: str, y: str, series: str, y_title: str,
               number_format: str = ",.0f") -> alt.LayerChart:
    """Lines over time, one per ``series``, each labelled at its last point."""
    names = list(dict.fromkeys(frame[series].to_list()))
    colour = alt.Color(f"{series}:N", scale=alt.Scale(domain=names, range=PALETTE[:len(names)]),
                       legend=None)
    dash = alt.StrokeDash(f"{series}:N", scale=alt.Scale(domain=names,
                                                         range=DASHES[:len(names)]), legend=None)
    base = alt.Chart(frame).encode(
        x=alt.X(f"{x}:T", title=None, axis=alt.Axis(format="%b %Y", labelAngle=0)),
        y=alt.Y(f"{y}:Q", title=y_title, scale=alt.Scale(zero=True),
                axis=alt.Axis(format=number_format)),
        color=colour,
        tooltip=[alt.Tooltip(f"{series}:N", title=""), alt.Tooltip(f"{x}:T", format="%d %b %Y"),
                 alt.Tooltip(f"{y}:Q", format=number_format, title=y_title)],
    )
    lines = base.mark_line(strokeWidth=2.5).encode(strokeDash=dash)
    last = frame.sort(x).group_by(series, maintain_order=True).last()
    labels = alt.Chart(last).mark_text(align="left", dx=6, font=FONT, fontSize=13,
                                       fontWeight="bold").encode(
        x=f"{x}:T", y=f"{y}:Q", color=colour,
        text=alt.Text(f"{series}:N"))
    return _configured(alt.layer(lines, labels).properties(width=WIDTH, height=HEIGHT))


def bar_chart(frame: pl.DataFrame, category: str, value: str, label: str, x_title: str,
              highlight: str | None = None) -> alt.LayerChart:
    """Horizontal bars from zero in the frame's order, each labelled with its figure
    (``label`` holds the text); the ``highlight`` category is dark, the rest grey."""
    order = frame[category].to_list()
    colour = (alt.condition(alt.datum[category] == highlight, alt.value(OURS), alt.value(OTHERS))
              if highlight else alt.value(OURS))
    base = alt.Chart(frame).encode(
        y=alt.Y(f"{category}:N", sort=order, title=None, axis=alt.Axis(labelLimit=260)),
        x=alt.X(f"{value}:Q", title=x_title, scale=alt.Scale(zero=True, nice=True)),
        tooltip=[alt.Tooltip(f"{category}:N", title=""), alt.Tooltip(f"{label}:N", title=x_title)],
    )
    bars = base.mark_bar(height=alt.RelativeBandSize(0.7)).encode(color=colour)
    text = base.mark_text(align="left", dx=4, font=FONT, fontSize=13, color="#0b0c0c").encode(
        text=f"{label}:N")
    height = max(60, 32 * len(order))
    return _configured(alt.layer(bars, text).properties(width=WIDTH - 140, height=height))


def column_chart(frame: pl.DataFrame, x: str, value: str, label: str, series: str,
                 y_title: str) -> alt.LayerChart:
    """Grouped vertical columns (e.g. plans started and ended per year), labelled on top."""
    names = list(dict.fromkeys(frame[series].to_list()))
    colour = alt.Color(f"{series}:N", scale=alt.Scale(domain=names, range=PALETTE[:len(names)]),
                       legend=alt.Legend(orient="top", title=None, labelFont=FONT,
                                         labelFontSize=13))
    base = alt.Chart(frame).encode(
        x=alt.X(f"{x}:N", title=None, axis=alt.Axis(labelAngle=0)),
        xOffset=alt.XOffset(f"{series}:N", sort=names),
        y=alt.Y(f"{value}:Q", title=y_title, scale=alt.Scale(zero=True)),
        tooltip=[alt.Tooltip(f"{x}:N", title=""), alt.Tooltip(f"{series}:N", title=""),
                 alt.Tooltip(f"{label}:N", title=y_title)],
    )
    bars = base.mark_bar().encode(color=colour)
    text = base.mark_text(dy=-6, font=FONT, fontSize=12, color="#0b0c0c").encode(
        text=f"{label}:N")
    return _configured(alt.layer(bars, text).properties(width=WIDTH, height=HEIGHT))
