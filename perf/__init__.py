"""Speed and memory measurements, run from the repository root: python -m perf.<name>."""
