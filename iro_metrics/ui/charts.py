"""Altair charts in the house style of ``notes/presentation.md``: the Analysis Function palette,
direct labels instead of legends, solid/dashed/dotted lines that survive greyscale, bar axes from
zero. Titles, subtitles and sources are drawn around the chart as text, where screen readers find
them."""

import hashlib
import textwrap
from collections.abc import Callable, Hashable
from functools import wraps
from typing import Any, Concatenate, ParamSpec, TypeAlias, TypeVar

import altair as alt
import polars as pl

from iro_metrics.ui.kept import Kept

PALETTE = ("#12436D", "#28A197", "#801650", "#F46A25", "#3D3D3D", "#A285D1")
OURS, OTHERS = "#12436D", "#BFBFBF"
DASHES = ([1, 0], [6, 3], [2, 2], [8, 3, 2, 3], [1, 0], [6, 3])
FONT = "Arial, Liberation Sans, Helvetica, sans-serif"
"""Arial where it exists, else a font drawn the same size (browsers, and the report's
renderer, which draws no text at all in a font it lacks)."""
WIDTH = 640
HEIGHT = 300
BAR_STEP = 32  # pixels per bar of a bar chart

Drawn: TypeAlias = dict[str, Any]
"""What a chart function returns: the Vega-Lite specification of its layers (or of a note alone
when there is nothing to draw), with its data, validated once when it was built. Shared by every
caller that asks for the same chart, so never changed in place."""
_Chart = TypeVar("_Chart", bound=alt.TopLevelMixin)
_Arguments = ParamSpec("_Arguments")
SPECS_KEPT = 512
"""How many built specifications are kept (a few kilobytes each), the least recently used
dropped first, so memory stays flat however many views are asked for."""
_built: Kept[tuple[Hashable, ...], Drawn] = Kept(SPECS_KEPT)


def _digest(frame: pl.DataFrame) -> bytes:
    """A digest of the frame's columns, types and figures (its Arrow IPC form)."""
    written = frame.write_ipc(None)
    return hashlib.blake2b(written.getvalue(), digest_size=16).digest()


def _built_once(
        build: Callable[Concatenate[pl.DataFrame, _Arguments], alt.TopLevelMixin],
) -> Callable[Concatenate[pl.DataFrame, _Arguments], Drawn]:
    """Build and validate a chart's specification once for each set of figures and arguments:
    Altair's building, copying and schema validation took most of a warm page's time (issue 16),
    and a page asks for the same chart again on every rerun."""

    @wraps(build)
    def specification(frame: pl.DataFrame, *args: _Arguments.args,
                      **kwargs: _Arguments.kwargs) -> Drawn:
        key = (build.__name__, _digest(frame), args, tuple(sorted(kwargs.items())))
        return _built.get_or_build(key, lambda: build(frame, *args, **kwargs).to_dict())

    return specification


def _configured(chart: _Chart) -> _Chart:
    return chart.configure_axis(labelFont=FONT, titleFont=FONT, labelFontSize=13,
                                titleFontSize=13, labelColor="#0b0c0c", titleColor="#0b0c0c",
                                gridColor="#e5e5e5").configure_view(stroke=None)


LABEL_GAP = 16  # pixels between the direct labels at the end of lines (one line of text each)
LABEL_CHARACTERS = 16
"""Characters a line of a direct label may hold before it wraps: a label beside the plot takes
room from it, so at a phone's width (390 px) a long name kept on one line squeezed the plot to
nothing or ran past the chart's edge (issue 18); about 130 px of bold 13 px text."""
NOTE_CHARACTERS = 44  # a line of a note above a chart: about 300 px, inside a phone's 358
LEGEND_LIMIT = 400  # pixels a legend label may take before it is cut short (Vega's 160 cuts)


HIDDEN_NOTICE = ("Every figure in this chart is suppressed (c) to protect children's privacy: "
                 "choose a wider group or period.")
HIDDEN_OR_ZERO_NOTICE = ("Every figure in this chart is 0 or suppressed (c) to protect "
                         "children's privacy: choose a wider group or period.")
GAPS_NOTE = "A gap in a line is a year whose figure is suppressed (c)."


def wrapped(text: str, width: int) -> str:
    """``text`` broken into lines of at most ``width`` characters at spaces (a longer word keeps
    its own line), joined by newlines, which the chart's text marks break on."""
    return "\n".join(textwrap.wrap(text, width, break_long_words=False)) or text


def _figures(frame: pl.DataFrame, value: str) -> pl.Series:
    """The chart's figures, a suppressed one (NaN) as null."""
    return frame[value].cast(pl.Float64).fill_nan(None)


def _nothing_to_draw(frame: pl.DataFrame, value: str) -> str | None:
    """The note that takes a chart's place when it has rows but no bar or point to draw: every
    figure suppressed, or every one 0 or suppressed (an axis of zeros alone would look broken);
    None when there is something to draw."""
    figures = _figures(frame, value)
    if frame.height == 0 or figures.null_count() == 0:
        return None
    if figures.null_count() == frame.height:
        return HIDDEN_NOTICE
    return HIDDEN_OR_ZERO_NOTICE if figures.fill_null(0).abs().max() == 0 else None


def _notice(text: str) -> alt.Chart:
    """A chart-sized note in place of a chart with nothing to draw (for a printed report), the
    text also kept in the specification's ``usermeta`` so a screen shows it as a sentence that
    wraps (:func:`notice`)."""
    note = alt.Chart(pl.DataFrame({"text": [text]})).mark_text(
        font=FONT, fontSize=14, color="#0b0c0c").encode(text="text:N")
    return _configured(note.properties(width=WIDTH, height=60, usermeta={"notice": text}))


def notice(chart: Drawn) -> str | None:
    """The note a chart with nothing to draw stands for, None for a chart with something."""
    found = chart.get("usermeta", {}).get("notice")
    return found if isinstance(found, str) else None


def _headroom(frame: pl.DataFrame, value: str, room: float | None) -> dict[str, Any]:
    """The value scale's top: ``room`` times the largest figure (room for a label above a
    column; None leaves it to the scale), and 1 when every figure is 0 (an axis from 0 to 0
    would be a flat line)."""
    tallest = _figures(frame, value).max() if frame.height else None
    if not isinstance(tallest, float) or (tallest and room is None):
        return {}
    return {"domainMax": tallest * room if tallest and room else 1}


def _number_axis(frame: pl.DataFrame, value: str, **options: Any) -> alt.Axis:
    """An axis whose ticks have no more decimals than the figures: whole numbers step by 1 and
    show none (a count never reads 0.5 or 0.000000); other figures show at most one, as shown."""
    figures = _figures(frame, value).drop_nulls()
    whole = figures.is_empty() or bool((figures == figures.round(0)).all())
    if whole:
        return alt.Axis(tickMinStep=1, format=",d", **options)
    return alt.Axis(format=",.1~f", **options)


def _spread(last: pl.DataFrame, x: str, y: str) -> pl.DataFrame:
    """The lines' last points with ``_label_y``: where each label (``_label``, of one or more
    lines) is drawn, moved apart (in data units, on a zero-based axis HEIGHT pixels tall) when
    labels at the same x would overlap."""
    highest = last[y].fill_nan(None).max()
    top = float(highest) if isinstance(highest, int | float) else 0.0
    gap = top * 1.1 * LABEL_GAP / HEIGHT if top > 0 else 0
    spread: dict[int, float] = {}
    for _, group in last.with_row_index("_row").group_by(x, maintain_order=True):
        below, below_lines = None, 0
        for row in group.sort(y).iter_rows(named=True):
            lines = row["_label"].count("\n") + 1
            place = (row[y] if below is None
                     else max(row[y], below + gap * (below_lines + lines) / 2))
            spread[row["_row"]] = below = place
            below_lines = lines
    return last.with_columns(_label_y=pl.Series([spread[i] for i in range(last.height)],
                                                dtype=pl.Float64))


@_built_once
def line_chart(frame: pl.DataFrame, x: str, y: str, series: str, y_title: str,
               number_format: str = ",.0f", *, x_kind: str = "temporal",
               band: tuple[float, float, str] | None = None) -> alt.TopLevelMixin:
    """Lines over time, one per ``series``, each labelled at its last point (a long name wrapped
    into short lines, ``LABEL_CHARACTERS``, so that the plot keeps its room on a phone).

    ``x_kind="ordinal"`` takes ``x`` as labels in the frame's order (e.g. reporting years
    ``2019-20``) instead of dates. ``band=(low, high, label)`` shades a reference range (e.g. a
    recommended caseload) between dashed lines, with its label written on the chart. A count
    axis (``number_format`` without decimals) steps in whole numbers; a line with a suppressed
    point says so on the chart; when every figure is suppressed (or 0 or suppressed), a note
    takes the chart's place.
    """
    if note := _nothing_to_draw(frame, y):
        return _notice(note)
    names = list(dict.fromkeys(frame[series].to_list()))
    colour = alt.Color(f"{series}:N", scale=alt.Scale(domain=names, range=PALETTE[:len(names)]),
                       legend=None)
    dash = alt.StrokeDash(f"{series}:N", scale=alt.Scale(domain=names,
                                                         range=DASHES[:len(names)]), legend=None)
    if x_kind == "ordinal":
        x_field = f"{x}:O"
        x_axis = alt.X(x_field, title=None, sort=list(dict.fromkeys(frame[x].to_list())),
                       axis=alt.Axis(labelAngle=0))
        x_tooltip = alt.Tooltip(x_field, title="")
    else:
        x_field = f"{x}:T"
        x_axis = alt.X(x_field, title=None, axis=alt.Axis(format="%b %Y", labelAngle=0))
        x_tooltip = alt.Tooltip(x_field, format="%d %b %Y")
    base = alt.Chart(frame).encode(
        x=x_axis,
        y=alt.Y(f"{y}:Q", title=y_title, scale=alt.Scale(zero=True),
                axis=alt.Axis(format=number_format, tickMinStep=(
                    1 if number_format.endswith((".0f", "d")) else alt.Undefined))),
        color=colour,
        tooltip=[alt.Tooltip(f"{series}:N", title=""), x_tooltip,
                 alt.Tooltip(f"{y}:Q", format=number_format, title=y_title)],
    )
    lines = base.mark_line(strokeWidth=2.5, point=x_kind == "ordinal").encode(strokeDash=dash)
    names_wrapped = {name: wrapped(name, LABEL_CHARACTERS) for name in names}
    last = _spread(frame.sort(x).group_by(series, maintain_order=True).last().with_columns(
        _label=pl.col(series).replace_strict(names_wrapped, return_dtype=pl.String)), x, y)
    labels = alt.Chart(last).mark_text(align="left", dx=6, font=FONT, fontSize=13,
                                       fontWeight="bold", lineBreak="\n").encode(
        x=x_axis, y=alt.Y("_label_y:Q"), color=colour, text=alt.Text("_label:N"))
    layers: list[alt.Chart] = []
    if band is not None:
        low, high, band_label = band
        limits = pl.DataFrame({"low": [low], "high": [high], "label": [band_label]})
        reference = alt.Chart(limits)
        layers += [
            reference.mark_rect(color=OTHERS, opacity=0.35).encode(y="low:Q", y2="high:Q"),
            reference.transform_fold(["low", "high"]).mark_rule(
                color="#505a5f", strokeDash=[4, 3], strokeWidth=1.5).encode(y="value:Q"),
            reference.mark_text(align="left", baseline="bottom", x=4, dy=-4, font=FONT,
                                fontSize=12, color="#0b0c0c").encode(y="high:Q", text="label:N"),
        ]
    drawn = alt.layer(*layers, lines, labels).properties(width=WIDTH, height=HEIGHT)
    if _figures(frame, y).null_count():
        drawn = drawn.properties(title=alt.TitleParams(
            wrapped(GAPS_NOTE, NOTE_CHARACTERS).split("\n"), anchor="start", font=FONT,
            fontSize=13, fontWeight="normal", color="#0b0c0c"))
    return _configured(drawn)


@_built_once
def bar_chart(frame: pl.DataFrame, category: str, value: str, label: str, x_title: str,
              highlight: str | None = None, *,
              interval: tuple[str, str] | None = None,
              marker: str | None = None) -> alt.TopLevelMixin:
    """Horizontal bars from zero in the frame's order, each labelled with its figure
    (``label`` holds the text); the ``highlight`` category is dark, the rest grey. The axis
    shows no more decimals than the figures (``_number_axis``) and runs to 1 when every bar is 0.

    ``interval=(lower, upper)`` names columns of confidence limits, drawn as whiskers where
    both exist; labels then sit beyond the whisker. A row without a value has no bar but keeps
    its label (a symbol such as ``c``) at zero; when every figure is suppressed (or 0 or
    suppressed), a note takes the chart's place. ``marker`` names a column of reference figures
    (England's share), each drawn as a black vertical line across its bar (labels sit beyond
    it)."""
    if note := _nothing_to_draw(frame, value):
        return _notice(note)
    order = frame[category].to_list()
    ticks = _number_axis(frame, value)
    colour = (alt.condition(alt.datum[category] == highlight, alt.value(OURS), alt.value(OTHERS))
              if highlight else alt.value(OURS))
    reach = ([pl.col(value)] + ([pl.col(interval[1])] if interval else [])
             + ([pl.col(marker)] if marker else []))
    data = frame.with_columns(
        _label_at=pl.max_horizontal(*reach).fill_nan(None).fill_null(0))
    y = alt.Y(f"{category}:N", sort=order, title=None, axis=alt.Axis(labelLimit=260))
    tooltip = [alt.Tooltip(f"{category}:N", title=""), alt.Tooltip(f"{label}:N", title=x_title)]
    base = alt.Chart(data).encode(
        y=y,
        x=alt.X(f"{value}:Q", title=x_title, axis=ticks,
                scale=alt.Scale(zero=True, nice=True, **_headroom(frame, value, None))),
        tooltip=tooltip,
    )
    bars = base.mark_bar(height=alt.RelativeBandSize(0.7)).encode(color=colour)
    text = alt.Chart(data).mark_text(align="left", dx=4, font=FONT, fontSize=13,
                                     color="#0b0c0c").encode(
        y=y, x=alt.X("_label_at:Q", title=x_title, axis=ticks), text=f"{label}:N",
        tooltip=tooltip)
    layers: list[alt.Chart] = [bars]
    drawn = frame.filter(*(pl.col(limit).fill_nan(None).is_not_null() for limit in interval or ()))
    if interval and drawn.height:  # no empty whisker layer: screen readers meet it unnamed
        lower, upper = interval
        limits = alt.Chart(data).transform_filter(
            f"isValid(datum['{lower}']) && isValid(datum['{upper}'])")
        # A white halo under the black whisker keeps it visible across a dark bar.
        layers += [limits.mark_errorbar(ticks=alt.MarkConfig(size=12), color=colour_, thickness=t)
                   .encode(y=y, x=alt.X(f"{lower}:Q", title=x_title, axis=ticks),
                           x2=f"{upper}:Q")
                   for colour_, t in (("#ffffff", 4.5), ("#0b0c0c", 1.5))]
    if marker:
        marks = alt.Chart(data).transform_filter(f"isValid(datum['{marker}'])")
        layers += [marks.mark_tick(color=colour_, thickness=t, size=BAR_STEP - 4)
                   .encode(y=y, x=alt.X(f"{marker}:Q", title=x_title, axis=ticks))
                   for colour_, t in (("#ffffff", 6), ("#0b0c0c", 3))]
    layers.append(text)
    # A step per bar, not a fixed height: Streamlit 1.67 squashes a layered chart with a discrete
    # y axis and a numeric height to a few pixels (seen in Chromium), but honours a step.
    return _configured(alt.layer(*layers).properties(width=WIDTH - 140,
                                                     height=alt.Step(BAR_STEP)))


@_built_once
def column_chart(frame: pl.DataFrame, x: str, value: str, label: str, series: str,
                 y_title: str) -> alt.TopLevelMixin:
    """Grouped vertical columns (e.g. plans started and ended per year), labelled on top (the
    axis leaves room above the tallest column for its label, shows no more decimals than the
    figures, and runs to 1 when every column is 0); a legend only for two series or more; a
    note instead when every figure is suppressed (or 0 or suppressed)."""
    if note := _nothing_to_draw(frame, value):
        return _notice(note)
    names = list(dict.fromkeys(frame[series].to_list()))
    legend = alt.Legend(orient="top", title=None, labelFont=FONT, labelFontSize=13,
                        labelLimit=LEGEND_LIMIT, columns=1) if len(names) > 1 else None
    colour = alt.Color(f"{series}:N", scale=alt.Scale(domain=names, range=PALETTE[:len(names)]),
                       legend=legend)
    base = alt.Chart(frame).encode(
        x=alt.X(f"{x}:N", title=None, axis=alt.Axis(labelAngle=0)),
        xOffset=alt.XOffset(f"{series}:N", sort=names),
        y=alt.Y(f"{value}:Q", title=y_title, axis=_number_axis(frame, value),
                scale=alt.Scale(zero=True, **_headroom(frame, value, 1.1))),
        tooltip=[alt.Tooltip(f"{x}:N", title=""), alt.Tooltip(f"{series}:N", title=""),
                 alt.Tooltip(f"{label}:N", title=y_title)],
    )
    bars = base.mark_bar().encode(color=colour)
    text = base.mark_text(dy=-6, font=FONT, fontSize=12, color="#0b0c0c").encode(
        text=f"{label}:N")
    return _configured(alt.layer(bars, text).properties(width=WIDTH, height=HEIGHT))
