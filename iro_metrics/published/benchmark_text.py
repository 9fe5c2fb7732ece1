"""The Benchmarks page's words: help for the neighbour choices, the notes under its tables and
each figure's subtitle and text alternative (from the places compared), kept out of the page
so that it only reads the view, calls functions and draws."""

from dataclasses import dataclass

from iro_metrics.indicators.registry import Indicator, Unit
from iro_metrics.present.formatting import PUBLISHED_SYMBOLS, SYMBOLS, lower_first, symbol_list
from iro_metrics.published.benchmark_tables import average_heading, year_label
from iro_metrics.published.comparison import METHOD, POSITION_METHOD, region_phrase
from iro_metrics.published.neighbours import AVERAGE_SOURCES, AVERAGES, NEW_MODEL_FROM

NOT_BUILT = ("The published comparators have not been built for this installation (run "
             "`python -m iro_metrics build-benchmarks`).")
MODEL_HELP = ("DfE's statistical neighbour models list the 10 councils most like each council. "
              f"Automatic uses the April 2021 model up to {year_label(NEW_MODEL_FROM - 1)} and "
              f"the May 2025 model from {year_label(NEW_MODEL_FROM)}.")
AXIS_TITLES = {Unit.PERCENT: "Per cent", Unit.PER_10K: "Per 10,000 children"}
AVERAGE_HELP = ("The mean is LAIT's neighbour average, the median the DfE children's social "
                "care dashboard's.")
RECONCILIATION_NOTE = (
    "The reconciliation check for analysts: a difference shows where the extract and the "
    "statutory return behind the published figure disagree. Published sources: DfE children "
    "looked after and children in need statistics, and the Local Authority Interactive Tool "
    "(LAIT).")
SYMBOLS_NOTE = (f"Symbols in published figures are shown as published, never as 0: "
                f"{symbol_list(PUBLISHED_SYMBOLS)}. In figures computed here: "
                f"{symbol_list(SYMBOLS)}.")


def comparison_note(name: str) -> str:
    """How the summary table compares, bands and ranks, and why counts are not compared."""
    return (f"{METHOD} Where higher is neither better nor worse, the comparison says Higher or "
            f"Lower instead. {POSITION_METHOD.format(name=name)} Quartile bands A (best "
            "quarter, green) and D (worst quarter, red) are coloured; the letter is always "
            "shown. Counts (such as the number of children looked after) are not compared, as "
            "councils differ in size: they are in the reconciliation table below.")


@dataclass(frozen=True)
class Places:
    """Who the page compares: the authority, its region (as named in the published figures)
    and the neighbours' average (``how``: mean or median)."""

    name: str
    region_name: str
    how: str

    @property
    def region(self) -> str:
        return region_phrase(self.region_name)

    @property
    def average(self) -> str:
        return AVERAGES[self.how]

    @property
    def average_heading(self) -> str:
        return average_heading(self.how)

    @property
    def ours(self) -> str:
        """The authority's computed figure in the charts, apart from its published ones."""
        return f"{self.name} (computed)"

    @property
    def series(self) -> dict[str, str]:
        """The trend's series names (``benchmark_tables.trend``), in drawing order."""
        return {"ours": self.ours, "england": "England", "region": self.region_name,
                "neighbours": self.average_heading}


def lead(name: str) -> str:
    """The page's opening: what is compared, and why the filters do not apply."""
    return (f"How {name} compares with England, its region and the councils most like it (its "
            "statistical neighbours). Published figures are for whole reporting years and all "
            "children, so the demographic filters do not apply here.")


def whole_year(year: str) -> str:
    """Why custom dates show a whole reporting year."""
    return (f"Published figures exist for reporting years only: showing {year}, the year "
            "containing the end of the chosen dates.")


def no_neighbours(name: str, la_code: str, model: str) -> str:
    """Said when the authority has no neighbours in the model."""
    return (f"{name} (authority code {la_code}) has no statistical neighbours in the {model} "
            "model, so no neighbour figures are shown.")


def axis_title(indicator: Indicator) -> str:
    """The value axis of a chart of one measure: per cent, per 10,000 children, or its unit."""
    return AXIS_TITLES.get(indicator.unit, indicator.unit.value)


def neighbours_note(places: Places, count: int, model: str, automatic_for: str | None) -> str:
    """Which neighbours are compared (the model chosen automatically for the year
    ``automatic_for``, else by hand), and how their average treats missing figures."""
    chosen_by = (f"chosen automatically for {automatic_for}" if automatic_for
                 else "as chosen above")
    return (f"Statistical neighbours: the {count} councils most like {places.name} in DfE's "
            f"{model} model ({chosen_by}). The neighbours' {places.average} "
            f"({AVERAGE_SOURCES[places.how]}) skips any neighbour without a published figure.")


def summary_words(places: Places, year: str, earlier: str, measures: int) -> tuple[str, str]:
    """The summary table's subtitle (naming any earlier published year, ``earlier``: from
    ``benchmark_tables.earlier_years``) and description."""
    name = places.name
    return (f"{name}'s computed rates and percentages beside England's, {places.region}'s and "
            f"its statistical neighbours' published figures, {year}{earlier}",
            f"Table of {measures} measures for {year}: {name}'s figure computed here, the "
            f"published figures for England, {places.region} and the neighbours' "
            f"{places.average}, whether {name} is better, similar or worse than England, and "
            "its quartile band (A best, D worst) and rank among all English councils.")


def trend_words(places: Places, indicator: Indicator, source: str, span: str,
                models: str) -> tuple[str, str]:
    """The trend chart's subtitle and text alternative (``models``: the neighbour models
    used, from ``findings.models_used``)."""
    return (f"{indicator.title}: {places.name} (computed here, for the years the extract "
            f"covers) against England, {places.region} and the neighbours' {places.average} "
            f"(published: {source}), {span}",
            f"Line chart of {lower_first(indicator.title)} in each reporting year from {span}: "
            f"{places.name} as computed here (solid line), England (dashed), {places.region} "
            f"(dotted) and the neighbours' {places.average} (dash-dot), each line labelled at "
            "its end." + (f" Neighbours: {models}." if models else ""))


def areas_words(places: Places, indicator: Indicator, source: str, model: str, year: str,
                earlier: str, ours: str, intervals: str) -> tuple[str, str]:
    """The areas chart's subtitle (naming an earlier published year, ``earlier``) and text
    alternative (``ours``: our bar's label; ``intervals``: ``findings.interval_note``)."""
    return (f"{indicator.title}, {places.name} (computed here) beside England, "
            f"{places.region} and its statistical neighbours ({model} model; published: "
            f"{source}), {year}{earlier}",
            f"Horizontal bar chart of {lower_first(indicator.title)} in {year}: England and "
            f"{places.region} first, then {places.name} (the dark bar, labelled '{ours}') and "
            "its neighbours from highest to lowest, each bar labelled with its "
            f"figure.{intervals}")


def reconciliation_words(name: str, matched: int, both: int, measures: int,
                         year: str) -> tuple[str, str, str]:
    """The reconciliation table's title (``benchmark_tables.matching``; when no measure has
    both figures, as before the year is published, it says so rather than "0 of 0"), subtitle
    and description."""
    title = (f"Computed figures match {name}'s published ones for {matched} of {both} measures, "
             "at the published precision" if both else
             f"No figures published for {name} for {year} to check the computed ones against")
    return (title,
            f"Figures computed here beside those published for {name}, with the difference at "
            f"the published precision, {year}",
            f"Table of {measures} measures: the figure computed here, the same rounded to the "
            f"precision of the published figure, the figure published for {name} and the "
            "difference (computed minus published), with the published source.")


def no_comparator_words(measures: int) -> tuple[str, str, str]:
    """The title, subtitle and description of the table of measures with no comparator."""
    return (f"{measures} measures in this dashboard have no published comparator",
            "Measures shown on other pages that cannot be set beside published figures, and why",
            f"Table of the {measures} measures with no published comparator, each with the "
            "reason. The published figures used here are DfE's children looked after and "
            "children in need statistics and LAIT.")


CONTEXT_LEAD = (
    "Published figures about children looked after that the extract does not hold: placement "
    "stability, distance from home, children who went missing, unaccompanied asylum-seeking "
    "children, changes of social worker and care leavers in education, employment or training. "
    "Every figure here is the published one from LAIT (DfE), not computed from the extract, for "
    "the year named beside it; where the chosen year is not published, the latest earlier year "
    "is shown, or the first published year when the measure started later.")
CONTEXT_SOURCE = ("Source: Local Authority Interactive Tool (LAIT), DfE published figures "
                  "(measures {codes}); not computed from the extract.")
CONTEXT_NOTE = ("Compared with England as published, at the published precision: with no "
                "published counts there is no interval, so a figure is better, the same or "
                "worse (higher or lower where neither is better). Quartile band and rank among "
                "all councils' published figures for the same year, as LAIT works them out.")


def context_words(places: Places, year: str, measures: int) -> tuple[str, str, str]:
    """The Context table's title, subtitle and description."""
    return (f"Context: {measures} published measures about {places.name}'s children looked "
            "after",
            f"{places.name}'s published figures beside England's, {places.region}'s and its "
            f"statistical neighbours' {places.average}, for {year} or the nearest published "
            "year (named in each row); published, not computed from the extract",
            f"Table of {measures} published measures, each with the year it is for, "
            f"{places.name}'s, England's, {places.region}'s and the neighbours' "
            f"{places.average} figures, whether {places.name} is better, the same or worse than "
            "England, and its quartile band (A best, D worst) and rank among English councils.")


def context_trend_words(places: Places, title: str, span: str) -> tuple[str, str]:
    """The context trend chart's subtitle and text alternative."""
    return (f"{title} (%): {places.name}, England, {places.region} and the neighbours' "
            f"{places.average}, published figures, {span}",
            f"Line chart of the published percentage of {lower_first(title)} in each year "
            f"from {span}: {places.name} (solid line), England (dashed), {places.region} "
            f"(dotted) and the neighbours' {places.average} (dash-dot), each line labelled at "
            "its end; published figures, not computed from the extract.")
