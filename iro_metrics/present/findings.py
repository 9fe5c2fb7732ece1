"""Chart titles that state the finding: plain words for how a figure moved between two points
(the wording itself is ``report_tables.movement``'s, shared with the other pages)."""

from iro_metrics.present.formatting import format_number
from iro_metrics.present.report_tables import movement


def change_phrase(subject: str, before: float | None, after: float | None, decimals: int = 0,
                  suffix: str = "") -> str:
    """``Plans started fell from 180 to 155``, ``... rose from ...``, ``... stayed at 155``;
    ``subject: 155`` when there is nothing to compare with (or one of the two is suppressed,
    so no movement is claimed). Figures are compared as shown
    (rounded to ``decimals``), so the words never contradict the numbers."""
    def shown(value: float | None) -> str:
        return format_number(value, decimals) + suffix
    if after is None:
        return f"{subject}: no figure"
    if before is None or before != before or after != after:  # missing or suppressed (NaN)
        return f"{subject}: {shown(after)}"
    return f"{subject} {movement(shown(before), shown(after), before, after)}"


def latest_change(subject: str, values: list[float | None], label: str, decimals: int = 0,
                  suffix: str = "") -> str:
    """``change_phrase`` between the last two of ``values`` (a yearly series), ending ``in``
    the last one's ``label``: ``Plans started fell from 180 to 155 in 2020-21``."""
    before = values[-2] if len(values) > 1 else None
    after = values[-1] if values else None
    return f"{change_phrase(subject, before, after, decimals, suffix)} in {label}"
