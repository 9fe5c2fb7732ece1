"""What the Data quality page says when a newer extract was published but the loader refused it,
so the dashboard goes on showing the last extract that passed its checks (``docs/deploy.md``,
publishing a new extract)."""

import datetime as dt
from collections.abc import Sequence

from iro_metrics.present.formatting import format_date


def refused_notice(refused: str, shown: str, extract_date: dt.date,
                   reasons: Sequence[str]) -> str:
    """The notice: which newer data directory was refused, which one is still shown (with its
    extract date, so a reader knows how old the figures are) and why, one reason a line.

    The names and reasons arrive as the audience may see them (for the public, the directories'
    last parts and the loader's own words: ``iro_metrics.ui.data.shown_message``)."""
    lines = [f"**A newer extract was refused.** The data directory `{refused}` was published "
             "but did not pass the checks, so every page still shows the last extract that did, "
             f"`{shown}` (extract of {format_date(extract_date)}). It was refused because:"]
    lines += [f"- {reason}" for reason in reasons]
    return "\n".join(lines)
