"""An automated attacker on the public view: it collects every figure the public can reach by URL
(each reporting year, unfiltered and filtered to each group the sidebar offers, every breakdown,
the monthly series, the participation codes, disputes and conferences), writes down every linear
identity a reader could know from the definitions (groups add up to the total, a filtered view
equals its group in the breakdown, the same count published under two indicators, PN codes
adding up to the participation figures), and solves for the hidden cells.

A hidden cell is recovered when the identities determine it (linear algebra over each connected
set of hidden cells), or when hidden cells known to be at least 1 (a group listed in a breakdown
has children in it) add up to their own number, so each is 1.
"""

import datetime as dt
import math
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

import numpy as np
import polars as pl

from iro_metrics.indicators.demographics import GROUP_ORDER
from iro_metrics.indicators.engine import Filters
from iro_metrics.indicators.periods import Period, month_ends
from iro_metrics.indicators.registry import BY_ID, DIMENSIONS, Unit
from iro_metrics.present.view import View
from iro_metrics.ui.state import COMMON_FILTERS, PAGE_FILTERS

Key = tuple
# The same count published under two indicators, by definition.
ALIASES = {
    ("lac_rate", "numerator"): ("lac_count", "numerator"),
    ("cp_rate", "numerator"): ("cp_count", "numerator"),
    ("cp_repeat", "denominator"): ("cp_starts", "numerator"),
    ("cp_repeat_2y", "denominator"): ("cp_starts", "numerator"),
    ("cp_ceased_2y_plus", "denominator"): ("cp_ceased", "numerator"),
    ("lac_views_conveyed", "denominator"): ("lac_participation", "denominator"),
    ("iro_lac_caseload", "numerator"): ("lac_count", "numerator"),
}
CODES_TOOK_PART = ("PN1", "PN2", "PN3", "PN4", "PN5", "PN6")
"""The codes of reviews the child took part in; all but PN4 conveyed the child's views."""
CONFERENCE_INDICATORS = {"ICPC": "icpc_held", "RCPC": "rcpc_held"}


@dataclass
class Results:
    """What one audience's results layer returns for a view (the functions pages call)."""

    indicators: Callable[[View, str | None], pl.DataFrame]
    monthly: Callable[[View, dt.date, dt.date], pl.DataFrame]
    review_codes: Callable[[View], pl.DataFrame | None]
    disputes_by: Callable[[Period, str], pl.DataFrame | None]
    conference_activity: Callable[[list[Period]], pl.DataFrame | None]


@dataclass
class Publication:
    """Every figure seen, by the quantity it measures, and the identities between quantities."""

    values: dict[Key, float] = field(default_factory=dict)
    at_least_one: set[Key] = field(default_factory=set)
    identities: list[tuple[list[tuple[float, Key]], float]] = field(default_factory=list)
    conflicts: list[Key] = field(default_factory=list)

    def see(self, key: Key, value: float | None) -> None:
        """Record a figure; a shown figure wins over a hidden copy of the same quantity."""
        if value is None:
            return
        old = self.values.get(key)
        if old is None or math.isnan(old):
            self.values[key] = float(value)
        elif not math.isnan(value) and old != value:
            self.conflicts.append(key)

    def equal(self, left: Key, right: Key) -> None:
        self.identities.append(([(1.0, left), (-1.0, right)], 0.0))

    def total(self, parts: Iterable[Key], whole: Key) -> None:
        self.identities.append(([(1.0, part) for part in parts] + [(-1.0, whole)], 0.0))


def public_views(period: Period) -> Iterator[View]:
    """Every view of ``period`` the public sidebar offers: unfiltered, and one group of one
    characteristic (the options of every common and page filter)."""
    yield View(period)
    for name, (_key, _label, options, _labels) in (*COMMON_FILTERS.items(),
                                                   *PAGE_FILTERS.items()):
        for group in options:
            yield View(period, Filters(**{name: (group,)}))


def _cell(view: View) -> tuple[str, str]:
    active = view.filters.active()
    if not active:
        return "", ""
    (name, groups), = active.items()
    return name, groups[0]


def _indicator_key(year: str, indicator_id: str, part: str, dimension: str,
                   group: str) -> Key:
    indicator_id, part = ALIASES.get((indicator_id, part), (indicator_id, part))
    return ("indicator", year, indicator_id, part, dimension, group)


def _parts(indicator_id: str) -> tuple[str, ...]:
    """The additive counts of an indicator: its numerator, and its denominator when that counts
    the same units (not population or staff)."""
    return ("numerator", "denominator") if BY_ID[indicator_id].unit is Unit.PERCENT else (
        "numerator",)


def _see_indicators(seen: Publication, frame: pl.DataFrame, year: str, dimension: str,
                    group: str | None) -> None:
    for row in frame.iter_rows(named=True):
        cell_group = row["group"] if group is None else group
        for part in _parts(row["indicator_id"]):
            key = _indicator_key(year, row["indicator_id"], part, dimension, cell_group)
            seen.see(key, row[part])
            if (group is None and part == "numerator"
                    and BY_ID[row["indicator_id"]].unit is Unit.COUNT):
                seen.at_least_one.add(key)


def _breakdown_identities(seen: Publication, year: str) -> None:
    for indicator in BY_ID.values():
        for part in _parts(indicator.id):
            whole = _indicator_key(year, indicator.id, part, "", "")
            for dimension in indicator.dimensions:
                seen.total([_indicator_key(year, indicator.id, part, dimension, group)
                            for group in GROUP_ORDER[dimension]], whole)


def _cell_identities(seen: Publication, year: str) -> None:
    """Within any one cell: reviews held are those of children aged 4 and over plus those of
    children under 4; PN7 reviews are the participation denominator less its numerator."""
    for dimension in ("", *DIMENSIONS):
        for group in GROUP_ORDER[dimension] if dimension else ("",):
            def key(indicator_id: str, part: str, d: str = dimension,
                    g: str = group) -> Key:
                return _indicator_key(year, indicator_id, part, d, g)
            seen.total([key("lac_participation", "denominator"),
                        key("lac_reviews_under4", "numerator")],
                       key("lac_reviews_held", "numerator"))


def _see_monthly(seen: Publication, frame: pl.DataFrame, dimension: str, group: str,
                 year_ends: dict[dt.date, str]) -> None:
    """Month-end counts; the one on a reporting year's last day is that year's snapshot."""
    for row in frame.iter_rows(named=True):
        key = ("month", row["month_end"], row["indicator_id"], dimension, group)
        seen.see(key, row["value"])
        if row["month_end"] in year_ends:
            seen.equal(key, _indicator_key(year_ends[row["month_end"]], row["indicator_id"],
                                           "numerator", dimension, group))


def _monthly_identities(seen: Publication, months: list[dt.date]) -> None:
    """Month-end counts of the groups of a filter add up to the month's total (where the
    filter offers every group: the monthly series are seen through filtered views only)."""
    complete = [name for name, (_key, _label, options, _labels)
                in (*COMMON_FILTERS.items(), *PAGE_FILTERS.items())
                if set(options) == set(GROUP_ORDER[name])]
    for month in months:
        for indicator_id in ("lac_count", "cp_count"):
            whole = ("month", month, indicator_id, "", "")
            for dimension in set(BY_ID[indicator_id].dimensions) & set(complete):
                seen.total([("month", month, indicator_id, dimension, group)
                            for group in GROUP_ORDER[dimension]], whole)


def _see_codes(seen: Publication, codes: pl.DataFrame, year: str) -> None:
    by_code = {row["code"]: row["reviews"] for row in codes.iter_rows(named=True)}
    for code, reviews in by_code.items():
        seen.see(("code", year, code), reviews)
    key = ("code", year)
    seen.equal((*key, "PN0"), _indicator_key(year, "lac_reviews_under4", "numerator", "", ""))
    seen.total([(*key, code) for code in CODES_TOOK_PART],
               _indicator_key(year, "lac_participation", "numerator", "", ""))
    seen.total([(*key, code) for code in (*CODES_TOOK_PART, "PN7")],
               _indicator_key(year, "lac_participation", "denominator", "", ""))
    seen.total([(*key, code) for code in CODES_TOOK_PART if code != "PN4"],
               _indicator_key(year, "lac_views_conveyed", "numerator", "", ""))


def _see_service(seen: Publication, results: Results, period: Period) -> None:
    year = period.label
    for column in ("stage", "issue"):
        table = results.disputes_by(period, column)
        if table is None:
            continue
        for row in table.iter_rows(named=True):
            seen.see(("dispute", year, column, row["group"]), row["disputes"])
        seen.total([("dispute", year, column, group) for group in table["group"]],
                   _indicator_key(year, "disputes_raised", "numerator", "", ""))
    activity = results.conference_activity([period])
    if activity is not None:
        for row in activity.iter_rows(named=True):
            key = ("conference", year, row["conference_type"])
            seen.see((*key, "conferences"), row["conferences"])
            seen.see((*key, "children"), row["children"])
            if row["conference_type"] in CONFERENCE_INDICATORS:
                seen.equal((*key, "conferences"), _indicator_key(
                    year, CONFERENCE_INDICATORS[row["conference_type"]], "numerator", "", ""))


def publish(results: Results, years: list[Period], first_month: dt.date) -> Publication:
    """Everything ``results`` shows for every public view of ``years``, with the identities."""
    seen = Publication()
    last = max(year.end for year in years)
    months = month_ends(first_month, last)
    year_ends = {year.end: year.label for year in years}
    for period in years:
        year = period.label
        for view in public_views(period):
            dimension, group = _cell(view)
            _see_indicators(seen, results.indicators(view, None), year, dimension, group)
            if not dimension:
                for by in DIMENSIONS:
                    _see_indicators(seen, results.indicators(view, by), year, by, None)
                codes = results.review_codes(view)
                if codes is not None:
                    _see_codes(seen, codes, year)
            _see_monthly(seen, results.monthly(view, first_month, last), dimension, group,
                         year_ends)
        _breakdown_identities(seen, year)
        _cell_identities(seen, year)
        _see_service(seen, results, period)
    _monthly_identities(seen, months)
    return seen


def recover(seen: Publication) -> dict[Key, float]:
    """The hidden cells the identities pin down, with their values."""
    known = {key: value for key, value in seen.values.items() if not math.isnan(value)}
    recovered: dict[Key, float] = {}
    while True:
        found = _solve(seen, {**known, **recovered})
        found = {key: value for key, value in found.items() if key not in recovered}
        if not found:
            return recovered
        recovered.update(found)


def _solve(seen: Publication, known: dict[Key, float]) -> dict[Key, float]:
    equations: list[tuple[dict[Key, float], float]] = []
    for terms, constant in seen.identities:
        unknown: dict[Key, float] = defaultdict(float)
        rest = constant
        for coefficient, key in terms:
            if key in known:
                rest -= coefficient * known[key]
            elif key in seen.values:
                unknown[key] += coefficient
            # a quantity never published (an empty group) is 0
        unknown = {key: c for key, c in unknown.items() if c}
        if unknown:
            equations.append((unknown, rest))
    found = _all_ones(equations, seen.at_least_one)
    for component in _components(equations):
        found.update(_determined(component))
    return found


def _all_ones(equations: list[tuple[dict[Key, float], float]],
              at_least_one: set[Key]) -> dict[Key, float]:
    found: dict[Key, float] = {}
    for unknown, total in equations:
        signs = set(unknown.values())
        if (signs in ({1.0}, {-1.0}) and all(key in at_least_one for key in unknown)
                and abs(total * next(iter(signs)) - len(unknown)) < 1e-9):
            found.update(dict.fromkeys(unknown, 1.0))
    return found


def _components(equations: list[tuple[dict[Key, float], float]]
                ) -> Iterator[list[tuple[dict[Key, float], float]]]:
    parent: dict[Key, Key] = {}

    def root(key: Key) -> Key:
        while parent.setdefault(key, key) != key:
            parent[key] = parent[parent[key]]
            key = parent[key]
        return key

    for unknown, _ in equations:
        first, *others = unknown
        for other in others:
            parent[root(other)] = root(first)
    groups: dict[Key, list] = defaultdict(list)
    for equation in equations:
        groups[root(next(iter(equation[0])))].append(equation)
    yield from groups.values()


def _determined(equations: list[tuple[dict[Key, float], float]]) -> dict[Key, float]:
    keys = sorted({key for unknown, _ in equations for key in unknown}, key=repr)
    index = {key: i for i, key in enumerate(keys)}
    matrix = np.zeros((len(equations), len(keys)))
    rhs = np.zeros(len(equations))
    for row, (unknown, total) in enumerate(equations):
        for key, coefficient in unknown.items():
            matrix[row, index[key]] = coefficient
        rhs[row] = total
    _, singular, vt = np.linalg.svd(matrix)
    rank = int((singular > 1e-9).sum())
    null = vt[rank:]
    solution = np.linalg.lstsq(matrix, rhs, rcond=None)[0]
    return {key: round(float(solution[i]), 6) for key, i in index.items()
            if null.shape[0] == 0 or np.abs(null[:, i]).max() < 1e-9}


def false_identities(exact: Publication) -> list:
    """Identities that do not hold on the exact figures (an attacker must only know true ones);
    a quantity never published counts as 0."""
    return [terms for terms, constant in exact.identities
            if abs(sum(c * exact.values.get(key, 0.0) for c, key in terms) - constant) > 1e-6]


def leaks(public: Publication, exact: Publication) -> list[tuple[Key, float]]:
    """Hidden cells the attacker recovers whose true value is a count from 1 to 5."""
    return sorted(((key, value) for key, value in recover(public).items()
                   if 1 <= exact.values.get(key, 0) <= 5), key=repr)
