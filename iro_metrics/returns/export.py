"""``python -m iro_metrics export-903``: the looked-after tables of a data directory written back
out as SSDA903 returns, one folder per reporting year (``2019-20/header.csv``, ``episodes.csv``,
``reviews.csv``), columns and codes as the 2019-20 specification, dates dd/mm/yyyy.

A year's return holds what the real return holds: the children looked after at any time in the
year (and any child with a review in it), their episodes open during the year (an episode ending
after 31 March is written open: no DEC, no REC) and the reviews held in it. Years run from the one
holding the earliest episode start to the one holding the extract date; a year with nothing in it
is skipped, and the last year is partial when the extract date is before its 31 March.

SSDA903 SEX is 1 or 2 and DOB cannot be blank, so a child with sex ``U`` or no date of birth cannot
be written: the child is left out of the year, with its episodes and reviews, and reported. The
contract carries no UPN, mother or postcode fields, so those columns are written empty.
"""

import datetime as dt
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypedDict

import polars as pl

from iro_metrics.contract.extract import Extract
from iro_metrics.contract.loader import load_extract
from iro_metrics.indicators.periods import Period, reporting_year_of, reporting_years_between
from iro_metrics.returns.common import (
    YEAR_FOLDER,
    InputRefused,
    build_directory,
    check_replaceable,
    date_allowed,
    out_of_years,
    replace_directory,
)

DATE_FORM = "%d/%m/%Y"
HEADER_COLUMNS = ("CHILD", "SEX", "DOB", "ETHNIC", "UPN", "MOTHER", "MC_DOB")
EPISODE_COLUMNS = ("CHILD", "DECOM", "RNE", "LS", "CIN", "PLACE", "PLACE_PROVIDER", "DEC", "REC",
                   "REASON_PLACE_CHANGE", "HOME_POST", "PL_POST", "URN")
REVIEW_COLUMNS = ("CHILD", "DOB", "REVIEW", "REVIEW_CODE")
SEX_CODES = {"M": "1", "F": "2"}


class LeftOut(TypedDict):
    """A child a year's return cannot hold, why, and its episodes and reviews left out with it."""

    child_id: str
    reason: str
    episodes: int
    reviews: int


@dataclass(frozen=True)
class YearWritten:
    """One year's return: rows written, and the children left out with the reason."""

    label: str
    children: int
    episodes: int
    reviews: int
    partial: bool
    left_out: list[LeftOut] = field(default_factory=list)


@dataclass(frozen=True)
class Exported:
    """What an export wrote, and how many rows of the data directory were set aside on loading
    (those are not exported)."""

    years: list[YearWritten]
    rows_set_aside: int


def export_903(data: Path, out: Path) -> Exported:
    """Write every year's return of the data directory ``data`` under ``out`` (replaced only once
    complete); :class:`InputRefused` (or the loader's ``ExtractRefused``) when nothing can be
    exported."""
    extract = load_extract(data)
    episodes = extract.optional("lac_episodes")
    if episodes is None:
        raise InputRefused([f"{data}: the data directory has no lac_episodes table, so there are "
                            "no SSDA903 returns to write"])
    check_replaceable(out, _is_export, "a folder of SSDA903 returns (folders like 2019-20)")
    years = _years(extract, episodes)
    building = build_directory(out)
    try:
        written = [_write_year(extract, episodes, year, building / year.label) for year in years]
        replace_directory(building, out)
    finally:
        shutil.rmtree(building, ignore_errors=True)
    return Exported([year for year in written if year is not None],
                    sum(extract.report.rows_set_aside.values()))


def _is_export(path: Path) -> bool:
    """Whether ``path`` holds only year folders (a previous export)."""
    return all(child.is_dir() and YEAR_FOLDER.fullmatch(child.name) for child in path.iterdir())


def _years(extract: Extract, episodes: pl.DataFrame) -> list[Period]:
    """Every reporting year from the earliest episode start to the extract date, which must fall
    in a year a return can describe (``rules.YEAR_RANGE``)."""
    first = episodes["episode_start"].min()
    last = extract.authority.extract_date
    if not date_allowed(last):
        raise out_of_years(str(extract.directory / "authority.json"), field="extract_date",
                           value=last.isoformat())
    if not isinstance(first, dt.date) or first > last:
        return []
    return reporting_years_between(reporting_year_of(first).start, last)


def _write_year(extract: Extract, episodes: pl.DataFrame, year: Period,
                folder: Path) -> YearWritten | None:
    """Write one year's three files; None when nothing was looked after in the year."""
    open_in_year = episodes.filter(
        (pl.col("episode_start") <= year.end)
        & (pl.col("episode_end").is_null() | (pl.col("episode_end") >= year.start)))
    reviews = (extract.lac_reviews.filter(pl.col("review_date").is_between(year.start, year.end))
               if extract.lac_reviews is not None else
               pl.DataFrame(schema={"child_id": pl.String, "review_date": pl.Date,
                                    "participation_code": pl.String}))
    ids = pl.concat([open_in_year["child_id"], reviews["child_id"]]).unique()
    if ids.is_empty():
        return None
    children = extract.children.filter(pl.col("child_id").is_in(ids.implode()))
    writable = pl.col("sex").is_in(list(SEX_CODES)) & pl.col("date_of_birth").is_not_null()
    left_out = children.filter(~writable)
    children = children.filter(writable)
    kept = pl.col("child_id").is_in(children["child_id"].implode())
    open_in_year, dropped_episodes = open_in_year.filter(kept), open_in_year.filter(~kept)
    reviews, dropped_reviews = reviews.filter(kept), reviews.filter(~kept)
    folder.mkdir()
    _write(folder / "header.csv", children.sort("child_id").select(
        CHILD="child_id", SEX=pl.col("sex").replace_strict(SEX_CODES),
        DOB=pl.col("date_of_birth").dt.strftime(DATE_FORM), ETHNIC="ethnicity",
        **{name: pl.lit(None, dtype=pl.String) for name in ("UPN", "MOTHER", "MC_DOB")}),
        HEADER_COLUMNS)
    ended = pl.col("episode_end").is_not_null() & (pl.col("episode_end") <= year.end)
    _write(folder / "episodes.csv", open_in_year.sort("child_id", "episode_start").select(
        CHILD="child_id", DECOM=pl.col("episode_start").dt.strftime(DATE_FORM),
        RNE="reason_new_episode", LS="legal_status", CIN="category_of_need",
        PLACE="placement_type", PLACE_PROVIDER="placement_provider",
        DEC=pl.when(ended).then(pl.col("episode_end").dt.strftime(DATE_FORM)),
        REC=pl.when(ended).then(pl.col("reason_episode_ceased")),
        **{name: pl.lit(None, dtype=pl.String)
           for name in ("REASON_PLACE_CHANGE", "HOME_POST", "PL_POST", "URN")}),
        EPISODE_COLUMNS)
    _write(folder / "reviews.csv", reviews.join(
        children.select("child_id", "date_of_birth"), on="child_id", how="left",
        maintain_order="left").sort("child_id", "review_date").select(
        CHILD="child_id", DOB=pl.col("date_of_birth").dt.strftime(DATE_FORM),
        REVIEW=pl.col("review_date").dt.strftime(DATE_FORM), REVIEW_CODE="participation_code"),
        REVIEW_COLUMNS)
    return YearWritten(
        label=year.label, children=children.height, episodes=open_in_year.height,
        reviews=reviews.height, partial=extract.authority.extract_date < year.end,
        left_out=[{"child_id": child_id,
                   "reason": (f"sex {sex} cannot be written as SSDA903 SEX (1 or 2)"
                              if sex not in SEX_CODES else "no date of birth (DOB cannot be blank)"),
                   "episodes": dropped_episodes.filter(pl.col("child_id") == child_id).height,
                   "reviews": dropped_reviews.filter(pl.col("child_id") == child_id).height}
                  for child_id, sex in left_out.select("child_id", "sex").iter_rows()])


def _write(path: Path, frame: pl.DataFrame, columns: tuple[str, ...]) -> None:
    """One return file: the columns in the specification's order, blanks for empty values."""
    frame.select(columns).write_csv(path, null_value="")


def describe_export(data: Path, out: Path, exported: Exported) -> str:
    """The summary printed after an export: rows per year and every child left out."""
    lines = [f"Wrote {len(exported.years)} SSDA903 returns from {data} to {out}"
             f" ({exported.rows_set_aside} rows of the data directory set aside on loading, "
             "not exported):"]
    for year in exported.years:
        partial = " (partial: the data end before 31 March)" if year.partial else ""
        lines.append(f"  {year.label}: {year.children} children, {year.episodes} episodes, "
                     f"{year.reviews} reviews{partial}")
        lines.extend(f"    left out {item['child_id']}: {item['reason']} ({item['episodes']} "
                     f"episodes, {item['reviews']} reviews)" for item in year.left_out)
    return "\n".join(lines)
