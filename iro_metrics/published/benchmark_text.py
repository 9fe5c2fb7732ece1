"""The Benchmarks page's fixed words: help for the neighbour choices and the notes under its
tables, kept out of the page so that it only reads the view, calls functions and draws."""

from iro_metrics.present.formatting import PUBLISHED_SYMBOLS, SYMBOLS, symbol_list
from iro_metrics.published.benchmark_tables import year_label
from iro_metrics.published.comparison import METHOD, POSITION_METHOD
from iro_metrics.published.neighbours import NEW_MODEL_FROM

NOT_BUILT = ("The published comparators have not been built for this installation (run "
             "`python -m iro_metrics build-benchmarks`).")
MODEL_HELP = ("DfE's statistical neighbour models list the 10 councils most like each council. "
              f"Automatic uses the April 2021 model up to {year_label(NEW_MODEL_FROM - 1)} and "
              f"the May 2025 model from {year_label(NEW_MODEL_FROM)}.")
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
