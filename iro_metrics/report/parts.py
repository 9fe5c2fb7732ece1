"""The parts a section of the annual report is made of, each a small piece of data saying what to
show (which indicators, which breakdown) and turning the report's figures into blocks with the
dashboard's own tables, charts and findings. A part whose table the extract lacks says so in one
sentence instead."""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol

import polars as pl

from iro_metrics.indicators.population import group_populations
from iro_metrics.indicators.registry import BY_ID, DIMENSION_LABELS, INDICATORS, Polarity
from iro_metrics.present import data_quality as dq
from iro_metrics.present.child_protection import conference_words
from iro_metrics.present.definitions import definition
from iro_metrics.present.disproportionality import ENGLAND_SHARE, NO_POPULATION, RELATIVE, disproportion
from iro_metrics.present.disproportionality import METHOD as DISPROPORTION_METHOD
from iro_metrics.present.findings import month_movement, movement_between, year_finding
from iro_metrics.present.formatting import SYMBOLS, format_date, lower_first, upper_first
from iro_metrics.present.looked_after import england_words
from iro_metrics.present.participation_codes import (
    PN4_NOTE,
    code_finding,
    code_table,
    with_labels,
)
from iro_metrics.present.report_tables import (
    LOWER,
    UPPER,
    BarFigure,
    YearColumn,
    breakdown,
    conference_series,
    conference_table,
    group_years,
    missing_column,
    missing_table,
    month_series,
    month_span,
    proportion_table,
    year_figures,
    year_rows,
    year_series,
    year_table,
    years_across,
)
from iro_metrics.present.workforce_tables import (
    CASELOADS,
    HANDBOOK_BAND,
    allocations_figure,
    caseload_columns,
    caseload_description,
    caseload_subtitle,
    caseload_title,
    disputes_figure,
    roles_figure,
)
from iro_metrics.published.benchmark_tables import (
    areas_finding,
    comparison_table,
    summary_finding,
)
from iro_metrics.published.benchmark_text import Places, summary_words
from iro_metrics.published.national import NOT_PUBLISHED, england_on, england_shares, load_england
from iro_metrics.report import words
from iro_metrics.report.content import (
    Block,
    Bullets,
    Chart,
    Note,
    Paragraph,
    Subheading,
    Table,
    Term,
)
from iro_metrics.report.figures import NEIGHBOUR_AVERAGE, Figures
from iro_metrics.report.findings import key_findings
from iro_metrics.returns.report import read_import_report
from iro_metrics.ui import charts


class Part(Protocol):
    """What every part does: its blocks for the report's figures."""

    def blocks(self, figures: Figures) -> list[Block]: ...


def _headed(subheading: str, blocks: list[Block]) -> list[Block]:
    return [Subheading(subheading), *blocks] if subheading else blocks


def _bar_table(shown: BarFigure) -> Table:
    """A bar figure's table under its title and subtitle, every column but the first (the
    names) right-aligned."""
    return Table(shown.title, shown.subtitle, shown.table, tuple(shown.table.columns[1:]))


def _missing(figures: Figures, ids: tuple[str, ...]) -> str | None:
    """Why the part has no figures: the table or optional column the extract lacks; None when
    it has them."""
    if table := missing_table(figures.extract, *ids):
        return words.no_table(table)
    column = missing_column(figures.extract, *ids)
    return words.no_column(*column) if column else None


@dataclass(frozen=True)
class Text:
    """Fixed paragraphs written for the report's authority and year."""

    paragraphs: Callable[[Figures], tuple[str, ...]]
    subheading: str = ""

    def blocks(self, figures: Figures) -> list[Block]:
        return _headed(self.subheading, [Paragraph(text) for text in self.paragraphs(figures)])


@dataclass(frozen=True)
class KeyFindings:
    """One sentence per measure with its comparison (``report.findings``)."""

    ids: tuple[str, ...]
    subheading: str = "Key findings"

    def blocks(self, figures: Figures) -> list[Block]:
        found = key_findings(figures, self.ids)
        return _headed(self.subheading, [Bullets(found)] if found else [])


@dataclass(frozen=True)
class Measures:
    """Measures over the report's years, the years running across, with each one's change on
    the year before in words; a note naming the table the extract lacks instead."""

    ids: tuple[str, ...]
    subheading: str
    subject: str

    def blocks(self, figures: Figures) -> list[Block]:
        if reason := _missing(figures, self.ids):
            return _headed(self.subheading, [Note(reason)])
        first = BY_ID[self.ids[0]]
        changes = tuple(
            year_finding(BY_ID[i].title, year_rows(figures.trend, i), BY_ID[i].decimals,
                         "%" if BY_ID[i].is_proportion else "") + "."
            for i in self.ids)
        table = years_across(figures.trend, {BY_ID[i].title: YearColumn(i) for i in self.ids})
        note = words.caution(figures.affected(*self.ids), figures.public)
        return _headed(self.subheading, [
            Bullets(changes),
            Table(movement_between(first.title, year_series(figures.trend, {first.id: first.title}),
                                   figures.span),
                  f"{self.subject}, {figures.name}, {figures.span}", table,
                  tuple(table.columns[1:])),
            *([Note(note)] if note else []),
        ])


@dataclass(frozen=True)
class Compared:
    """The year's figures beside England's, the region's and the statistical neighbours'
    published ones, with the comparison in words (Fingertips method) and the quartile band
    and rank (LAIT); nothing when none of them is published."""

    ids: tuple[str, ...]
    subheading: str = ""

    def blocks(self, figures: Figures) -> list[Block]:
        rows = figures.compared(*self.ids)
        if not rows or missing_table(figures.extract, *self.ids):
            return []
        places = Places(figures.name, figures.region, NEIGHBOUR_AVERAGE)
        table = comparison_table(rows, figures.name, figures.region, NEIGHBOUR_AVERAGE,
                                 figures.year.end.year)
        subtitle, _ = summary_words(places, figures.year.label, "", len(rows))
        found = [areas_finding(row, figures.name, figures.year.label, NEIGHBOUR_AVERAGE)
                 for row in rows]
        judged = any(row.england is not None and row.indicator.polarity is not Polarity.NONE
                     for row in rows)
        return _headed(self.subheading, [
            Bullets(tuple(f"{finding}." for finding in found)),
            Table(summary_finding(rows, figures.name, figures.year.label) if judged else found[0],
                  subtitle, table, tuple(table.columns[1:5])),
        ])


@dataclass(frozen=True)
class MonthlyTrend:
    """One count at each month end of the report's years, as a line."""

    indicator_id: str
    series: str
    what: str
    subheading: str = ""

    def blocks(self, figures: Figures) -> list[Block]:
        if reason := _missing(figures, (self.indicator_id,)):
            return _headed(self.subheading, [Note(reason)])
        series = month_series(figures.monthly(), {self.indicator_id: self.series})
        if series.is_empty():
            return []
        span = month_span(series)
        return _headed(self.subheading, [Chart(
            month_movement(upper_first(self.what), series),
            f"{upper_first(self.what)} at each month end, {figures.name}, {span}",
            charts.line_chart(series, "month_end", "value", "series", "Children"),
            words.months_alt(series, self.what, span))])


@dataclass(frozen=True)
class YearColumns:
    """Counts in each of the report's years as grouped columns, with their table; titled by
    the first series' change on the year before."""

    series: dict[str, str]
    what: str
    axis: str
    subheading: str = ""

    def blocks(self, figures: Figures) -> list[Block]:
        if reason := _missing(figures, tuple(self.series)):
            return _headed(self.subheading, [Note(reason)])
        shown = year_series(figures.trend, self.series)
        first = BY_ID[next(iter(self.series))]
        title = year_finding(first.title, year_rows(figures.trend, first.id))
        table = year_table(figures.trend, self.series)
        return _headed(self.subheading, [
            Chart(title, f"{upper_first(self.what)}, {figures.name}, {figures.span}",
                  charts.column_chart(shown, "year", "value", "label", "series", self.axis),
                  words.columns_alt(shown, self.what, figures.span)),
            Table(title, f"{upper_first(self.what)}, {figures.name}, {figures.span}", table,
                  tuple(table.columns[1:])),
        ])


@dataclass(frozen=True)
class Proportions:
    """Percentages in each of the report's years as labelled columns, with the numbers counted
    and 95% confidence limits (``report_tables.proportion_table``)."""

    series: dict[str, str]
    headings: tuple[str, str, str]
    what: str
    subheading: str = ""
    series_heading: str | None = None

    def blocks(self, figures: Figures) -> list[Block]:
        if reason := _missing(figures, tuple(self.series)):
            return _headed(self.subheading, [Note(reason)])
        shown = year_series(figures.trend, self.series)
        first = BY_ID[next(iter(self.series))]
        title = year_finding(first.title, year_rows(figures.trend, first.id), first.decimals,
                             "%")
        subtitle = f"{upper_first(self.what)} (%), {figures.name}, {figures.span}"
        value, numerator, denominator = self.headings
        table = proportion_table(figures.trend, self.series, value, numerator, denominator,
                                 self.series_heading)
        return _headed(self.subheading, [
            Chart(title, subtitle,
                  charts.column_chart(shown, "year", "value", "label", "series", "Per cent"),
                  words.columns_alt(shown, self.what + " (%)", figures.span)),
            Table(title, subtitle, table, (value, numerator, denominator, LOWER, UPPER)),
        ])


@dataclass(frozen=True)
class YearLines:
    """Percentages in each of the report's years as lines, with a table of ``columns``."""

    lines: dict[str, str]
    columns: dict[str, YearColumn]
    what: str
    axis: str
    subheading: str = ""

    def blocks(self, figures: Figures) -> list[Block]:
        if reason := _missing(figures, tuple(self.lines)):
            return _headed(self.subheading, [Note(reason)])
        shown = year_series(figures.trend, self.lines)
        first = BY_ID[next(iter(self.lines))]
        title = year_finding(first.title, year_rows(figures.trend, first.id), first.decimals,
                             "%")
        subtitle = f"{upper_first(self.what)}, {figures.name}, {figures.span}"
        return _headed(self.subheading, [
            Chart(title, subtitle,
                  charts.line_chart(shown.drop("label"), "year", "value", "series", self.axis,
                                    x_kind="ordinal"),
                  words.lines_alt(shown, self.what, figures.span)),
            Table(title, subtitle, year_figures(figures.trend, self.columns), tuple(self.columns)),
        ])


@dataclass(frozen=True)
class GroupYears:
    """One count by the groups of a characteristic in each of the report's years (the annual
    report's age and ethnicity tables), titled by the year's largest group."""

    indicator_id: str
    dimension: str
    subject: str
    names: dict[str, str] | None = None
    subheading: str = ""

    def blocks(self, figures: Figures) -> list[Block]:
        if reason := _missing(figures, (self.indicator_id,)):
            return _headed(self.subheading, [Note(reason)])
        word = DIMENSION_LABELS[self.dimension]
        by_group = figures.by_year(self.dimension)
        latest = by_group.filter(pl.col("period_start") == figures.year.start)
        total = figures.now[self.indicator_id]["numerator"]
        groups = breakdown(latest, self.indicator_id, self.names, total)
        table = group_years(by_group, figures.trend, self.indicator_id, self.dimension, word,
                            self.names)
        subtitle = (f"{self.subject} by {word.lower()} on 31 March of each reporting year, "
                    f"{figures.name}, {figures.span}")
        england = (england_shares(load_england(), self.dimension, figures.year.end.year)
                   if self.indicator_id == "lac_count" else None)
        notes: list[Block] = [] if england or self.indicator_id == "lac_count" else [
            Note(NOT_PUBLISHED)]
        if england:
            names = {name: group for group, name in (self.names or {}).items()}
            table = table.with_columns(pl.Series(ENGLAND_SHARE, [
                england.shown(names.get(name, name)) if name != "Total" else "100"
                for name in table[table.columns[0]].to_list()], dtype=pl.String))
            subtitle += f"; {england_words(england, figures.year.end.year)}"
        return _headed(self.subheading, [Table(
            words.largest_group(self.subject, word, groups, total, figures.year.label),
            subtitle, table, tuple(table.columns[1:])), *notes])


@dataclass(frozen=True)
class Disproportionality:
    """One count (``lac_count`` or ``cp_count``) per 10,000 children of each ethnic group on
    the year's last day and the relative rate against White children with its 95% interval
    (``present/disproportionality.py``, as the dashboard shows it), from the breakdown as the
    audience may see it; a note when the extract gives no population by ethnic group."""

    indicator_id: str
    counted: str
    subheading: str = ""

    def blocks(self, figures: Figures) -> list[Block]:
        if reason := _missing(figures, (self.indicator_id,)):
            return _headed(self.subheading, [Note(reason)])
        populations = group_populations(figures.extract.population, figures.year.end)
        if populations is None:
            return _headed(self.subheading, [Note(NO_POPULATION)])
        this_year = pl.col("period_start") == figures.year.start
        england = (england_on("ethnic_group", figures.year.end)
                   if self.indicator_id == "lac_count" else None)
        shown = disproportion(figures.by_year("ethnic_group").filter(this_year),
                              figures.trend.filter(this_year), self.indicator_id, self.counted,
                              populations, england, figures.name, format_date(figures.year.end))
        return _headed(self.subheading, [
            Chart(shown.title, shown.subtitle,
                  charts.bar_chart(shown.bars, "name", "value", "label", RELATIVE,
                                   interval=("lower", "upper")), shown.description),
            Table(shown.title, shown.subtitle, shown.table, tuple(shown.table.columns[1:])),
            Note(DISPROPORTION_METHOD)])


@dataclass(frozen=True)
class Caseloads:
    """Children per full-time IRO in each of the report's years: looked-after children against
    the IRO Handbook's 50 to 70, and the annual report's children looked after or on a plan."""

    subheading: str = ""

    def blocks(self, figures: Figures) -> list[Block]:
        found: list[Block] = []
        for caseload in CASELOADS:
            if reason := _missing(figures, (caseload.indicator_id,)):
                found.append(Note(reason))
                continue
            rows = year_rows(figures.trend, caseload.indicator_id)
            title = caseload_title(caseload, rows)
            subtitle = caseload_subtitle(caseload, figures.name, figures.span)
            line = year_series(figures.trend, {caseload.indicator_id: caseload.counted})
            found += [
                Chart(title, subtitle,
                      charts.line_chart(line.drop("label"), "year", "value", "series",
                                        "Children per FTE", x_kind="ordinal",
                                        band=HANDBOOK_BAND if caseload.band else None),
                      caseload_description(caseload, rows, figures.span)),
                Table(title, subtitle, year_figures(figures.trend, caseload_columns(caseload)),
                      tuple(caseload_columns(caseload))),
                Note(f"What good looks like: {BY_ID[caseload.indicator_id].good}"),
            ]
        return _headed(self.subheading, found)


@dataclass(frozen=True)
class StaffInPost:
    """IROs and conference chairs in post on the year's last day, by role."""

    subheading: str = ""

    def blocks(self, figures: Figures) -> list[Block]:
        staff = figures.staff()
        if staff is None:
            return _headed(self.subheading, [Note(words.no_table("iro_staff"))])
        shown = roles_figure(staff, figures.now["iro_caseload"]["denominator"], figures.name,
                             format_date(figures.year.end))
        return _headed(self.subheading, [
            _bar_table(shown)])


@dataclass(frozen=True)
class Allocations:
    """Children allocated to each IRO on the year's last day (IROs numbered, never named)."""

    subheading: str = ""

    def blocks(self, figures: Figures) -> list[Block]:
        held = figures.allocations()
        if held is None:
            return _headed(self.subheading, [Note(words.no_table("iro_allocations"))])
        if held.is_empty():
            return _headed(self.subheading, [Note(
                f"No children were allocated to an IRO on {format_date(figures.year.end)}.")])
        shown = allocations_figure(held, figures.name, format_date(figures.year.end))
        return _headed(self.subheading, [
            Chart(shown.title, shown.subtitle,
                  charts.bar_chart(shown.bars, "name", shown.value, "label", shown.axis),
                  shown.description),
            _bar_table(shown)])


@dataclass(frozen=True)
class Disputes:
    """Disputes raised in the year by stage or by issue."""

    column: str
    subheading: str = ""

    def blocks(self, figures: Figures) -> list[Block]:
        table = figures.disputes(self.column)
        if table is None:
            return _headed(self.subheading, [Note(words.no_table("iro_disputes"))])
        shown = disputes_figure(table, self.column, figures.now["disputes_raised"]["numerator"],
                                figures.name, figures.year.label)
        return _headed(self.subheading, [
            _bar_table(shown)])


@dataclass(frozen=True)
class ReviewCodes:
    """The year's reviews of children aged 4 and over by participation (PN) code."""

    subheading: str = ""

    def blocks(self, figures: Figures) -> list[Block]:
        codes = figures.review_codes()
        if codes is None:
            return _headed(self.subheading, [Note(words.no_table("lac_reviews"))])
        older = with_labels(codes).filter(pl.col("aged_4_plus"))
        table = code_table(older)
        return _headed(self.subheading, [
            Table(code_finding(older),
                  f"Reviews of looked-after children aged 4 and over by participation code, "
                  f"number and share, {figures.name}, {figures.year.label}", table,
                  tuple(table.columns[2:])),
            Note(PN4_NOTE)])


@dataclass(frozen=True)
class Conferences:
    """Conferences held by type in each of the report's years, and children discussed."""

    subheading: str = ""

    def blocks(self, figures: Figures) -> list[Block]:
        activity = figures.conferences()
        if activity is None:
            return _headed(self.subheading, [Note(words.no_table("cp_conferences"))])
        series = conference_series(activity)
        said = conference_words(series, figures.year.label, figures.name, figures.span)
        table = conference_table(series)
        return _headed(self.subheading, [
            Chart(said.title, said.subtitle,
                  charts.column_chart(series, "year", "conferences", "label", "series",
                                      said.axis), said.description),
            Table(said.title, said.subtitle, table, tuple(table.columns[2:]))])


@dataclass(frozen=True)
class Remark:
    """A fixed note, such as what a local measure is."""

    text: Callable[[], str]
    subheading: str = ""

    def blocks(self, figures: Figures) -> list[Block]:
        return _headed(self.subheading, [Note(self.text().replace("**", ""))])


@dataclass(frozen=True)
class Definitions:
    """Every registered indicator defined in words, from the registry."""

    subheading: str = "Definitions"

    def blocks(self, figures: Figures) -> list[Block]:
        terms: list[Block] = []
        for indicator in INDICATORS:
            said = definition(indicator)
            out_of = f"; out of: {lower_first(indicator.denominator)}" if indicator.denominator else ""
            judged = "" if indicator.polarity is Polarity.NONE else f" {said['Polarity']}."
            terms.append(Term(said["Title"], (
                f"{said['Description']} Counts: {lower_first(indicator.numerator)}{out_of}. "
                f"{said['Kind']}.{judged} Source: {said['Guidance followed']}.")))
        return _headed(self.subheading, terms)


SUMMARY_COLUMNS = ("Table", "Status", "Rows read", "Rows loaded", "Rows set aside", "Earliest",
                   "Latest")


@dataclass(frozen=True)
class DataQuality:
    """What was loaded, set aside and repaired (``present/data_quality.py``), as the Data
    quality page states it for the same audience, and the caution for affected figures."""

    reported: tuple[str, ...] = field(default=tuple(indicator.id for indicator in INDICATORS))
    subheading: str = "Data quality"

    def blocks(self, figures: Figures) -> list[Block]:
        report, public = figures.extract.report, figures.public
        imported = read_import_report(figures.extract.directory)
        summary = dq.table_summary(figures.extract, public).select(SUMMARY_COLUMNS)
        found: list[Block] = [Table(
            dq.headline(dq.totals(report), public),
            f"Rows read, loaded and set aside from each table of the extract of "
            f"{format_date(figures.extract.authority.extract_date)}, and the dates each covers",
            summary, ("Rows read", "Rows loaded", "Rows set aside"))]
        for issues, what in ((report.set_aside, "Rows set aside"), (report.warnings, "Warnings")):
            if issues.height:
                found.append(Table(f"{what}, by table and rule", f"{what} by the rule broken",
                                   dq.counts_by_rule(issues, public), ("Rows",)))
        if imported:
            repairs = dq.import_repairs(imported, public)
            if repairs.height:
                found.append(Table("Rows repaired when the statutory returns were imported",
                                   "Rows repaired, by table and rule", repairs, ("Rows",)))
        note = words.caution(figures.affected(*self.reported), public)
        return _headed(self.subheading, [*found, *([Note(note)] if note else [])])


@dataclass(frozen=True)
class Sources:
    """Where the figures come from, and the symbols used in tables."""

    subheading: str = "Sources and symbols"

    def blocks(self, figures: Figures) -> list[Block]:
        authority = figures.extract.authority
        published = tuple(dict.fromkeys(row.source for row in figures.comparators if row.source))
        return _headed(self.subheading, [
            Bullets(words.sources(figures.name, format_date(authority.extract_date),
                                  figures.extract.population is not None,
                                  figures.neighbour_model, published)),
            Bullets(tuple(f"{symbol}: {meaning}." for symbol, meaning in SYMBOLS.items()))])
