"""England's children looked after on 31 March by characteristic (DfE, 2018 to 2022): the
published numbers and percentages for the groups of our breakdowns (age band, sex, ethnic group,
legal status, category of need), built tidy from ``national_cla_on_31_march_by_characteristics``
and committed as ``data/reference/england_looked_after.csv``.

The percentages are England's as published (whole numbers, ``k`` where one rounds to zero),
never worked out again here. Children on a child protection plan by category of abuse have no
national distribution in the published files used: ``NOT_PUBLISHED`` says so.
"""

import datetime as dt
from dataclasses import dataclass
from functools import partial
from pathlib import Path

import polars as pl

from iro_metrics.present.formatting import format_published
from iro_metrics.published.comparators import parse_value
from iro_metrics.published.reference import REFERENCE_DIR
from iro_metrics.published.versioned import read_per_version

SOURCE_FILE = "national_cla_on_31_march_by_characteristics_2018_to_2022.csv"
ENGLAND_FILE = REFERENCE_DIR / "england_looked_after.csv"
SOURCE = "DfE, children looked after in England on 31 March, national tables by characteristic"
NOT_PUBLISHED = ("England's figures by category of abuse are not in the published files used "
                 "here, so no England column is shown.")
CHARACTERISTICS: dict[tuple[str, str], tuple[str, str]] = {
    ("Age group", "Under 1 year"): ("age_band", "Under 1"),
    ("Age group", "1 to 4 years"): ("age_band", "1 to 4"),
    ("Age group", "5 to 9 years"): ("age_band", "5 to 9"),
    ("Age group", "10 to 15 years"): ("age_band", "10 to 15"),
    ("Age group", "16 years and over"): ("age_band", "16 and over"),
    ("Gender", "Male"): ("sex", "M"),
    ("Gender", "Female"): ("sex", "F"),
    ("Ethnicity", "1. Total White"): ("ethnic_group", "White"),
    ("Ethnicity", "2. Total Mixed or Multiple ethnic groups"): ("ethnic_group", "Mixed"),
    ("Ethnicity", "3. Total Asian or Asian British"): ("ethnic_group", "Asian or Asian British"),
    ("Ethnicity", "4. Total Black, African, Caribbean or Black British"):
        ("ethnic_group", "Black or Black British"),
    ("Ethnicity", "5. Total other ethnic group"): ("ethnic_group", "Other ethnic groups"),
    ("Ethnicity", "6. Total refused or information not yet available"):
        ("ethnic_group", "Refused or not obtained"),
    ("Legal status", "Care orders"): ("legal_status_group", "care order"),
    ("Legal status", "Placement order granted"): ("legal_status_group", "placement order"),
    ("Legal status", "Voluntary agreements under S20 CA 1989"):
        ("legal_status_group", "voluntary"),
    ("Legal status", "Detained for child protection"):
        ("legal_status_group", "police protection or EPO"),
    ("Legal status", "Youth justice legal statuses"): ("legal_status_group", "youth justice"),
    **{("Category of need", f"N{n}. {words}"): ("category_of_need", f"N{n}") for n, words in (
        (1, "Abuse or neglect"), (2, "Child's disability"), (3, "Parental illness or disability"),
        (4, "Family in acute stress"), (5, "Family dysfunction"),
        (6, "Socially unacceptable behaviour"), (7, "Low income"), (8, "Absent parenting"))},
}
"""Each published (cla_group, characteristic) that is one of our groups: (dimension, group)."""
DIMENSIONS = tuple(dict.fromkeys(dimension for dimension, _ in CHARACTERISTICS.values()))
SCHEMA = pl.Schema({"dimension": pl.String, "group": pl.String, "year": pl.Int64,
                    "number": pl.Float64, "number_symbol": pl.String, "percent": pl.Float64,
                    "percent_symbol": pl.String})


def tidy_england(source: Path) -> pl.DataFrame:
    """One row per (dimension, group, year to 31 March): England's published number and
    percentage of children looked after, each with its symbol."""
    raw = pl.read_csv(source / SOURCE_FILE, infer_schema=False, encoding="utf8-lossy")
    raw = raw.rename({raw.columns[0]: "time_period"})
    keys = pl.DataFrame([(g, c, d, k) for (g, c), (d, k) in CHARACTERISTICS.items()],
                        schema=["cla_group", "characteristic", "dimension", "group"],
                        orient="row")
    number, number_symbol = parse_value(pl.col("number"))
    percent, percent_symbol = parse_value(pl.col("percentage"))
    return (raw.join(keys, on=["cla_group", "characteristic"])
            .select("dimension", "group", year=pl.col("time_period").cast(pl.Int64),
                    number=number, number_symbol=number_symbol, percent=percent,
                    percent_symbol=percent_symbol)
            .cast(SCHEMA).sort("dimension", "group", "year"))


def build_england(source: Path, out: Path = ENGLAND_FILE) -> Path:
    """Write England's tidy distributions and return the path."""
    out.parent.mkdir(parents=True, exist_ok=True)
    tidy_england(source).write_csv(out)
    return out


def load_england(path: Path = ENGLAND_FILE) -> pl.DataFrame:
    """The committed distributions (empty when they have not been built), read once per
    version of the file."""
    if not path.is_file():
        return pl.DataFrame(schema=SCHEMA)
    return _read_england(path)


_read_england = read_per_version(partial(pl.read_csv, schema=SCHEMA))


@dataclass(frozen=True)
class EnglandShares:
    """England's published percentages for one dimension: the year to 31 March they are for,
    and each group's (percentage, symbol)."""

    year: int
    shares: dict[str, tuple[float | None, str | None]]

    def shown(self, group: str) -> str:
        """A group's percentage as published (its symbol kept); ``x`` for a group England's
        tables do not have (Unborn, sex not recorded, short breaks, need not known)."""
        value, symbol = self.shares.get(group, (None, None))
        return format_published(value, symbol, 0)


def england_shares(table: pl.DataFrame, dimension: str, year: int) -> EnglandShares | None:
    """England's percentages for ``dimension`` on 31 March ``year``, or the latest earlier year
    published (never a later one, as for the other comparators); None when the dimension has no
    national distribution or nothing is published up to ``year``."""
    rows = table.filter(pl.col("dimension") == dimension, pl.col("year") <= year)
    if rows.is_empty():
        return None
    found = int(rows["year"].max())  # type: ignore[arg-type]
    return EnglandShares(found, {row["group"]: (row["percent"], row["percent_symbol"])
                                 for row in rows.filter(pl.col("year") == found)
                                 .iter_rows(named=True)})


def census_year(day: dt.date) -> int:
    """The year of the last 31 March on or before ``day`` (England's figures are on 31 March)."""
    return day.year if day >= dt.date(day.year, 3, 31) else day.year - 1


def england_on(dimension: str, day: dt.date, path: Path = ENGLAND_FILE) -> EnglandShares | None:
    """England's published shares for ``dimension`` on the last 31 March on or before ``day``,
    or the latest published before it (``england_shares``)."""
    return england_shares(load_england(path), dimension, census_year(day))
