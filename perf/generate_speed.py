"""Time and memory of ``generate`` at a given scale: ``python -m perf.generate_speed 300``.

The target is an England-sized authority (scale 300) in a few minutes at most.
"""

import datetime as dt
import resource
import sys
import tempfile
import time
from pathlib import Path

import polars as pl

from iro_metrics.generator import generate


def main() -> None:
    """Generate once at the scale given (default 300) and print seconds, peak memory and rows."""
    scale = float(sys.argv[1]) if len(sys.argv) > 1 else 300.0
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "authority"
        began = time.perf_counter()
        generate(out, seed=841, scale=scale, start=dt.date(2014, 4, 1), end=dt.date(2021, 3, 31))
        seconds = time.perf_counter() - began
        rows = {p.stem: pl.scan_parquet(p).select(pl.len()).collect().item()
                for p in sorted(out.glob("*.parquet"))}
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"scale {scale:g}: {seconds:.1f} s, peak memory {peak_mb:.0f} MB")
    for table, count in rows.items():
        print(f"  {table:16} {count:>10,} rows")


if __name__ == "__main__":
    main()
