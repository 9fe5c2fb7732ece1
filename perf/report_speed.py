"""Seconds to build the annual report, both documents, as the command line and the Annual report
page do: ``python -m perf.report_speed [DIR] [YEAR] [AUDIENCE]`` (default data/demo, 2019-20,
public). Run in a fresh process, so the first chart pays for starting the renderer, as the first
download after a server starts does.

Target (issue 15): the demo's .docx and .pdf built in at most 10 s, from loading the data
directory to the last byte of the PDF.
"""

import sys
import time
from pathlib import Path

from iro_metrics.contract.loader import load_extract
from iro_metrics.present.disclosure import Audience
from iro_metrics.report.build import build_report
from iro_metrics.report.figures import gather
from iro_metrics.report.files import report_year
from iro_metrics.report.images import render_charts
from iro_metrics.report.pdf import pdf_document
from iro_metrics.report.word import word_document
from perf.timing import timed

TARGET = 10.0



def main() -> None:
    """Time each step of one build, then the whole against the target."""
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("data/demo")
    label = sys.argv[2] if len(sys.argv) > 2 else "2019-20"
    audience = Audience(sys.argv[3] if len(sys.argv) > 3 else "public")
    began = time.perf_counter()
    extract = timed("load the data directory", lambda: load_extract(folder))
    year = report_year(label, extract)
    figures = timed("the year's figures and comparators", lambda: gather(extract, year, audience))
    report = timed("the report's sections", lambda: build_report(figures))
    images = timed(f"{len(report.charts())} charts as PNG", lambda: render_charts(report))
    word = timed("the Word document", lambda: word_document(report, images))
    pdf = timed("the PDF (PDF/UA-1)", lambda: pdf_document(report, images))
    total = time.perf_counter() - began
    print(f"{'both documents, in all':36} {total:6.2f} s (target {TARGET:.0f} s: "
          f"{'met' if total <= TARGET else 'MISSED'}); .docx {len(word):,} bytes, "
          f".pdf {len(pdf):,} bytes")


if __name__ == "__main__":
    main()
