"""What the reader is looking at: a period and demographic filters, and the plain-English
sentence every page shows about them."""

import datetime as dt
from dataclasses import dataclass, field

import polars as pl

from iro_metrics.contract.extract import Extract
from iro_metrics.indicators.demographics import AGE_BAND_AGES, GROUP_ORDER
from iro_metrics.indicators.derived import derived
from iro_metrics.indicators.engine import Filters
from iro_metrics.indicators.periods import Period, reporting_year, reporting_year_of
from iro_metrics.indicators.registry import DIMENSION_LABELS
from iro_metrics.present.formatting import format_date

YEARS_SHOWN = 10
RECENT_YEARS = 5
SEX_WORDS = {"M": "boys", "F": "girls", "U": "children whose sex is not recorded"}
DISABILITY_WORDS = {"true": "disabled", "false": "not disabled",
                    "unknown": "of unrecorded disability status"}


@dataclass(frozen=True)
class View:
    """A period and the filters applied to it."""

    period: Period
    filters: Filters = field(default_factory=Filters)


STARTS_BY_YEAR = "starts_by_year"
"""The name under which the extract keeps its recorded starts by reporting year (``derived``)."""


def first_full_year(extract: Extract) -> dt.date:
    """The start of the first reporting year the extract seems to cover fully: the first whose
    recorded starts (periods of care and plans) reach three quarters of the median of the latest
    five years'. Extracts carry earlier history for children already in care or on a plan,
    which would make earlier years look quiet rather than incomplete. The starts are counted
    once per extract: every run of every page asks."""
    years = derived(extract, STARTS_BY_YEAR, lambda: _starts_by_year(extract))
    busy = years.filter(pl.col("len") >= pl.col("len").tail(RECENT_YEARS).median() * 3 / 4)
    return reporting_year(int(busy["year"][0])).start


def _starts_by_year(extract: Extract) -> pl.DataFrame:
    dates = [table[column] for table, column in ((extract.lac_episodes, "episode_start"),
                                                  (extract.cp_plans, "plan_start"))
             if table is not None]
    return (pl.concat(dates).to_frame("day")
            .select(year=pl.col("day").dt.year() - (pl.col("day").dt.month() < 4).cast(pl.Int32))
            .group_by("year").len().sort("year"))


def reporting_years(first_activity: dt.date, extract_date: dt.date) -> list[Period]:
    """Reporting years to offer, newest first: those the extract covers, at most ten."""
    latest = reporting_year_of(extract_date)
    first = max(reporting_year_of(first_activity).start.year,
                latest.start.year - YEARS_SHOWN + 1)
    return [reporting_year(year) for year in range(latest.start.year, first - 1, -1)]


def offered_years(extract: Extract) -> list[Period]:
    """The reporting years the dashboard offers for ``extract`` (``reporting_years`` from its
    first full year), newest first."""
    return reporting_years(first_full_year(extract), extract.authority.extract_date)


def default_year(extract_date: dt.date) -> Period:
    """The latest reporting year that has ended by the extract date."""
    latest = reporting_year_of(extract_date)
    return latest if extract_date >= latest.end else reporting_year(latest.start.year - 1)


CATEGORY_WORDS = {"NEG": "neglect", "PHY": "physical abuse", "SAB": "sexual abuse",
                  "EMO": "emotional abuse", "MUL": "multiple categories"}
SEX_LABELS = {"M": "Boys", "F": "Girls", "U": "Not recorded"}  # the filters' and tables' labels
DISABILITY_LABELS = {"true": "Disabled", "false": "Not disabled", "unknown": "Not recorded"}
CATEGORY_LABELS = {code: words.capitalize() for code, words in CATEGORY_WORDS.items()}


def _either(words: list[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " or " + words[-1]


def population_words(filters: Filters) -> str:
    """The children a rate per 10,000 is of under ``filters``: ``children aged 0 to 17``, or
    the age bands chosen (``children aged 10 to 15``; ``children aged under 1 or 1 to 4``), as
    the engine takes the population of the chosen bands only."""
    bands = [band for band in _ordered("age_band", filters.age_band) if band in AGE_BAND_AGES]
    if not bands:
        return "children aged 0 to 17"
    return "children aged " + _either([
        "under 1" if band == "Under 1" else f"{AGE_BAND_AGES[band][0]} to {AGE_BAND_AGES[band][1]}"
        for band in bands])


def _ordered(name: str, values: tuple[str, ...]) -> list[str]:
    return [v for v in GROUP_ORDER[name] if v in values]


def describe(view: View, applicable: tuple[str, ...]) -> str:
    """One sentence naming the period and every active filter that applies to the page, e.g.
    "Showing 2019-20 (1 April 2019 to 31 March 2020) for girls aged 1 to 4 or 5 to 9."."""
    active = {name: _ordered(name, values) for name, values in view.filters.active().items()
              if name in applicable}
    subject = _either([SEX_WORDS[v] for v in active["sex"]]) if "sex" in active else "children"
    details = []
    if "age_band" in active:
        ages = active["age_band"]
        born = [v.lower() for v in ages if v != "Unborn"]
        details.append(_either((["unborn"] if "Unborn" in ages else [])
                               + ([f"aged {_either(born)}"] if born else [])))
    if "disability" in active:
        details.append("who are " + _either([DISABILITY_WORDS[v] for v in active["disability"]]))
    if "ethnic_group" in active:
        details.append("of " + _either(active["ethnic_group"]) + " ethnicity")
    if "initial_category" in active:
        details.append("first on a plan for " + _either(
            [CATEGORY_WORDS[v] for v in active["initial_category"]]))
    if "legal_status_group" in active:
        details.append("whose legal status is " + _either(active["legal_status_group"]))
    who = "all children" if not active else " ".join([subject, ", ".join(details)]).strip()
    span = f"{format_date(view.period.start)} to {format_date(view.period.end)}"
    if view.period == reporting_year(view.period.start.year):
        span = f"{view.period.label} ({span})"
    return f"Showing {span} for {who}."


def unfiltered_note(view: View, applicable: tuple[str, ...], what: str) -> str | None:
    """Why ``what`` (figures counted per conference, each about one or more children) cannot
    take the view's child filters among ``applicable``: a sentence naming them and asking for
    them to be cleared; None when none is active."""
    active = [DIMENSION_LABELS[name].lower() for name in view.filters.active()
              if name in applicable]
    if not active:
        return None
    return (f"{what} is counted for each conference, and one conference can be about several "
            f"children, so it cannot be filtered by {' or '.join(active)}. Clear "
            f"{'that filter' if len(active) == 1 else 'those filters'} to see it.")
