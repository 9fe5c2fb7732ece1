"""``build-benchmarks``: every tidy file built from the published statistics at once (the
comparators keyed by our indicators with the reference lists, England's looked-after children by
characteristic, and LAIT's context measures), so that one command brings them all up to date."""

from pathlib import Path

from iro_metrics.published.comparators import BENCHMARKS_FILE, build_benchmarks
from iro_metrics.published.context import build_context
from iro_metrics.published.national import ENGLAND_FILE, build_england


def build_published(source: Path, out: Path = BENCHMARKS_FILE) -> list[Path]:
    """Build the comparators table at ``out`` (and ``reference/`` beside it), England's
    distributions in ``reference/`` and the context measures beside ``out``; return the paths
    written."""
    written = build_benchmarks(source, out)
    written.append(build_england(source, out.parent / "reference" / ENGLAND_FILE.name))
    written.append(build_context(source, out.parent / "context.parquet"))
    return written
