"""Every registered indicator's definition in words, grouped by area, for the About page and its
CSV download. The wording of each indicator comes from :mod:`iro_metrics.indicators.registry`; this module
only adds the area and puts units, kind and polarity into words."""

import polars as pl

from iro_metrics.indicators.registry import INDICATORS, Indicator, Kind, Polarity, Unit

LOOKED_AFTER = "Looked after children"
CHILD_PROTECTION = "Child protection"
CONFERENCES = "Conferences"
WORKFORCE = "Workforce and disputes"
FOOTPRINT = "The IRO footprint and other duties"

AREA_BY_TABLE: dict[str, str] = {
    "lac_episodes": LOOKED_AFTER,
    "lac_reviews": LOOKED_AFTER,
    "cp_plans": CHILD_PROTECTION,
    "s47_enquiries": CHILD_PROTECTION,
    "cp_conferences": CONFERENCES,
    "iro_staff": WORKFORCE,
    "iro_allocations": WORKFORCE,
    "iro_disputes": WORKFORCE,
    "iro_activity": FOOTPRINT,
    "other_reviews": FOOTPRINT,
    "service_activity": FOOTPRINT,
    "feedback": FOOTPRINT,
}
"""An indicator's area is that of the first table it needs."""

AREAS: dict[str, str] = {
    LOOKED_AFTER: "Children the council looks after, and their reviews.",
    CHILD_PROTECTION: "Children on child protection plans and the enquiries that lead to them.",
    CONFERENCES: "Initial and review child protection conferences and who attends them.",
    WORKFORCE: "Independent Reviewing Officers' caseloads and the challenges they raise.",
    FOOTPRINT: "IROs' contact with children between reviews, the service's other statutory "
               "reviews, its training, panels and audits, and what people said about meetings.",
}
"""The areas in the order shown, each with a one-line explanation."""

UNIT_WORDS: dict[Unit, str] = {
    Unit.COUNT: "Number",
    Unit.PERCENT: "Percentage",
    Unit.PER_10K: "Rate per 10,000 children aged 0 to 17",
    Unit.PER_FTE: "Children per full-time equivalent (FTE) officer",
}
KIND_WORDS: dict[Kind, str] = {
    Kind.STOCK: "Stock: counted on the last day of the period",
    Kind.FLOW: "Flow: counted over the whole period",
}
POLARITY_WORDS: dict[Polarity, str] = {
    Polarity.HIGH: "Higher is better",
    Polarity.LOW: "Lower is better",
    Polarity.NONE: "Neither: a higher or lower figure is not in itself better or worse",
}
NO_TARGET = "No target: the figure describes need and activity rather than performance"
NO_DENOMINATOR = "None: the figure is a count"

COLUMNS = ("Area", "ID", "Title", "Description", "Numerator", "Denominator", "Unit", "Kind",
           "Polarity", "Guidance followed", "Local measure", "What good looks like")


def area_of(indicator: Indicator) -> str:
    """The area an indicator belongs to."""
    return AREA_BY_TABLE[indicator.tables[0]]


def good_words(indicator: Indicator) -> str:
    """What good looks like: the registry's words; else, for an indicator with no polarity, that
    it has no target, and for one with a polarity, the polarity in words."""
    if indicator.good:
        return indicator.good
    return NO_TARGET if indicator.polarity is Polarity.NONE else POLARITY_WORDS[indicator.polarity]


def definition(indicator: Indicator) -> dict[str, str]:
    """One indicator's definition as the columns of :data:`COLUMNS`."""
    return {
        "Area": area_of(indicator),
        "ID": indicator.id,
        "Title": indicator.title,
        "Description": indicator.description,
        "Numerator": indicator.numerator,
        "Denominator": indicator.denominator or NO_DENOMINATOR,
        "Unit": UNIT_WORDS[indicator.unit],
        "Kind": KIND_WORDS[indicator.kind],
        "Polarity": POLARITY_WORDS[indicator.polarity],
        "Guidance followed": indicator.guidance,
        "Local measure": "Yes" if indicator.local else "No",
        "What good looks like": good_words(indicator),
    }


def by_area() -> dict[str, list[Indicator]]:
    """The registered indicators grouped by area, areas in :data:`AREAS` order and indicators in
    registry order."""
    grouped: dict[str, list[Indicator]] = {area: [] for area in AREAS}
    for indicator in INDICATORS:
        grouped[area_of(indicator)].append(indicator)
    return grouped


def definitions_table() -> pl.DataFrame:
    """Every indicator's definition, one row each, grouped by area (the CSV download)."""
    rows = [definition(indicator) for group in by_area().values() for indicator in group]
    return pl.DataFrame(rows, schema=dict.fromkeys(COLUMNS, pl.String))


def definition_card(indicator: Indicator) -> str:
    """One indicator's definition as the markdown of its card on the About page: title, id,
    description and the definition's lines."""
    words = definition(indicator)
    local = " · local measure" if indicator.local else ""
    return (f"**{words['Title']}** (`{words['ID']}`){local}\n\n"
            f"{words['Description']}\n\n"
            f"- **Counts:** {words['Numerator']}\n"
            f"- **Out of:** {words['Denominator']}\n"
            f"- **Shown as:** {words['Unit']}\n"
            f"- **Counted:** {words['Kind']}\n"
            f"- **Higher or lower:** {words['Polarity']}\n"
            f"- **What good looks like:** {words['What good looks like']}\n"
            f"- **Guidance followed:** {words['Guidance followed']}")
