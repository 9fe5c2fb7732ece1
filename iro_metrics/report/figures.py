"""Every figure the annual report shows, for one reporting year and one audience: the engine's
results for the year, the year before and up to five reporting years, breakdowns, month-end
counts, review codes, conferences, disputes, staff and allocations, each as the audience may see
it (``present/protected.py``, the dashboard's own disclosure control), and the published
comparators (England, the region and the statistical neighbours' mean, as LAIT averages them)."""

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import polars as pl

from iro_metrics.contract.extract import Extract
from iro_metrics.indicators import conferences, engine, participation, workforce
from iro_metrics.indicators.periods import Period, previous
from iro_metrics.present.data_quality import TableShare, affected_indicators, table_shares
from iro_metrics.present.disclosure import Audience
from iro_metrics.present.protected import (
    allocation_figures,
    conference_figures,
    dispute_figures,
    indicator_figures,
    monthly_figures,
    review_code_figures,
)
from iro_metrics.present.report_tables import by_indicator, year_span, years_up_to
from iro_metrics.present.view import first_full_year
from iro_metrics.published.benchmark_tables import Row, benchmark_rows, region_name
from iro_metrics.published.comparison import load_benchmarks
from iro_metrics.published.neighbours import model_for, neighbours_of
from iro_metrics.returns.report import read_import_report

REPORT_YEARS = 5
NEIGHBOUR_AVERAGE = "mean"
"""The statistical neighbours' average the report uses: the mean, as LAIT works it out."""


def report_years(extract: Extract, year: Period) -> list[Period]:
    """The reporting years the report's tables run over: up to five ending with ``year``, from
    the first the extract covers fully (``view.first_full_year``); ``year`` alone when it is
    earlier than that."""
    return years_up_to(year.end, first_full_year(extract), REPORT_YEARS) or [year]


@dataclass(frozen=True, eq=False)
class Figures:
    """The figures of one report. ``now`` and ``before`` are the year's and the previous year's
    headline rows by indicator; ``trend`` stacks the headline results of ``years``;
    ``comparators`` are the published comparisons of the year (empty without the benchmarks
    table); ``shares`` each table's rows set aside or repaired (``data_quality.table_shares``)."""

    extract: Extract
    year: Period
    audience: Audience
    years: tuple[Period, ...]
    now: dict[str, dict[str, Any]]
    before: dict[str, dict[str, Any]]
    trend: pl.DataFrame
    comparators: tuple[Row, ...]
    region: str
    neighbour_model: str
    shares: dict[str, TableShare]
    _breakdowns: dict[str, pl.DataFrame] = field(default_factory=dict, repr=False)

    @property
    def name(self) -> str:
        """The authority's name."""
        return self.extract.authority.la_name

    @property
    def before_label(self) -> str:
        """The previous reporting year's label."""
        return previous(self.year).label

    @property
    def span(self) -> str:
        """The years the tables run over: ``2015-16 to 2019-20``."""
        return year_span(list(self.years))

    @property
    def public(self) -> bool:
        """Whether this is the public edition."""
        return self.audience is not Audience.MANAGER

    def results(self, period: Period, by: str | None = None) -> pl.DataFrame:
        """Every indicator for ``period`` (broken down ``by`` one dimension) as the audience
        sees it."""
        return indicator_figures(engine.compute(self.extract, period, by=by), self.audience)

    def by_year(self, dimension: str) -> pl.DataFrame:
        """Every indicator broken down by ``dimension`` in each of ``years``, stacked."""
        if dimension not in self._breakdowns:
            self._breakdowns[dimension] = pl.concat(
                [self.results(year, dimension) for year in self.years])
        return self._breakdowns[dimension]

    def monthly(self) -> pl.DataFrame:
        """Children looked after and on a plan at each month end of ``years``."""
        return monthly_figures(engine.monthly_counts(self.extract, self.years[0].start,
                                                     self.year.end), self.audience)

    def review_codes(self) -> pl.DataFrame | None:
        """The year's looked-after reviews by participation code; None without the table."""
        held = self.now.get("lac_reviews_held", {}).get("numerator")
        return review_code_figures(participation.review_codes(self.extract, self.year),
                                   held if isinstance(held, float) else None, self.audience)

    def conferences(self) -> pl.DataFrame | None:
        """Conferences held and children discussed by type in each of ``years``; None without
        ``cp_conferences``."""
        table = self.extract.cp_conferences
        if table is None:
            return None
        return conference_figures(conferences.activity_by_period(table, list(self.years)),
                                  self.audience)

    def disputes(self, column: str) -> pl.DataFrame | None:
        """The year's disputes by ``stage`` or ``issue``; None without ``iro_disputes``."""
        table = self.extract.iro_disputes
        if table is None:
            return None
        return dispute_figures(workforce.disputes_by(table, self.year, column), self.audience)

    def staff(self) -> pl.DataFrame | None:
        """People and full-time equivalents in post by role on the year's last day (staff, not
        children: shown to everyone as the Workforce page does); None without ``iro_staff``."""
        table = self.extract.iro_staff
        return None if table is None else workforce.staff_in_post(table, self.year.end)

    def allocations(self) -> pl.DataFrame | None:
        """Children allocated to each IRO on the year's last day; None without
        ``iro_allocations``."""
        table = self.extract.iro_allocations
        if table is None:
            return None
        return allocation_figures(workforce.allocated_caseloads(table, self.year.end),
                                  self.audience)

    def affected(self, *indicator_ids: str) -> dict[str, tuple[TableShare, ...]]:
        """Of these indicators, those reading a table with more than 5% of its rows set aside
        or repaired, with those tables (the dashboard's data-quality note)."""
        return affected_indicators(indicator_ids, self.shares)

    def compared(self, *indicator_ids: str) -> list[Row]:
        """The published comparisons of these indicators, in the order given."""
        found = {row.indicator.id: row for row in self.comparators}
        return [found[indicator_id] for indicator_id in indicator_ids if indicator_id in found]


def gather(extract: Extract, year: Period, audience: Audience,
           benchmarks: Path | None = None) -> Figures:
    """The figures of the report for ``year`` and ``audience``; ``benchmarks`` names the table
    of published figures (``comparison.benchmarks_file`` when None)."""
    years = report_years(extract, year)
    now = indicator_figures(engine.compute(extract, year), audience)
    trend = pl.concat([now if period == year else
                       indicator_figures(engine.compute(extract, period), audience)
                       for period in years])
    table = load_benchmarks(benchmarks)
    model = model_for(year.end.year)
    rows: list[Row] = []
    if table is not None:
        neighbours = neighbours_of(extract.authority.la_code, model)
        rows = benchmark_rows(table, now, extract.authority.la_code, year.end.year, neighbours,
                              NEIGHBOUR_AVERAGE)
    return Figures(
        extract=extract, year=year, audience=audience, years=tuple(years),
        now=by_indicator(now),
        before=by_indicator(indicator_figures(engine.compute(extract, previous(year)), audience)),
        trend=trend, comparators=tuple(rows), region=region_name(rows), neighbour_model=model,
        shares=table_shares(extract.report, read_import_report(extract.directory)))
