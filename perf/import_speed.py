"""Time the returns import on a large synthetic authority:
``python -m perf.import_speed --scale 50``.

Generates the authority at the scale given (50 is about a sixth of England), exports its
looked-after tables as SSDA903 returns (one folder per year), writes one CIN census XML per year
from its child protection tables (for timing the XML stream; the census holds the children with a
plan open or an enquiry started in the year), then runs ``python -m iro_metrics import`` on:
one year of SSDA903, every year of SSDA903, one census, and one year of both. Each import runs in
its own process; the figures are its wall time and peak memory (VmHWM of the process, Python
and Polars included; Linux only: ru_maxrss would count the forking parent's memory too).
"""

import argparse
import datetime as dt
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from xml.sax.saxutils import escape

import polars as pl

from iro_metrics.generator import generate
from iro_metrics.indicators.periods import reporting_year

ROOT = Path(__file__).resolve().parents[1]
YEAR = 2019  # the year timed alone: 2019-20


def _write_census(data: Path, year: int, path: Path) -> int:
    """A CIN census for the reporting year starting in ``year``; returns the number of children."""
    period = reporting_year(year)
    plans = pl.read_parquet(data / "cp_plans.parquet").filter(
        (pl.col("plan_start") <= period.end)
        & (pl.col("plan_end").is_null() | (pl.col("plan_end") >= period.start)))
    enquiries = pl.read_parquet(data / "s47_enquiries.parquet").filter(
        pl.col("s47_start").is_between(period.start, period.end))
    reviews = pl.read_parquet(data / "cp_conferences.parquet").filter(
        (pl.col("conference_type") == "RCPC")
        & pl.col("conference_date").is_between(period.start, period.end))
    ids = pl.concat([plans["child_id"], enquiries["child_id"]]).unique().sort()
    children = pl.read_parquet(data / "children.parquet").filter(
        pl.col("child_id").is_in(ids.implode()))
    plans_of = plans.group_by("child_id").agg(pl.all())
    enquiries_of = enquiries.group_by("child_id").agg(pl.all())
    reviews_of = reviews.group_by("child_id").agg(pl.col("conference_date"))
    rows = children.join(plans_of, on="child_id", how="left").join(
        enquiries_of, on="child_id", how="left").join(reviews_of, on="child_id", how="left")
    with path.open("w", encoding="utf-8") as out:
        out.write(f'<?xml version="1.0" encoding="UTF-8"?>\n<Message><Header><CollectionDetails>'
                  f"<Collection>CIN</Collection><Year>{year + 1}</Year><ReferenceDate>"
                  f"{period.end}</ReferenceDate></CollectionDetails><Source><LEA>841</LEA>"
                  "</Source></Header><Children>\n")
        for row in rows.iter_rows(named=True):
            born = (f"<PersonBirthDate>{row['date_of_birth']}</PersonBirthDate>"
                    if row["date_of_birth"] else
                    f"<ExpectedPersonBirthDate>{row['expected_date_of_birth']}"
                    "</ExpectedPersonBirthDate>")
            parts = [f"<Child><ChildIdentifiers><LAchildID>{escape(row['child_id'])}</LAchildID>"
                     f"{born}<Sex>{row['sex']}</Sex></ChildIdentifiers><ChildCharacteristics>"
                     f"<Ethnicity>{row['ethnicity']}</Ethnicity><Disabilities><Disability>"
                     f"{'HAND' if row['disability'] else 'NONE'}</Disability></Disabilities>"
                     "</ChildCharacteristics><CINdetails><CINreferralDate>"
                     f"{period.start}</CINreferralDate><ReferralSource>1A</ReferralSource>"]
            for start, held, required in zip(row["s47_start"] or [], row["icpc_date"] or [],
                                             row["icpc_required"] or [], strict=True):
                icpc = f"<DateOfInitialCPC>{held}</DateOfInitialCPC>" if held else ""
                parts.append(f"<Section47><S47ActualStartDate>{start}</S47ActualStartDate>{icpc}"
                             f"<ICPCnotRequired>{str(not required).lower()}</ICPCnotRequired>"
                             "</Section47>")
            parts.append("<ReferralNFA>false</ReferralNFA>")
            dates = row["conference_date"] or []
            for start, end, first, latest, previous in zip(
                    row["plan_start"] or [], row["plan_end"] or [], row["initial_category"] or [],
                    row["latest_category"] or [], row["previous_plans"] or [], strict=True):
                ended = f"<CPPendDate>{end}</CPPendDate>" if end and end <= period.end else ""
                inside = [d for d in dates if start <= d and (end is None or d <= end)]
                held = "".join(f"<CPPreviewDate>{d}</CPPreviewDate>" for d in inside)
                parts.append(f"<ChildProtectionPlans><CPPstartDate>{start}</CPPstartDate>{ended}"
                             f"<InitialCategoryOfAbuse>{first}</InitialCategoryOfAbuse>"
                             f"<LatestCategoryOfAbuse>{latest}</LatestCategoryOfAbuse>"
                             f"<NumberOfPreviousCPP>{previous or 0}</NumberOfPreviousCPP>"
                             + (f"<Reviews>{held}</Reviews>" if held else "")
                             + "</ChildProtectionPlans>")
            out.write("".join(parts) + "</CINdetails></Child>\n")
        out.write("</Children></Message>\n")
    return rows.height


def _timed_import(label: str, args: list[str], out: Path) -> None:
    """Run one import in its own process and print its wall time and peak memory."""
    probe = ("import sys\nfrom pathlib import Path\nfrom iro_metrics.cli import main\n"
             "status = main(sys.argv[1:])\n"
             "peak = next(line.split()[1] for line in Path('/proc/self/status').read_text()"
             ".splitlines() if line.startswith('VmHWM:'))\n"
             "print(peak, file=sys.stderr)\nsys.exit(status)\n")
    began = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", probe, "import", *args, "--la-code", "841",
                           "--out", str(out)], cwd=ROOT, capture_output=True, text=True,
                          check=False)
    seconds = time.perf_counter() - began
    if done.returncode != 0:
        raise SystemExit(f"{label}: import failed\n{done.stderr}")
    lines = done.stderr.splitlines()
    peak_mb = int(lines[-1]) / 1024
    inside = next(line for line in lines if line.startswith("Wrote ")).rsplit(" in ", 1)[1]
    tables = [line.split() for line in lines if line.startswith("  ") and len(line.split()) == 5
              and line.split()[1].isdigit()]
    rows = sum(int(table[1]) for table in tables)
    print(f"{label:<34} {seconds:6.1f} s wall ({inside} inside), peak {peak_mb:5.0f} MB, "
          f"{rows:>9,} records read")


def main() -> None:
    """Generate, export, write censuses and time the four imports."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=50.0,
                        help="size of the synthetic authority (default 50)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        base = Path(folder)
        began = time.perf_counter()
        generate(base / "data", scale=args.scale)
        print(f"scale {args.scale:g}: generated in {time.perf_counter() - began:.1f} s")
        began = time.perf_counter()
        subprocess.run([sys.executable, "-m", "iro_metrics", "export-903", "--data",
                        str(base / "data"), "--out", str(base / "903")], cwd=ROOT, check=True,
                       capture_output=True)
        years = sorted((base / "903").iterdir())
        size = sum(p.stat().st_size for p in (base / "903").rglob("*.csv")) / 1e6
        print(f"exported {len(years)} SSDA903 returns ({size:.0f} MB) in "
              f"{time.perf_counter() - began:.1f} s")
        census = base / "cin.xml"
        count = _write_census(base / "data", YEAR, census)
        print(f"wrote a {census.stat().st_size / 1e6:.0f} MB census of {count:,} children for "
              f"{reporting_year(YEAR).label}")
        one = base / "903" / reporting_year(YEAR).label
        _timed_import(f"SSDA903 {one.name}", ["--ssda903", str(one)], base / "a")
        _timed_import(f"SSDA903, all {len(years)} years",
                      [arg for year in years for arg in ("--ssda903", str(year))], base / "b")
        _timed_import(f"CIN census {reporting_year(YEAR).end}", ["--cin", str(census)],
                      base / "c")
        _timed_import(f"SSDA903 {one.name} and the census",
                      ["--ssda903", str(one), "--cin", str(census)], base / "d")
    print(f"(run on {dt.date.today()})")


if __name__ == "__main__":
    main()
