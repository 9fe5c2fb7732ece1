"""The command line: ``python -m iro_metrics <command>``; each command's help explains its options."""

import argparse
import datetime as dt
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from iro_metrics.periods import Period

from iro_metrics.registry import DIMENSIONS

EXIT_REFUSED = 2


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date in the form YYYY-MM-DD") from None


def _run_generate(args: argparse.Namespace) -> int:
    from iro_metrics.generator import generate

    if args.end <= args.start or args.scale <= 0:
        print(f"nothing to simulate: --to ({args.end}) must be after --from ({args.start}) and "
              f"--scale ({args.scale:g}) above 0", file=sys.stderr)
        return EXIT_REFUSED
    generate(args.out, seed=args.seed, scale=args.scale, start=args.start, end=args.end)
    print(f"wrote {args.out}", file=sys.stderr)
    return 0


def _period(text: str) -> "Period":
    from iro_metrics.periods import parse_period

    try:
        return parse_period(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def _run_indicators(args: argparse.Namespace) -> int:
    from iro_metrics.engine import compute
    from iro_metrics.extract import ExtractRefused
    from iro_metrics.loader import load_extract
    from iro_metrics.output import to_csv, to_json

    try:
        extract = load_extract(args.data)
    except ExtractRefused as refused:
        for message in refused.messages:
            print(message, file=sys.stderr)
        return EXIT_REFUSED
    report = extract.report
    print(f"{sum(report.rows_set_aside.values())} rows set aside, "
          f"{report.warnings.height} warnings", file=sys.stderr)
    for message in report.messages:
        print(f"warning: {message}", file=sys.stderr)
    frame = compute(extract, args.period, by=args.by)
    sys.stdout.write(to_csv(frame) if args.format == "csv" else to_json(frame) + "\n")
    return 0


def _run_build_reference(args: argparse.Namespace) -> int:
    from iro_metrics.reference import build_reference

    for path in build_reference(args.source, args.out):
        print(f"wrote {path}", file=sys.stderr)
    return 0


def _run_build_benchmarks(args: argparse.Namespace) -> int:
    from iro_metrics.benchmarks import build_benchmarks

    try:
        paths = build_benchmarks(args.source, args.out)
    except (OSError, ValueError) as problem:
        print(problem, file=sys.stderr)
        return EXIT_REFUSED
    for path in paths:
        print(f"wrote {path}", file=sys.stderr)
    return 0


def _run_validate(args: argparse.Namespace) -> int:
    from iro_metrics.extract import ExtractRefused
    from iro_metrics.loader import describe_report, load_extract

    try:
        extract = load_extract(args.data)
    except ExtractRefused as refused:
        for message in refused.messages:
            print(message, file=sys.stderr)
        return EXIT_REFUSED
    print(describe_report(extract.report, limit=args.limit))
    return 0


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of every sub-command."""
    parser = argparse.ArgumentParser(
        prog="python -m iro_metrics",
        description="Indicators for the IRO service and Children's Safeguarding Unit, computed "
        "from a data directory that follows the extract contract.",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    gen = commands.add_parser(
        "generate",
        help="simulate a synthetic demonstration authority and write its data directory",
        description="Simulate the children's services of a Darlington-sized authority as events "
        "over time and write a data directory (Parquet tables and authority.json).",
    )
    gen.add_argument("--out", type=Path, required=True, help="directory to write (replaced)")
    gen.add_argument("--seed", type=int, default=841, help="random seed (default 841); the same "
                     "seed gives identical tables")
    gen.add_argument("--scale", type=float, default=1.0, help="multiply every volume and the "
                     "population by this factor (default 1; 300 is about England's size)")
    gen.add_argument("--from", dest="start", type=_date, default=dt.date(2014, 4, 1),
                     help="first day simulated (default 2014-04-01)")
    gen.add_argument("--to", dest="end", type=_date, default=dt.date(2021, 3, 31),
                     help="last day simulated, and the extract date (default 2021-03-31)")
    gen.set_defaults(run=_run_generate)

    ind = commands.add_parser(
        "indicators",
        help="compute every indicator for a period (CSV or JSON on stdout)",
        description="Compute every indicator of the registry for one period from a data "
        "directory. Output starts with indicator_id, period_start, period_end, group, "
        "numerator, denominator, value, then unit, confidence limits, polarity and title. "
        "Counts of rows set aside and warnings go to stderr. Exit status 2 when the data "
        "directory is refused.",
    )
    ind.add_argument("--data", type=Path, required=True, help="the data directory")
    ind.add_argument("--period", type=_period, required=True,
                     help="a reporting year such as 2019-20 (1 April to 31 March) or "
                     "START:END in ISO dates, both inclusive")
    ind.add_argument("--by", choices=DIMENSIONS, default=None,
                     help="break each indicator down by one dimension; indicators it does not "
                     "apply to are left out")
    ind.add_argument("--format", choices=("csv", "json"), default="csv",
                     help="output format (default csv)")
    ind.set_defaults(run=_run_indicators)

    ref = commands.add_parser(
        "build-reference",
        help="build the tidy reference files (ONS 0–17 population) from the published sources",
        description="Read the published statistics (never committed) and write the tidy "
        "reference files the project commits under data/reference/.",
    )
    ref.add_argument("--source", type=Path, default=Path("../shared/data/published"),
                     help="folder of published files (default ../shared/data/published)")
    ref.add_argument("--out", type=Path, default=Path("data/reference"),
                     help="folder to write (default data/reference)")
    ref.set_defaults(run=_run_build_reference)

    bench = commands.add_parser(
        "build-benchmarks",
        help="build the tidy published comparators (England, regions, every authority)",
        description="Read the published DfE and LAIT files (never committed) and write one "
        "tidy, validated table of published values keyed by our indicator ids, plus the "
        "authorities' regions and both statistical-neighbour models beside it in reference/. "
        "Re-run it when a new year's release is added to the source folder.",
    )
    bench.add_argument("--source", type=Path, default=Path("../shared/data/published"),
                       help="folder of published files (default ../shared/data/published)")
    bench.add_argument("--out", type=Path, default=Path("data/benchmarks.parquet"),
                       help="the table to write (default data/benchmarks.parquet)")
    bench.set_defaults(run=_run_build_benchmarks)

    val = commands.add_parser(
        "validate",
        help="load a data directory and report rows set aside and warnings",
        description="Load a data directory, apply the three validation levels of the extract "
        "contract and print what was read, loaded, set aside and warned about. Exit status 2 "
        "when the directory is refused, with one line per problem on stderr.",
    )
    val.add_argument("--data", type=Path, required=True, help="the data directory")
    val.add_argument("--limit", type=int, default=50,
                     help="list at most this many set-aside rows and warnings (default 50)")
    val.set_defaults(run=_run_validate)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run one command and return its exit status."""
    args = build_parser().parse_args(argv)
    return args.run(args)
