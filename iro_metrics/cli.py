"""The command line: ``python -m iro_metrics <command>``; each command's help explains its options."""

import argparse
import datetime as dt
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from iro_metrics.indicators.periods import Period

from iro_metrics.indicators.registry import DIMENSIONS
from iro_metrics.refusal import Refused

EXIT_REFUSED = 2


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date in the form YYYY-MM-DD") from None


def _run_generate(args: argparse.Namespace) -> int:
    from iro_metrics.generator import generate

    if args.end <= args.start or args.scale <= 0:
        raise Refused([f"nothing to simulate: --to ({args.end}) must be after --from "
                       f"({args.start}) and --scale ({args.scale:g}) above 0"])
    generate(args.out, seed=args.seed, scale=args.scale, start=args.start, end=args.end)
    print(f"wrote {args.out}", file=sys.stderr)
    return 0


def _period(text: str) -> "Period":
    from iro_metrics.indicators.periods import parse_period

    try:
        return parse_period(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def _run_indicators(args: argparse.Namespace) -> int:
    from iro_metrics.contract.loader import load_extract
    from iro_metrics.indicators.engine import compute
    from iro_metrics.present.output_contract import to_csv, to_json

    extract = load_extract(args.data)
    report = extract.report
    print(f"{sum(report.rows_set_aside.values())} rows set aside, "
          f"{report.warnings.height} warnings", file=sys.stderr)
    for message in report.messages:
        print(f"warning: {message}", file=sys.stderr)
    frame = compute(extract, args.period, by=args.by)
    sys.stdout.write(to_csv(frame) if args.format == "csv" else to_json(frame) + "\n")
    return 0


def _build_published(build: Callable[[Path, Path], list[Path]],
                     args: argparse.Namespace) -> int:
    """Build tidy files from the published sources; a missing or unreadable source file (or an
    unsound result) is a refusal, not a traceback."""
    import polars as pl

    if not args.source.is_dir():
        raise Refused([f"{args.source}: no such directory (--source is the folder of "
                       "published files)"])
    try:
        paths = build(args.source, args.out)
    except (OSError, ValueError) as problem:
        raise Refused([str(problem)]) from problem
    except pl.exceptions.PolarsError as problem:
        raise Refused([f"{args.source}: a published file cannot be read "
                       f"({str(problem).strip().splitlines()[0]})"]) from problem
    for path in paths:
        print(f"wrote {path}", file=sys.stderr)
    return 0


def _run_build_reference(args: argparse.Namespace) -> int:
    from iro_metrics.published.reference import build_reference

    return _build_published(build_reference, args)


def _run_build_benchmarks(args: argparse.Namespace) -> int:
    from iro_metrics.published.build import build_published

    return _build_published(build_published, args)


def _run_validate(args: argparse.Namespace) -> int:
    from iro_metrics.contract.loader import describe_report, load_extract

    print(describe_report(load_extract(args.data).report, limit=args.limit))
    return 0


def _la_code(text: str) -> str:
    if len(text) == 3 and text.isdigit():
        return text
    raise argparse.ArgumentTypeError(f"{text!r} is not a 3-digit DfE LA number such as 841")


def _run_import(args: argparse.Namespace) -> int:
    from iro_metrics.returns.common import InputRefused
    from iro_metrics.returns.importer import import_returns
    from iro_metrics.returns.report import describe, wrote

    try:
        report = import_returns(ssda903=args.ssda903, cin=args.cin, population=args.population,
                                la_code=args.la_code, out=args.out, extra=args.extra)
    except InputRefused as refused:
        # What was read before the refusal explains it: the summary comes before the reasons.
        if refused.report is not None:
            print(describe(refused.report, limit=args.limit), file=sys.stderr)
        raise
    print(describe(report, limit=args.limit), file=sys.stderr)
    print(wrote(report), file=sys.stderr)
    return 0


def _run_export_903(args: argparse.Namespace) -> int:
    from iro_metrics.returns.export import describe_export, export_903

    exported = export_903(args.data, args.out)
    print(describe_export(args.data, args.out, exported), file=sys.stderr)
    return 0


def _run_report(args: argparse.Namespace) -> int:
    from iro_metrics.contract.loader import load_extract
    from iro_metrics.present.disclosure import Audience
    from iro_metrics.report import files, words
    from iro_metrics.report.build import build_report, documents
    from iro_metrics.report.commentary import template
    from iro_metrics.report.figures import gather

    extract = load_extract(args.data)
    year = files.report_year(args.year, extract)
    audience = Audience(args.audience)
    if args.commentary_template:
        report = build_report(gather(extract, year, audience))
        path = files.write_template(args.out, year,
                                    template(report, year.label, words.starters(year)))
        print(f"wrote {path}", file=sys.stderr)
        return 0
    text = files.commentary_for(args.data, year, args.commentary)
    report = build_report(gather(extract, year, audience), text)
    for path in files.write_documents(args.out, year, documents(report)):
        print(f"wrote {path}", file=sys.stderr)
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
        "authorities' regions, both statistical-neighbour models and England's children looked "
        "after by characteristic beside it in reference/, and LAIT's context measures beside it "
        "(context.parquet). "
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

    imp = commands.add_parser(
        "import",
        help="build a data directory from SSDA903 returns and CIN census files",
        description="Read SSDA903 returns (CSV folders) and CIN census XML files, merge several "
        "years and both collections by child, and write a data directory that follows the "
        "extract contract, with import_report.json saying where every row came from. Bad values "
        "are set aside or warned about with their file, line or XML path; a summary goes to "
        "stderr. The directory is built beside --out and replaces it only once it loads. Exit "
        "status 2, with the reasons on stderr, when the input as a whole cannot be imported. "
        "Every rule is in docs/returns-import.md.",
    )
    imp.add_argument("--ssda903", type=Path, action="append", default=[], metavar="DIR",
                     help="a folder holding one year's SSDA903 return (header.csv, episodes.csv, "
                     "reviews.csv; names or columns recognised, dates dd/mm/yyyy); repeat for "
                     "several years. The year comes from a folder name like 2019-20, else from "
                     "the return's dates")
    imp.add_argument("--cin", type=Path, action="append", default=[], metavar="FILE",
                     help="a CIN census XML file (older GenderCurrent or newer Sex layout); "
                     "repeat for several census years")
    imp.add_argument("--population", type=Path, default=None, metavar="FILE",
                     help="a CSV of the 0-17 population with columns mid_year, age (optional; "
                     "empty for the 0-17 total) and population; without it the published ONS "
                     "totals for --la-code are used")
    imp.add_argument("--extra", type=Path, default=None, metavar="DIR",
                     help="a folder of the optional extract tables as CSV (iro_activity.csv, "
                     "other_reviews.csv, service_activity.csv, feedback.csv; any of them), one "
                     "column per contract column, dates YYYY-MM-DD "
                     "(docs/footprint-mapping.md)")
    imp.add_argument("--la-code", type=_la_code, required=True, metavar="NNN",
                     help="the authority's 3-digit DfE LA number; its name and region come from "
                     "data/reference/local_authorities.csv")
    imp.add_argument("--out", type=Path, required=True, metavar="DIR",
                     help="the data directory to write (an existing data directory is replaced "
                     "only when the import succeeds)")
    imp.add_argument("--limit", type=int, default=20,
                     help="list at most this many set-aside rows and warnings on stderr "
                     "(default 20; import_report.json lists them all)")
    imp.set_defaults(run=_run_import)

    exp = commands.add_parser(
        "export-903",
        help="write the looked-after tables back out as SSDA903 returns, one folder per year",
        description="Write the children, lac_episodes and lac_reviews of a data directory as "
        "SSDA903 returns: one folder per reporting year (2019-20/header.csv, episodes.csv, "
        "reviews.csv) holding the children looked after during the year, their episodes open "
        "in it and its reviews, with the 2019-20 columns and codes and dd/mm/yyyy dates. A child "
        "with sex U or no date of birth cannot be written and is reported on stderr. Exit "
        "status 2 when the data directory is refused or has no lac_episodes.",
    )
    exp.add_argument("--data", type=Path, required=True, help="the data directory to export")
    exp.add_argument("--out", type=Path, required=True,
                     help="folder to write the year folders into (replaced once complete; an "
                     "existing folder must hold only year folders)")
    exp.set_defaults(run=_run_export_903)

    rep = commands.add_parser(
        "report",
        help="write the committee's annual report for a reporting year, as Word and PDF",
        description="Write the IRO service's annual report for one reporting year as "
        "iro-annual-report-YEAR.docx and .pdf (PDF/UA-1) into --out: every figure from the "
        "engine, with disclosure control for the public edition (the default), and the "
        "author's commentary placed under its headings. The commentary comes from --commentary, "
        "else from commentary/YEAR.md in the data directory when there is one. With "
        "--commentary-template, writes YEAR.md instead: every section heading with the drafted "
        "findings under it, for the author to edit (docs/report-commentary.md). Exit status 2, "
        "with the reasons on stderr, when the data directory, the year or the commentary is "
        "refused.",
    )
    rep.add_argument("--data", type=Path, required=True, help="the data directory")
    rep.add_argument("--year", required=True, metavar="YEAR",
                     help="the reporting year, such as 2019-20 (1 April to 31 March); it must "
                     "have ended by the extract date")
    rep.add_argument("--audience", choices=("public", "manager"), default="public",
                     help="public (the default: a committee paper is a public document, and "
                     "counts from 1 to 5 are suppressed as on the dashboard) or manager (exact "
                     "figures, not for publication)")
    rep.add_argument("--commentary", type=Path, default=None, metavar="FILE",
                     help="the author's commentary (Markdown); default commentary/YEAR.md in "
                     "the data directory, when it exists")
    rep.add_argument("--commentary-template", action="store_true",
                     help="write the commentary template YEAR.md into --out instead of the "
                     "report")
    rep.add_argument("--out", type=Path, required=True, help="the folder to write into")
    rep.set_defaults(run=_run_report)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run one command and return its exit status: every command refuses its input the same way,
    one line per problem on stderr and exit status 2, never a traceback."""
    args = build_parser().parse_args(argv)
    run: Callable[[argparse.Namespace], int] = args.run
    try:
        return run(args)
    except Refused as refused:
        for message in refused.messages:
            print(message, file=sys.stderr)
        return EXIT_REFUSED
