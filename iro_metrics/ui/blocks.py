"""The building blocks every page uses: its heading and filter sentence, headline tiles, figures
(chart, text alternative, source, "view as table" and a CSV of exactly those figures), the
year-by-year figures built from them, plain tables and CSV buttons, and the plain-English note
where the extract lacks a table a section needs."""

import datetime as dt
import hashlib
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal

import polars as pl
import streamlit as st
from pandas.io.formats.style import Styler

from iro_metrics.contract.extract import Extract
from iro_metrics.indicators.periods import previous, reporting_year
from iro_metrics.indicators.population import group_populations
from iro_metrics.indicators.registry import BY_ID, DIMENSION_LABELS, Polarity, Unit
from iro_metrics.present.breakdowns import group_share_table, group_shares
from iro_metrics.present.data_quality import TableShare, affected_indicators, quality_note, table_shares
from iro_metrics.present.disclosure import Audience
from iro_metrics.present.disproportionality import FILTERED, NO_POPULATION, RELATIVE, disproportion
from iro_metrics.present.disproportionality import METHOD as DISPROPORTION_METHOD
from iro_metrics.present.downloads import to_csv
from iro_metrics.present.findings import group_share_finding
from iro_metrics.present.formatting import (
    NO_CHANGE,
    format_change,
    format_date,
    format_difference,
    format_number,
    format_value,
    lower_first,
)
from iro_metrics.present.glossary import spelled_out
from iro_metrics.present.report_tables import (
    COLUMN_WORDS,
    LOWER,
    TABLE_WORDS,
    UPPER,
    BarFigure,
    YearColumn,
    missing_column,
    missing_table,
    no_whole_year,
    proportion_table,
    year_figures,
    year_series,
    year_table,
)
from iro_metrics.present.view import View, describe
from iro_metrics.published.comparison import (
    METHOD,
    Published,
    benchmarks_file,
    comparable,
    headline_comparison,
    latest_comparators,
    load_benchmarks,
)
from iro_metrics.published.national import EnglandShares
from iro_metrics.returns.report import read_import_report
from iro_metrics.ui import charts, results, symbols
from iro_metrics.ui.audience import current_audience
from iro_metrics.ui.chart_data import to_send
from iro_metrics.ui.data import Fingerprint
from iro_metrics.ui.served import data_key, run_extract

SOURCE = "Source: {name} case records (extract of {date}), computed by iro_metrics."
DELTA_COLOURS: dict[Polarity, Literal["normal", "inverse"]] = {
    Polarity.HIGH: "normal", Polarity.LOW: "inverse"}
"""How a tile colours a change: green when up is good (normal), or when down is (inverse)."""


def intro(title: str, lead: str, view: View, applicable: tuple[str, ...]) -> None:
    """The page title, a one-line explanation and the sentence describing the view."""
    st.title(title)
    st.markdown(lead)
    st.info(describe(view, applicable), icon=":material/filter_alt:")


def where_we_stand(extract: Extract, view: View, indicator_ids: tuple[str, ...],
                   only: tuple[str, ...] | None = None) -> None:
    """Under a page's intro, one line on how the page's measures with a published comparator
    stand against England and which rank moved most (``results.standing``, from the figures
    the page computes: ``only``, or every indicator); nothing when there is no such line."""
    if line := results.standing(extract, view, indicator_ids, only):
        st.markdown(f"**{line}**")


def breakdowns_allowed(view: View) -> bool:
    """Whether the page may break the view down by another characteristic: always for managers
    and for the public's unfiltered view; a filtered public view gets a note instead, since a
    group broken down again is a two-way table whose small cells could be worked out."""
    if current_audience() is Audience.MANAGER or not view.filters.active():
        return True
    st.info("Breakdowns are shown for all children in the public view: a chosen group broken "
            "down again could reveal very small numbers. Set the filters back to All to see "
            "them.", icon=":material/lock:")
    return False


def source_line(extract: Extract) -> str:
    """Where the figures come from."""
    return SOURCE.format(name=extract.authority.la_name,
                         date=format_date(extract.authority.extract_date))


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def figure(title: str, subtitle: str, chart: charts.Drawn, table: pl.DataFrame,
           description: str, extract: Extract, right_aligned: tuple[str, ...] = (),
           source: str | None = None) -> None:
    """A chart with its finding as title, subtitle (measure, area, period), the one-sentence text
    alternative, the source (the extract's, unless ``source`` names a published one), and the
    same figures as a table and a CSV download."""
    st.header(title)
    st.caption(subtitle)
    if note := charts.notice(chart):
        st.info(note, icon=":material/visibility_off:")
    else:
        st.vega_lite_chart(spec=to_send(chart), alt=description)
    _described(description, extract, source)
    with st.expander("View as table"):
        static_table(table, right_aligned)
    _download(title, subtitle, table)


def trend_or_note(trend: pl.DataFrame | None, series: dict[str, str], end: dt.date,
                  empty: str) -> pl.DataFrame | None:
    """The ``year_series`` of ``series`` (``{indicator_id: name}``) in ``trend`` (from
    ``results.yearly``, None without a whole reporting year by ``end``), or None after saying
    plainly why there is nothing to chart: no whole year yet, or ``empty`` (no figure in any
    year)."""
    if trend is None:
        st.info(no_whole_year(end), icon=":material/info:")
        return None
    shown = year_series(trend, series)
    if shown.is_empty():
        st.info(empty, icon=":material/info:")
        return None
    return shown


def bar_figure(shown: BarFigure, extract: Extract) -> None:
    """A ``report_tables.BarFigure``: its bar chart from zero with each bar labelled, and its
    table with every column after the first (the names) right-aligned."""
    figure(shown.title, shown.subtitle,
           charts.bar_chart(shown.bars, "name", shown.value, "label", shown.axis,
                            marker=shown.marker), shown.table,
           shown.description, extract, right_aligned=tuple(shown.table.columns[1:]))


def yearly_lines(trend: pl.DataFrame, lines: dict[str, str], columns: dict[str, YearColumn],
                 title: str, subtitle: str, y_title: str, description: str, extract: Extract,
                 band: tuple[float, float, str] | None = None) -> None:
    """Indicators by reporting year (from ``results.yearly``): a line for each of ``lines``
    (``{indicator_id: name}``, with ``charts.line_chart``'s optional ``band``) and a table of
    ``columns`` (``report_tables.year_figures``)."""
    chart = year_series(trend, lines).drop("label")
    figure(
        title, subtitle,
        charts.line_chart(chart, "year", "value", "series", y_title, ",.0f", x_kind="ordinal",
                          band=band),
        year_figures(trend, columns), description, extract, right_aligned=tuple(columns))


def yearly_share(trend: pl.DataFrame, indicator_id: str, numerator: str, denominator: str,
                 title: str, subtitle: str, y_title: str, description: str, extract: Extract,
                 series: str | None = None) -> None:
    """A percentage by reporting year (``yearly_lines``): one line (labelled ``series``, by
    default ``numerator``) and a table of the year, denominator, numerator and percentage,
    headed as given."""
    yearly_lines(trend, {indicator_id: series or numerator},
                 {denominator: YearColumn(indicator_id, "denominator"),
                  numerator: YearColumn(indicator_id, "numerator"),
                  f"{numerator} (%)": YearColumn(indicator_id)},
                 title, subtitle, y_title, description, extract)


def yearly_columns(trend: pl.DataFrame, series: dict[str, str], title: str, subtitle: str,
                   y_title: str, description: str, extract: Extract) -> None:
    """Indicators' values by reporting year (from ``results.yearly``) as grouped columns, one
    for each of ``series`` (``{indicator_id: name}``), and the table of those values."""
    figure(
        title, subtitle,
        charts.column_chart(year_series(trend, series), "year", "value", "label", "series",
                            y_title),
        year_table(trend, series), description, extract, right_aligned=tuple(series.values()))


def yearly_proportions(trend: pl.DataFrame, series: dict[str, str], value: str, numerator: str,
                       denominator: str, title: str, subtitle: str, description: str,
                       extract: Extract, series_heading: str | None = None) -> None:
    """Percentages by reporting year (from ``results.yearly``) as labelled columns, one for
    each of ``series`` (``{indicator_id: name}``), and their ``report_tables.proportion_table``
    with the numbers counted and 95% confidence limits."""
    figure(
        title, subtitle,
        charts.column_chart(year_series(trend, series), "year", "value", "label", "series",
                            "Per cent"),
        proportion_table(trend, series, value, numerator, denominator, series_heading),
        description, extract, right_aligned=(value, numerator, denominator, LOWER, UPPER))


def group_share_figure(frame: pl.DataFrame, indicator_id: str, dimension: str,
                       headings: tuple[str, str, str], place: str, period_label: str,
                       extract: Extract, names: dict[str, str] | None = None) -> None:
    """A percentage by the groups of ``dimension`` (``frame``: ``results.indicators`` broken
    down by it): bars with 95% confidence whiskers, each labelled with the percentage and the
    numbers counted, and the table of those figures under ``headings`` (value, numerator,
    denominator); a plain note when no group has anyone to count."""
    indicator, word = BY_ID[indicator_id], DIMENSION_LABELS[dimension]
    groups = group_shares(frame, indicator_id, names)
    if groups.is_empty():
        st.subheader(word)
        st.info(f"No one to count in {period_label} for the children chosen.",
                icon=":material/info:")
        return
    figure(
        group_share_finding(indicator.label, word, groups),
        f"{indicator.title} (%) by {word.lower()}, with 95% confidence intervals, {place}, "
        f"{period_label}",
        charts.bar_chart(groups, "name", "value", "label", "Per cent",
                         interval=("lower_95", "upper_95")),
        group_share_table(groups, word, *headings),
        f"Horizontal bar chart of {lower_first(indicator.title)} (%) in {period_label} by "
        f"{word.lower()}, each bar labelled with its percentage and the numbers counted, black "
        "whiskers showing 95% confidence intervals, under the filters above.",
        extract, right_aligned=(*headings, LOWER, UPPER))


def _described(description: str, extract: Extract, source: str | None = None) -> None:
    """The one-sentence text alternative and the source line under a figure."""
    st.markdown(f"*{description}*")
    st.caption(source or source_line(extract))


def download_csv(label: str, frame: pl.DataFrame, file_name: str, key: str | None = None) -> None:
    """A button downloading exactly ``frame`` as CSV; downloading does not rerun the page."""
    _csv_button(label, to_csv(frame), file_name, key or f"csv-{file_name}")


def _csv_button(label: str, text: str, file_name: str, key: str) -> None:
    st.download_button(label, data=text, file_name=file_name, mime="text/csv",
                       on_click="ignore", key=key, icon=":material/download:")


def _download(title: str, subtitle: str, table: pl.DataFrame) -> None:
    """A CSV download of exactly the table's figures; its key also depends on the subtitle and
    the figures, so two figures whose titles read alike (say, suppressed as c) stay apart. The
    CSV is written once, for both the key and the button."""
    text = to_csv(table)
    digest = hashlib.sha1(f"{subtitle}\n{text}".encode()).hexdigest()[:10]
    _csv_button("Download CSV", text, csv_name(subtitle), f"csv-{_slug(title)}-{digest}")


CSV_NAME_LENGTH = 120


def csv_name(subtitle: str) -> str:
    """A figure's CSV file name from its subtitle, which says what the table is, for which area
    and when (``children-looked-after-by-sex-darlington-31-march-2021.csv``), not from its
    headline, which says what it found; cut at a word to stay a sensible length."""
    slug = _slug(subtitle)
    if len(slug) > CSV_NAME_LENGTH:
        slug = slug[:CSV_NAME_LENGTH].rsplit("-", 1)[0]
    return f"{slug}.csv"


def static_table(frame: pl.DataFrame, right_aligned: tuple[str, ...] = (),
                 unbroken: tuple[str, ...] = (),
                 cell_colours: dict[str, dict[str, str]] | None = None) -> None:
    """A table of display text as a static table (plain HTML, read cell by cell by screen
    readers, its text wrapping so that nothing is cut at a phone's width): numbers
    right-aligned, the ``unbroken`` columns (dates) kept on one line, and chosen cells coloured
    (``cell_colours``, as ``_coloured``)."""
    def cells(names: tuple[str, ...]) -> str:
        return ", ".join(f"{cell}.col{frame.columns.index(name)}{inner}" for name in names
                         for cell in ("th", "td") for inner in ("", " *"))
    symbols.note_table(frame)
    styles = []
    if right_aligned:
        styles.append({"selector": cells(right_aligned), "props": "text-align: right !important"})
    if unbroken:
        styles.append({"selector": cells(unbroken), "props": "white-space: nowrap"})
    styler = _coloured(frame, cell_colours) if cell_colours else _styler(frame)
    st.table(styler.set_table_styles(styles), hide_index=True)


def _styler(frame: pl.DataFrame) -> Styler:
    """The frame as a pandas Styler that gives a cell an id only when the cell is styled: the
    columns are styled by class, and Streamlit writes every cell with an id into the table
    again one at a time, which took a third of a warm page's time (issue 16)."""
    return Styler(frame.to_pandas(), cell_ids=False)


def long_list(frame: pl.DataFrame) -> None:
    """A list that may run to thousands of rows: a scrolling table, row numbers right-aligned."""
    st.dataframe(frame, hide_index=True, column_config={
        "Row": st.column_config.TextColumn(alignment="right")})


def _coloured(table: pl.DataFrame, cell_colours: dict[str, dict[str, str]]) -> Styler:
    """The table as a pandas Styler: a cell whose text is a key of its column's colours gets that
    background, with white bold text (the text itself always stays, so colour is never alone)."""
    def style(text: object, colours: dict[str, str]) -> str:
        colour = colours.get(str(text))
        return f"background-color: {colour}; color: #ffffff; font-weight: bold" if colour else ""
    styler = _styler(table)
    for name, colours in cell_colours.items():
        if name in table.columns:
            styler = styler.map(style, subset=[name], colours=colours)
    return styler


def table_block(title: str, subtitle: str, table: pl.DataFrame, description: str,
                extract: Extract, right_aligned: tuple[str, ...] = (),
                cell_colours: dict[str, dict[str, str]] | None = None,
                source: str | None = None) -> None:
    """A table shown as a figure in its own right (like the annual report's tables): finding as
    title, subtitle, the table (every row, wrapping), a one-sentence description, the source
    and a CSV download of exactly its figures. ``cell_colours`` ({column: {cell text:
    background}}) colours chosen cells, e.g. quartile bands A and D; ``source`` names a
    published source in place of the extract's."""
    st.header(title)
    st.caption(subtitle)
    static_table(table, right_aligned, cell_colours=cell_colours)
    _described(description, extract, source)
    _download(title, subtitle, table)


def tile(column: st.delta_generator.DeltaGenerator, indicator_id: str,
         row: Mapping[str, Any] | None, previous: Mapping[str, Any] | None, previous_label: str,
         show_good: bool = True) -> None:
    """One headline figure with its change from the previous period and what good looks like
    (``show_good=False`` leaves the latter out, for a page that states it beside the tile), and
    under it a data-quality note when more than 5% of the rows of a table it reads were set
    aside or repaired: every headline figure is drawn here, so no page needs its own note."""
    indicator = BY_ID[indicator_id]
    value = row["value"] if row else None
    before = previous["value"] if previous else None
    change = (value - before) if value is not None and before is not None else None
    delta = format_change(change, indicator)
    colour: Literal["normal", "inverse", "off"] = DELTA_COLOURS.get(indicator.polarity, "off")
    unchanged = delta == NO_CHANGE
    shown = format_value(value, indicator)
    symbols.note_text(shown)
    column.metric(
        indicator.label, shown,
        delta=f"{delta} on {previous_label}" if delta else None,
        delta_color="off" if unchanged else colour, delta_arrow="off" if unchanged else "auto",
        help=" ".join(part for part in (indicator.title + ".", indicator.description,
                                        indicator.good, spelled_out(indicator.label)) if part),
        border=True)
    if indicator.good and show_good:
        column.caption(indicator.good)
    note = quality_note(_affected().get(indicator_id, ()), current_audience() is Audience.PUBLIC)
    if note:
        column.warning(note, icon=":material/warning:")


def fte_tile(column: st.delta_generator.DeltaGenerator, row: Mapping[str, Any],
             previous: Mapping[str, Any] | None, previous_label: str, decimals: int = 2) -> None:
    """The IRO and CP chair full-time equivalents in post (the caseloads' denominator, from a
    caseload indicator's ``row``) with the change from the previous period in neutral colours:
    more or fewer staff is not in itself better or worse."""
    change, moved = format_difference(row["denominator"], (previous or {}).get("denominator"),
                                      decimals)
    column.metric(
        "IROs and chairs (FTE)", format_number(row["denominator"], decimals),
        delta=f"{change} on {previous_label}" if change else None, delta_color="off",
        delta_arrow="auto" if moved else "off",
        help="Full-time equivalents (FTE) of IROs and child protection chairs in post on the "
             "last day of the period: the staff the caseload is shared between.", border=True)


def tile_rows(rows: tuple[tuple[str, ...], ...], now: dict[str, dict[str, Any]],
              before: dict[str, dict[str, Any]], view: View, extract: Extract, width: int = 4,
              published: bool = True) -> None:
    """Headline tiles, a row of ``width`` columns for each tuple of indicator ids, with the
    figures ``now`` and ``before`` (``report_tables.by_indicator``); with ``published``, each
    compared with England's and the region's published figures, or one note saying why not."""
    label = previous(view.period).label
    for row_ids in rows:
        for column, indicator_id in zip(st.columns(width), row_ids, strict=False):
            tile(column, indicator_id, now.get(indicator_id), before.get(indicator_id), label)
            if published:
                compared_with_published(column, indicator_id, now.get(indicator_id), view,
                                        extract)
    if published:
        not_compared_note(view, tuple(i for row_ids in rows for i in row_ids))


def _affected() -> dict[str, tuple[TableShare, ...]]:
    """``data_quality.affected_indicators`` of every indicator for the extract shown, cached on
    its files."""
    extract = run_extract()
    return _cached_affected(*data_key(extract), extract)


@st.cache_data(show_spinner=False, max_entries=8)
def _cached_affected(directory: str, files: Fingerprint,
                     _extract: Extract) -> dict[str, tuple[TableShare, ...]]:
    # Keyed on the directory and its files only (the extract is the one loaded from them).
    return affected_indicators(BY_ID, table_shares(_extract.report,
                                                   read_import_report(Path(directory))))


def what_good(indicator_id: str, more: str = "") -> None:
    """The registry's words for what good looks like, under a figure (``more`` adds a note)."""
    st.caption(f"What good looks like: {BY_ID[indicator_id].good}{more}")


def absent(what: str, table: str) -> None:
    """Say plainly that the extract lacks a table, instead of failing."""
    st.info(f"This extract has no {what} (the `{table}` table), so this part of the page cannot "
            "be shown. Every other part still works.", icon=":material/info:")


def has_tables(extract: Extract, *indicator_ids: str) -> bool:
    """Whether the extract has every table and optional column these indicators need (the
    registry's, through ``report_tables.missing_table`` and ``missing_column``); if not, says
    plainly which it lacks, in place of the section about them."""
    if table := missing_table(extract, *indicator_ids):
        absent(TABLE_WORDS[table], table)
        return False
    if missing := missing_column(extract, *indicator_ids):
        table, column = missing
        st.info(f"This extract's `{table}` table has no `{column}` column (recording "
                f"{COLUMN_WORDS[missing]}), so this part of the page cannot be shown. Every "
                "other part still works.", icon=":material/info:")
        return False
    return True


def symbols_footnote() -> None:
    """Explain the symbols the page has shown (``symbols.shown``); nothing when it showed
    none."""
    if shown := symbols.shown():
        st.caption(" ".join(f"{symbol}: {meaning}." for symbol, meaning in shown.items()))


@st.cache_data(show_spinner=False, max_entries=64)
def _published(la_code: str, year: int, path: str) -> dict[str, Published]:
    """The authority's, its region's and England's published figures for the year to 31 March
    ``year``, or the latest earlier year published (``comparison.latest_comparators``), by
    indicator; empty without the benchmarks table at ``path`` (part of the cache key)."""
    table = load_benchmarks(Path(path))
    if table is None:
        return {}
    found = {indicator_id: latest_comparators(table, la_code, indicator_id, year)
             for indicator_id in table["indicator_id"].unique().to_list()}
    return {indicator_id: published for indicator_id, published in found.items() if published}


@st.cache_data(show_spinner=False, max_entries=4)
def _published_ids(path: str) -> frozenset[str]:
    table = load_benchmarks(Path(path))
    return frozenset() if table is None else frozenset(table["indicator_id"].unique().to_list())


def compared_with_published(column: st.delta_generator.DeltaGenerator, indicator_id: str,
                            row: Mapping[str, Any] | None, view: View,
                            extract: Extract) -> None:
    """Under a tile: how its figure compares with England's and the region's published figures
    for the same reporting year, or the latest earlier year published, named
    (``comparison.headline_comparison``, Fingertips method). Says nothing for a count, a
    measure without a published comparator, or a view that published figures do not cover
    (see ``not_compared_note``)."""
    path = str(benchmarks_file())
    if comparable(view) is not None or indicator_id not in _published_ids(path):
        return
    published = _published(extract.authority.la_code, view.period.end.year, path).get(
        indicator_id)
    text = published and headline_comparison(
        BY_ID[indicator_id], row, published.figures, view.period.label,
        reporting_year(published.year - 1).label)
    if text:
        column.caption(text, help=METHOD)


def not_compared_note(view: View, indicator_ids: tuple[str, ...]) -> None:
    """One line saying why figures that have published comparators are not compared with
    England here (a filtered view or custom dates); nothing when they are compared."""
    reason = comparable(view)
    judged = {i for i in indicator_ids if BY_ID[i].unit is not Unit.COUNT}
    if reason is None or not judged & _published_ids(str(benchmarks_file())):
        return
    st.caption(f"Not compared with England or the region: {reason}. Choose a whole reporting "
               "year with no filters, or see the Benchmarks page.")


def disproportionality(extract: Extract, view: View, indicator_id: str, counted: str,
                       england: EnglandShares | None) -> None:
    """The disproportionality figure for one count (``present/disproportionality.py``), from the
    engine's results as the audience sees them, or one note saying why it cannot be shown
    (a filtered view; no population by ethnic group in the extract)."""
    st.divider()
    st.header("Rates by ethnic group (disproportionality)")
    populations = group_populations(extract.population, view.period.end)
    if view.filters.active() or populations is None:
        st.info(FILTERED if view.filters.active() else NO_POPULATION, icon=":material/info:")
        return
    shown = disproportion(results.indicators(extract, view, by="ethnic_group"),
                          results.indicators(extract, view), indicator_id, counted, populations,
                          england, extract.authority.la_name, format_date(view.period.end))
    figure(shown.title, shown.subtitle,
           charts.bar_chart(shown.bars, "name", "value", "label", RELATIVE,
                            interval=("lower", "upper")),
           shown.table, shown.description, extract,
           right_aligned=tuple(shown.table.columns[1:]))
    st.caption(DISPROPORTION_METHOD)
