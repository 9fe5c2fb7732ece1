"""Seconds to load and validate a data directory, and to compute every indicator for a year:
``python -m perf.load_and_compute [DIR] [PERIOD]`` (default data/demo, 2019-20).

Targets: loading the demo well under a second; an England-sized extract (``generate --scale
300``) loaded and computed in seconds.
"""

import sys
from pathlib import Path

from iro_metrics.contract.loader import load_extract
from iro_metrics.indicators.engine import compute, monthly_counts
from iro_metrics.indicators.periods import parse_period
from perf.timing import timed


def main() -> None:
    """Load once cold and once warm, then compute the headline, a breakdown and the series."""
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("data/demo")
    period = parse_period(sys.argv[2] if len(sys.argv) > 2 else "2019-20")
    timed("load (first, imports warm up)", lambda: load_extract(folder))
    extract = timed("load", lambda: load_extract(folder))
    print(f"  {sum(extract.report.rows_read.values()):,} rows read")
    timed("compute headline", lambda: compute(extract, period))
    timed("compute by age band", lambda: compute(extract, period, by="age_band"))
    timed("monthly series (all months)", lambda: monthly_counts(
        extract, extract.lac_episodes["episode_start"].min(), extract.authority.extract_date))


if __name__ == "__main__":
    main()
