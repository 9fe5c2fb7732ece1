"""The public view never shows a small count: for 200 combinations of page, period and filters on
the demo data (and more on a deliberately tiny extract), every metric, table cell, chart data
point and label, and CSV download is scanned for a count from 1 to 5. The results layer is
checked directly for the derived figures and for breakdowns whose hidden cell could be
recovered from the others and the total."""

import csv
import io
import itertools
import math
import random
import re
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import polars as pl
import pyarrow as pa
import pytest
from helpers import OpenPage, csv_downloads, record_media, write_tiny_extract
from streamlit.testing.v1 import AppTest

from iro_metrics.contract.loader import load_extract
from iro_metrics.indicators.engine import Filters, compute
from iro_metrics.indicators.periods import reporting_year
from iro_metrics.indicators.registry import DIMENSIONS
from iro_metrics.present.disclosure import protect_indicators
from iro_metrics.ui.navigation import pages_for

pytestmark = pytest.mark.slow  # 200 page views and every breakdown: minutes

SMALL = re.compile(r"^[1-5]$")
SMALL_LABEL = re.compile(r"^[1-5](\s|$)")
# Table columns whose small whole numbers are not counts of children, with the reason.
NOT_CHILD_COUNTS = {
    "Rank": "position among 150 authorities",
    "Headcount": "staff in post, not children",
    "People in post": "staff in post, not children",
    "Difference": "our figure less the published one, a reconciliation check",
    "Published decimals": "precision of a published figure",
    "England's share (%)": "England's published percentage of children looked after",
}
# Chart data columns that hold counts of children (or of their reviews, plans, conferences).
COUNT_FIELDS = {"count", "children", "disputes", "reviews", "numerator", "denominator"}
# Chart data columns holding the text drawn beside a bar or a point ("12 (4.4%)").
LABEL_FIELDS = {"label", "text"}
PAGES = [entry.path.removeprefix("pages/").removesuffix(".py")
         for entry in pages_for(managers=False)]
YEARS = ["2016-17", "2018-19", "2019-20", "2020-21"]
FILTERS: list[dict[str, str | list[str]]] = [
    {}, {"sex": "Girls"}, {"age": ["Under 1"]}, {"age": ["16 and over"], "sex": "Boys"},
    {"ethnicity": ["Mixed"]}, {"ethnicity": ["Black or Black British"], "sex": "Girls"},
    {"disability": ["Disabled"]}, {"disability": ["Not recorded"], "age": ["5 to 9"]},
    {"ethnicity": ["Asian or Asian British"], "age": ["10 to 15"]},
    {"legal": ["youth justice"]}, {"category": ["Sexual abuse"]},
    {"category": ["Multiple categories"], "sex": "Boys"},
]


def combinations(count: int, seed: int) -> list[tuple[str, dict]]:
    everything = [(page, {"year": year, **filters})
                  for page, year, filters in itertools.product(PAGES, YEARS, FILTERS)]
    return random.Random(seed).sample(everything, count)


@pytest.fixture
def media(monkeypatch: pytest.MonkeyPatch) -> list:
    """Every media store AppTest creates, to read the CSV payloads of download buttons."""
    return record_media(monkeypatch)


def elements(node: object) -> Iterator[object]:
    for child in getattr(node, "children", {}).values():
        yield child
        yield from elements(child)


def cells(frame: pd.DataFrame) -> Iterator[tuple[str, str]]:
    for column in frame.columns:
        if str(column) in NOT_CHILD_COUNTS:
            continue
        for value in frame[column].tolist():
            yield str(column), str(value)


def small_counts(at: AppTest, stores: list) -> list[str]:
    found = []
    for metric in at.metric:
        if SMALL.match(metric.value.strip()):
            found.append(f"metric {metric.label}: {metric.value}")
    for table in at.dataframe:
        found += [f"table {column}: {value}" for column, value in cells(table.value)
                  if SMALL.match(value.strip())]
    for table in at.table:
        found += [f"table {column}: {value}" for column, value in cells(table.value)
                  if SMALL.match(value.strip())]
    for element in elements(at._tree[0]):
        if getattr(element, "type", None) != "vega_lite_chart":
            continue
        for dataset in element.proto.datasets:
            data = pa.ipc.open_stream(dataset.data.data).read_all().to_pylist()
            for row in data:
                for field, value in row.items():
                    monthly_count = field == "value" and "month_end" in row
                    if field in LABEL_FIELDS and isinstance(value, str) and SMALL_LABEL.match(value):
                        found.append(f"chart label {field}: {value}")
                    elif ((field in COUNT_FIELDS or monthly_count)
                          and isinstance(value, int | float) and not math.isnan(value)
                          and value in (1, 2, 3, 4, 5)):
                        found.append(f"chart {field}: {value}")
    for content in csv_downloads(at, stores):
        rows = list(csv.reader(io.StringIO(content)))
        header = rows[0]
        for row in rows[1:]:
            for column, value in zip(header, row, strict=False):
                if column not in NOT_CHILD_COUNTS and SMALL.match(value.strip()):
                    found.append(f"download {column}: {value}")
    return found


def assert_public_page_is_safe(open_page: OpenPage, media: list, page: str, query: dict,
                               data_dir: Path | None = None) -> None:
    kwargs = {"data_dir": data_dir} if data_dir else {}
    at = open_page(page, query=query, audience="public", **kwargs)
    assert not at.exception, (page, query, [e.value for e in at.exception])
    assert not [e.value for e in at.error if "could not be drawn" in e.value], (page, query)
    assert small_counts(at, media) == [], (page, query)


@pytest.mark.parametrize(("page", "query"), combinations(200, seed=7))
def test_public_pages_show_no_small_counts(open_page: OpenPage, media: list, page: str,
                                          query: dict) -> None:
    assert_public_page_is_safe(open_page, media, page, query)


@pytest.mark.parametrize("page", PAGES)
def test_tiny_extract_public_pages(open_page: OpenPage, media: list, page: str,
                                   tmp_path: Path) -> None:
    tiny = write_tiny_extract(tmp_path / "tiny")
    for query in ({"year": "2019-20"}, {"year": "2020-21", "sex": "Girls"}):
        assert_public_page_is_safe(open_page, media, page, query, data_dir=tiny)


@pytest.mark.parametrize(("year", "by", "filters"), [
    (year, by, filters) for year in (2016, 2019, 2020) for by in (None, *DIMENSIONS)
    for filters in (Filters(), Filters(sex=("F",)), Filters(age_band=("Under 1", "1 to 4")))
])
def test_results_hide_derived_figures_and_unrecoverable_cells(demo_dir: Path, year: int,
                                                              by: str | None,
                                                              filters: Filters) -> None:
    exact = compute(load_extract(demo_dir), reporting_year(year), by=by, filters=filters)
    public = protect_indicators(exact)
    for raw, shown in zip(exact.iter_rows(named=True), public.iter_rows(named=True),
                          strict=True):
        small = any(raw[name] is not None and 1 <= raw[name] <= 5
                    for name in ("numerator", "denominator")
                    if not (name == "denominator" and raw["indicator_id"] == "iro_caseload"))
        if small:
            assert shown["value"] is None or math.isnan(shown["value"]), raw
        if shown["value"] is not None and not math.isnan(shown["value"]):
            assert shown["value"] == raw["value"]
    if by is not None:
        hidden = public.with_columns(hidden=pl.col("numerator").is_nan().fill_null(False))
        # A breakdown with a single group is its own total, suppressed alike; with several,
        # one hidden cell alone could be recovered from the others and the total.
        lonely = hidden.group_by("indicator_id").agg(pl.col("hidden").sum(), groups=pl.len())\
            .filter(pl.col("hidden") == 1, pl.col("groups") > 1)
        assert lonely.is_empty(), lonely
