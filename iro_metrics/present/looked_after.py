"""The Looked after children page as data and words: its tiles, the annual report's five-year
table of 31 March figures, the flows charted, the breakdowns shown with the names of their
groups (category of need as its SSDA903 code and words), and each chart's words, so that the
page only reads the view, calls functions and draws."""

import polars as pl

from iro_metrics.indicators.demographics import NEED_WORDS, UNKNOWN_NEED
from iro_metrics.indicators.engine import Filters
from iro_metrics.indicators.periods import Period
from iro_metrics.indicators.registry import DIMENSION_LABELS
from iro_metrics.present.breakdowns import share_table
from iro_metrics.present.disproportionality import ENGLAND_SHARE
from iro_metrics.present.findings import looked_after_group_finding, month_movement
from iro_metrics.present.formatting import format_number
from iro_metrics.present.report_tables import BarFigure, children, latest_labels, whole
from iro_metrics.present.view import DISABILITY_LABELS, SEX_LABELS, population_words
from iro_metrics.published.national import EnglandShares

TILES = ("lac_count", "lac_rate", "lac_starts", "lac_ceased")
REPORT_YEARS = 5
FIVE_YEAR_COLUMNS = {"lac_count": "Looked after on 31 March",
                     "lac_rate": "Per 10,000 children on 31 March",
                     "lac_starts": "Started to be looked after",
                     "lac_ceased": "Stopped being looked after"}
FLOWS = {"lac_starts": "Started", "lac_ceased": "Stopped"}
BREAKDOWNS = ("age_band", "sex", "ethnic_group", "legal_status_group", "category_of_need")
GROUP_NAMES = {"sex": SEX_LABELS, "disability": DISABILITY_LABELS,
               "category_of_need": {code: f"{code} {words}" for code, words in NEED_WORDS.items()
                                    if code != UNKNOWN_NEED} | {UNKNOWN_NEED: "Not known"}}
COUNTED = "Children looked after"


def lead(name: str) -> str:
    """The page's opening sentence: who is counted (short breaks left out, as in DfE's
    statistics)."""
    return (f"Children {name} looks after (looked-after children, often shortened to LAC): how "
            "many there are, how many started and stopped being looked after, and who they are. "
            "Children who only have short breaks away from home are not counted, as in "
            "government statistics.")


def tiles_note(snapshot: str, period_label: str) -> str:
    """Under the tiles: which are counted on the last day and which over the period."""
    return (f"Looked after and per 10,000 children: on {snapshot}. Started and stopped: during "
            f"{period_label}, each child counted once. Rates per 10,000 can only be worked out "
            "for all children or by age band.")


def no_five_years(snapshot: str) -> str:
    """Why the five-year table is missing: no whole reporting year ends by ``snapshot``."""
    return (f"No whole reporting year (1 April to 31 March) in this extract ends by {snapshot}, "
            "so the five-year table cannot be shown.")


def month_words(series: pl.DataFrame, name: str, span: str) -> tuple[str, str, str]:
    """The monthly chart's title (how the number moved), subtitle and text alternative."""
    return (month_movement(COUNTED, series),
            f"Children looked after at the end of each month, {name}, {span}",
            f"Line chart of the number of children looked after at the end of each month from "
            f"{span}, under the filters above.")


def five_year_words(years: list[Period], name: str, span: str,
                    filters: Filters) -> tuple[str, str]:
    """The five-year table's subtitle (naming the population its rates are of) and
    description."""
    return (f"Children looked after and per 10,000 {population_words(filters)} on 31 March, and "
            f"children who started and stopped being looked after during each year, {name}, "
            f"{span}",
            f"Table of the {len(years)} reporting years from {span}, as in the annual report, "
            "under the filters above.")


def flow_words(flows: pl.DataFrame, years: list[Period], name: str,
               span: str) -> tuple[str, str, str, str]:
    """The flows chart's words for ``blocks.yearly_columns`` (``flows``: their
    ``year_series``): the last year's starts and stops as title, subtitle, axis and text
    alternative."""
    latest = latest_labels(flows)
    return (f"In {years[-1].label}, {children(latest.get('Started', 'x'))} started to be looked "
            f"after and {latest.get('Stopped', 'x')} stopped",
            f"Children who started and stopped being looked after in each reporting year (each "
            f"child once a year), {name}, {span}", "Children",
            f"Column chart comparing, for each reporting year from {span}, the number of "
            "children who started being looked after (first column) with the number who "
            "stopped (second column), under the filters above.")


def england_words(england: EnglandShares, snapshot_year: int) -> str:
    """Which England figures are marked: those of the same 31 March, or the latest published
    before it, said so."""
    when = f"31 March {england.year}"
    if england.year == snapshot_year:
        return f"England's share on {when} (published)"
    return f"England's share on {when}, the latest published before this date"


def group_figure(groups: pl.DataFrame, dimension: str, name: str, snapshot: str,
                 headline: float | None, england: EnglandShares | None = None,
                 snapshot_year: int = 0) -> BarFigure:
    """Children looked after on ``snapshot`` by one characteristic (``report_tables.breakdown``
    of the ``headline`` count, not empty): numbers and shares, titled by the largest group;
    with ``england`` (England's
    published shares for that 31 March or the latest before it) the bars are shares, England's
    marked across each, and the table has England's column."""
    word = DIMENSION_LABELS[dimension]
    total = format_number(whole(groups["count"].to_list(), headline))
    table = share_table(groups, word, COUNTED, "Share (%)")
    subtitle = f"{COUNTED} by {word.lower()}, number and share of all {total}, {name}, {snapshot}"
    if england is None:
        return BarFigure(looked_after_group_finding(word, groups, headline), subtitle, groups, "count",
                         COUNTED, table, _bar_words(total, snapshot, word, ""))
    said = england_words(england, snapshot_year)
    table = table.with_columns(pl.Series(ENGLAND_SHARE, [
        england.shown(group) for group in groups["group"].to_list()], dtype=pl.String))
    if groups["share"].fill_nan(None).null_count() == groups.height:  # shares suppressed
        return BarFigure(looked_after_group_finding(word, groups, headline),
                         f"{subtitle}; {said} in the table", groups, "count", COUNTED, table,
                         _bar_words(total, snapshot, word, ""))
    bars = groups.with_columns(england=pl.Series(
        [england.shares.get(group, (None, None))[0] for group in groups["group"].to_list()],
        dtype=pl.Float64))
    return BarFigure(
        looked_after_group_finding(word, groups, headline), f"{subtitle}; the black line is {said}",
        bars, "share", f"Per cent of {COUNTED.lower()}", table,
        _bar_words(total, snapshot, word, f" and a black line marking {said}"),
        marker="england")


def _bar_words(total: str, snapshot: str, word: str, marked: str) -> str:
    return (f"Horizontal bar chart of the {total} children looked after on {snapshot} by "
            f"{word.lower()}, each bar labelled with its number and share{marked}, under the "
            "filters above.")
