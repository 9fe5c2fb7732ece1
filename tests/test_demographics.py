"""Breakdown labels: age on a date (29 February birthdays), age bands, ethnic and legal groups."""

import datetime as dt

import polars as pl
import pytest

from iro_metrics.indicators.demographics import (
    AGE_BANDS,
    age_band_on,
    age_band_spans,
    age_on,
    birthday,
    disability_label,
    ethnic_group,
    legal_status_group,
)

D = dt.date


@pytest.mark.parametrize(("birth", "day", "age"), [
    (D(2011, 12, 16), D(2015, 5, 7), 3),
    (D(2011, 12, 16), D(2015, 12, 15), 3),
    (D(2011, 12, 16), D(2015, 12, 16), 4),
    (D(2011, 5, 7), D(2015, 12, 16), 4),
    (D(2012, 2, 29), D(2016, 2, 28), 3),
    (D(2012, 2, 29), D(2016, 2, 29), 4),
    (D(2012, 2, 29), D(2017, 2, 28), 4),
    (D(2012, 2, 29), D(2017, 3, 1), 5),
])
def test_age_on(birth: dt.date, day: dt.date, age: int) -> None:
    assert pl.select(age_on(pl.lit(birth), pl.lit(day))).item() == age


@pytest.mark.parametrize(("birth", "day", "band"), [
    (None, D(2020, 3, 31), "Unborn"),
    (D(2020, 4, 2), D(2020, 3, 31), "Unborn"),
    (D(2020, 3, 31), D(2020, 3, 31), "Under 1"),
    (D(2019, 4, 1), D(2020, 3, 31), "Under 1"),
    (D(2019, 3, 31), D(2020, 3, 31), "1 to 4"),
    (D(2015, 4, 1), D(2020, 3, 31), "1 to 4"),
    (D(2015, 3, 31), D(2020, 3, 31), "5 to 9"),
    (D(2010, 3, 31), D(2020, 3, 31), "10 to 15"),
    (D(2004, 4, 1), D(2020, 3, 31), "10 to 15"),
    (D(2004, 3, 31), D(2020, 3, 31), "16 and over"),
])
def test_age_band_on(birth: dt.date | None, day: dt.date, band: str) -> None:
    frame = pl.DataFrame({"dob": [birth], "day": [day]}, schema={"dob": pl.Date, "day": pl.Date})
    assert frame.select(age_band_on(pl.col("dob"), pl.col("day"))).item() == band


@pytest.mark.parametrize(("birth", "years", "day"), [
    (D(2011, 12, 16), 4, D(2015, 12, 16)),
    (D(2012, 2, 29), 4, D(2016, 2, 29)),
    (D(2012, 2, 29), 5, D(2017, 3, 1)),
    (D(2012, 2, 29), 0, D(2012, 2, 29)),
])
def test_birthday_is_the_first_day_of_that_age(birth: dt.date, years: int, day: dt.date) -> None:
    assert pl.select(birthday(pl.lit(birth), years)).item() == day


def test_age_band_spans_give_the_band_of_age_band_on() -> None:
    """Every day of 2016-2021 for a child born on 29 February 2016, one born on 15 March 2004
    and one with no date of birth: the band whose span holds the day is ``age_band_on``'s."""
    days = pl.date_range(D(2016, 1, 1), D(2021, 12, 31), eager=True)
    births = pl.Series("dob", [D(2016, 2, 29), D(2004, 3, 15), None], dtype=pl.Date)
    grid = births.to_frame().join(days.alias("day").to_frame(), how="cross")
    inside = []
    for band, (enters, leaves) in age_band_spans(pl.col("dob")).items():
        entered = pl.lit(True) if enters is None else (pl.col("day") >= enters).fill_null(False)
        left = pl.lit(False) if leaves is None else (pl.col("day") >= leaves).fill_null(False)
        inside.append(pl.when(entered & ~left).then(pl.lit(band)))
    held = grid.select(expected=age_band_on(pl.col("dob"), pl.col("day")),
                       bands=pl.concat_list(inside).list.drop_nulls())
    assert held.filter(pl.col("bands") != pl.concat_list("expected")).is_empty()
    assert set(held["expected"]) == set(AGE_BANDS)


def test_group_labels() -> None:
    codes = ["WBRI", "MWBC", "AIND", "APKN", "BAFR", "CHNE", "OOTH", "REFU", "NOBT", "WROM"]
    groups = pl.select(ethnic_group(pl.Series(codes))).to_series().to_list()
    assert groups == ["White", "Mixed", "Asian or Asian British", "Asian or Asian British",
                      "Black or Black British", "Other ethnic groups", "Other ethnic groups",
                      "Refused or not obtained", "Refused or not obtained", "White"]
    statuses = pl.Series(["C1", "C2", "D1", "E1", "V2", "L3", "J1", "V4", None], dtype=pl.String)
    assert pl.select(legal_status_group(statuses)).to_series().to_list() == [
        "care order", "care order", "placement order", "placement order", "voluntary",
        "police protection or EPO", "youth justice", "short breaks", "unknown"]
    flags = pl.Series([True, False, None], dtype=pl.Boolean)
    assert pl.select(disability_label(flags)).to_series().to_list() == ["true", "false", "unknown"]
