"""The figures an audience may see of the whole service: exact for managers; for the public,
protected by disclosure control (``present/disclosure.py``) with the table shape each kind of
figure has, defined once for the dashboard (``ui/results.py``, which adds the filtered public
views) and the annual report (``iro_metrics/report``)."""

import polars as pl

from iro_metrics.present.disclosure import (
    Audience,
    headline_smallest,
    hide_all,
    protect_counts,
    protect_indicators,
)

CODE_TABLES = ("aged_4_plus", "took_part")
"""The totals the review-code counts add up to: reviews of children aged 4 and over, and
reviews the child took part in."""


def _public(audience: Audience) -> bool:
    return audience is not Audience.MANAGER


def indicator_figures(frame: pl.DataFrame, audience: Audience) -> pl.DataFrame:
    """The engine's results for all children (``engine.compute`` without filters, with or
    without a breakdown) as ``audience`` may see them."""
    return protect_indicators(frame) if _public(audience) else frame


def monthly_figures(counts: pl.DataFrame, audience: Audience) -> pl.DataFrame:
    """Children looked after and on a plan at each month end (``engine.monthly_counts`` without
    filters): for the public each count is a headline, hidden below its indicator's smallest
    total shown."""
    if not _public(audience):
        return counts
    return protect_counts(counts, ("value",), smallest=headline_smallest(pl.col("indicator_id")))


def review_code_figures(codes: pl.DataFrame | None, held: float | None,
                        audience: Audience, filtered: bool = False) -> pl.DataFrame | None:
    """Reviews by participation code (``participation.review_codes``) with ``held``, the
    reviews held as the same audience sees them: for the public, every code is hidden when the
    view is ``filtered`` or ``held`` is suppressed (the codes add up to it); otherwise each
    count of 1 to 5 and enough others in its total."""
    if codes is None or not _public(audience):
        return codes
    if filtered or (held is not None and held != held):
        return hide_all(codes, ("reviews", "share"))
    return protect_counts(codes, ("reviews",), table=CODE_TABLES, group="code",
                          shares=("share",))


def conference_figures(activity: pl.DataFrame, audience: Audience) -> pl.DataFrame:
    """Conferences and children discussed per period and type (``conferences``)."""
    if not _public(audience):
        return activity
    return protect_counts(activity, ("conferences", "children"), table=("period",),
                          group="conference_type")


def dispute_figures(disputes: pl.DataFrame, audience: Audience) -> pl.DataFrame:
    """Disputes raised by stage or issue (``workforce.disputes_by``)."""
    return protect_counts(disputes, ("disputes",), group="group") if _public(audience) else disputes


def allocation_figures(held: pl.DataFrame, audience: Audience) -> pl.DataFrame:
    """Children allocated to each IRO (``workforce.allocated_caseloads``)."""
    return protect_counts(held, ("children",), group="iro") if _public(audience) else held
