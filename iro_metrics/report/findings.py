"""The report's key findings: one sentence per measure, stating the year's figure with its
comparison: against England, the region and the statistical neighbours where figures are
published (``benchmark_tables.areas_finding``), and against the year before (the dashboard's
``findings.latest_change``), in the words the dashboard uses."""

from typing import Any

from iro_metrics.indicators.registry import BY_ID, Unit
from iro_metrics.present.findings import latest_change
from iro_metrics.present.formatting import format_value
from iro_metrics.present.report_tables import compared, missing_table
from iro_metrics.published.benchmark_tables import areas_finding
from iro_metrics.report.figures import NEIGHBOUR_AVERAGE, Figures


def _value(row: dict[str, Any] | None) -> float | None:
    return None if row is None else row.get("value")


def key_finding(figures: Figures, indicator_id: str) -> str:
    """One measure's finding for the year: with published comparators, how it stands against
    them and how it moved since the year before (``up from 109.9 in 2018-19``); otherwise how
    it moved (``Plans started fell from 180 to 155 in 2019-20``)."""
    indicator = BY_ID[indicator_id]
    now, before = _value(figures.now.get(indicator_id)), _value(figures.before.get(indicator_id))
    year, earlier = figures.year.label, figures.before_label
    published = figures.compared(indicator_id)
    if published and published[0].england is not None:
        change = ("" if before is None or now is None else
                  "; " + compared(format_value(before, indicator), format_value(now, indicator),
                                  before, now) + f" in {earlier}")
        return f"{areas_finding(published[0], figures.name, year, NEIGHBOUR_AVERAGE)}{change}."
    suffix = "%" if indicator.unit is Unit.PERCENT else ""
    return latest_change(indicator.title, [before, now], year, indicator.decimals, suffix) + "."


def key_findings(figures: Figures, indicator_ids: tuple[str, ...]) -> tuple[str, ...]:
    """The key findings of the measures the extract has the tables for, in the order given."""
    return tuple(key_finding(figures, indicator_id) for indicator_id in indicator_ids
                 if missing_table(figures.extract, indicator_id) is None)
