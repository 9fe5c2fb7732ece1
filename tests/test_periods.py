"""Reporting periods: every ``--period`` form and refusal, leap years, months, quarters and the
period before."""

import dataclasses
import datetime as dt
from collections.abc import Callable

import pytest

from iro_metrics.indicators.periods import (
    Period,
    date_range,
    month_ends,
    months,
    parse_period,
    previous,
    quarters,
    reporting_year,
    reporting_year_of,
    reporting_years_between,
)

D = dt.date


def test_reporting_year_text() -> None:
    period = parse_period("2019-20")
    assert period == Period(D(2019, 4, 1), D(2020, 3, 31), "2019-20")
    assert period == reporting_year(2019)
    assert period.snapshot == D(2020, 3, 31)
    assert parse_period("2099-00") == Period(D(2099, 4, 1), D(2100, 3, 31), "2099-00")
    assert parse_period("1999-00").label == "1999-00"


def test_date_range_text() -> None:
    assert parse_period("2019-04-01:2020-03-31") == Period(D(2019, 4, 1), D(2020, 3, 31),
                                                           "1 Apr 2019 to 31 Mar 2020")
    one_day = parse_period("2020-02-29:2020-02-29")
    assert one_day == Period(D(2020, 2, 29), D(2020, 2, 29), "29 Feb 2020 to 29 Feb 2020")
    assert one_day.snapshot == D(2020, 2, 29)
    assert date_range(D(2019, 12, 5), D(2020, 1, 9)).label == "5 Dec 2019 to 9 Jan 2020"


@pytest.mark.parametrize("text", [
    "2019/20", "2019-2020", "19-20", "2019-20 ", " 2019-20", "", "2019", "2019-04-01", "2019-04-01:",
    "2019-04-01/2020-03-31", "20190401:20200331", "2019-4-1:2020-3-31", "2019-04-01 : 2020-03-31",
    "1 Apr 2019 to 31 Mar 2020",
])
def test_unrecognised_text(text: str) -> None:
    with pytest.raises(ValueError) as caught:
        parse_period(text)
    assert str(caught.value) == (f"period '{text}' is not a reporting year like 2019-20 or a date range "
                                 f"like 2019-04-01:2020-03-31")


@pytest.mark.parametrize(("text", "message"), [
    ("2019-21", "period '2019-21' is not a reporting year: 21 does not follow 2019 "
                "(the reporting year starting in 2019 is 2019-20)"),
    ("2019-19", "period '2019-19' is not a reporting year: 19 does not follow 2019 "
                "(the reporting year starting in 2019 is 2019-20)"),
    ("2099-01", "period '2099-01' is not a reporting year: 01 does not follow 2099 "
                "(the reporting year starting in 2099 is 2099-00)"),
    ("2020-03-31:2019-04-01", "period '2020-03-31:2019-04-01' ends on 1 Apr 2019, before it starts on "
                              "31 Mar 2020"),
    ("2020-01-02:2020-01-01", "period '2020-01-02:2020-01-01' ends on 1 Jan 2020, before it starts on "
                              "2 Jan 2020"),
    ("2019-02-29:2020-03-31", "period '2019-02-29:2020-03-31' has 2019-02-29, which is not a real date"),
    ("2019-04-01:2020-13-01", "period '2019-04-01:2020-13-01' has 2020-13-01, which is not a real date"),
])
def test_specific_refusals(text: str, message: str) -> None:
    with pytest.raises(ValueError) as caught:
        parse_period(text)
    assert str(caught.value) == message


def test_period_is_frozen_and_checked() -> None:
    period = reporting_year(2019)
    with pytest.raises(dataclasses.FrozenInstanceError):
        period.end = D(2020, 4, 1)  # type: ignore[misc]
    with pytest.raises(ValueError) as caught:
        Period(D(2020, 1, 2), D(2020, 1, 1), "odd")
    assert str(caught.value) == "period odd ends on 1 Jan 2020, before it starts on 2 Jan 2020"


def test_leap_years() -> None:
    year = parse_period("2019-20")
    assert year.start <= D(2020, 2, 29) <= year.end
    assert (year.end - year.start).days + 1 == 366
    assert (reporting_year(2020).end - reporting_year(2020).start).days + 1 == 365
    assert reporting_year_of(D(2020, 2, 29)) == year


@pytest.mark.parametrize(("day", "year_start"), [
    (D(2019, 4, 1), 2019), (D(2020, 3, 31), 2019), (D(2019, 3, 31), 2018), (D(2020, 1, 1), 2019),
    (D(2019, 12, 31), 2019), (D(2020, 4, 1), 2020),
])
def test_reporting_year_of(day: dt.date, year_start: int) -> None:
    assert reporting_year_of(day) == reporting_year(year_start)


def test_reporting_years_between() -> None:
    assert reporting_years_between(D(2019, 3, 31), D(2020, 4, 1)) == [
        reporting_year(2018), reporting_year(2019), reporting_year(2020)]
    assert [p.label for p in reporting_years_between(D(2019, 4, 1), D(2020, 3, 31))] == ["2019-20"]
    assert reporting_years_between(D(2020, 2, 29), D(2020, 2, 29)) == [reporting_year(2019)]


def test_month_ends_across_a_leap_february() -> None:
    assert month_ends(D(2019, 12, 15), D(2020, 3, 31)) == [
        D(2019, 12, 31), D(2020, 1, 31), D(2020, 2, 29), D(2020, 3, 31)]
    assert month_ends(D(2021, 1, 31), D(2021, 3, 30)) == [D(2021, 1, 31), D(2021, 2, 28)]
    assert month_ends(D(2020, 2, 1), D(2020, 2, 28)) == []
    assert len(month_ends(D(2019, 4, 1), D(2020, 3, 31))) == 12


def test_months() -> None:
    got = months(D(2019, 12, 31), D(2020, 2, 1))
    assert got == [Period(D(2019, 12, 1), D(2019, 12, 31), "Dec 2019"),
                   Period(D(2020, 1, 1), D(2020, 1, 31), "Jan 2020"),
                   Period(D(2020, 2, 1), D(2020, 2, 29), "Feb 2020")]
    assert [m.label for m in months(D(2019, 4, 1), D(2020, 3, 31))] == [
        "Apr 2019", "May 2019", "Jun 2019", "Jul 2019", "Aug 2019", "Sep 2019", "Oct 2019", "Nov 2019",
        "Dec 2019", "Jan 2020", "Feb 2020", "Mar 2020"]
    assert months(D(2020, 2, 10), D(2020, 2, 10)) == [Period(D(2020, 2, 1), D(2020, 2, 29), "Feb 2020")]


def test_quarters() -> None:
    assert quarters(D(2019, 4, 1), D(2020, 3, 31)) == [
        Period(D(2019, 4, 1), D(2019, 6, 30), "Q1 2019-20"),
        Period(D(2019, 7, 1), D(2019, 9, 30), "Q2 2019-20"),
        Period(D(2019, 10, 1), D(2019, 12, 31), "Q3 2019-20"),
        Period(D(2020, 1, 1), D(2020, 3, 31), "Q4 2019-20")]
    assert [q.label for q in quarters(D(2019, 3, 31), D(2019, 4, 1))] == ["Q4 2018-19", "Q1 2019-20"]
    assert quarters(D(2020, 2, 29), D(2020, 2, 29)) == [Period(D(2020, 1, 1), D(2020, 3, 31), "Q4 2019-20")]
    assert [q.label for q in quarters(D(2099, 5, 1), D(2100, 1, 1))] == [
        "Q1 2099-00", "Q2 2099-00", "Q3 2099-00", "Q4 2099-00"]


@pytest.mark.parametrize("call", [reporting_years_between, month_ends, months, quarters])
def test_spans_refuse_end_before_start(call: Callable[[dt.date, dt.date], object]) -> None:
    with pytest.raises(ValueError) as caught:
        call(D(2020, 1, 2), D(2020, 1, 1))
    assert str(caught.value) == "the span ends on 1 Jan 2020, before it starts on 2 Jan 2020"


def test_previous_reporting_year() -> None:
    assert previous(parse_period("2019-20")) == reporting_year(2018)
    assert previous(reporting_year(2000)) == Period(D(1999, 4, 1), D(2000, 3, 31), "1999-00")


def test_previous_custom_range() -> None:
    # Same number of days, ending the day before the start (31 days, across New Year).
    assert previous(parse_period("2020-01-10:2020-02-09")) == Period(
        D(2019, 12, 10), D(2020, 1, 9), "10 Dec 2019 to 9 Jan 2020")
    # 1 Mar – 15 Mar 2020 (15 days) → 15 Feb – 29 Feb.
    assert previous(parse_period("2020-03-01:2020-03-15")) == Period(
        D(2020, 2, 15), D(2020, 2, 29), "15 Feb 2020 to 29 Feb 2020")
    assert previous(parse_period("2020-03-01:2020-03-01")).start == D(2020, 2, 29)


def test_previous_whole_months_steps_by_months() -> None:
    # A range of whole months steps back by months, keeping its date label.
    assert previous(parse_period("2019-04-01:2020-03-31")) == Period(
        D(2018, 4, 1), D(2019, 3, 31), "1 Apr 2018 to 31 Mar 2019")
    assert previous(parse_period("2020-03-01:2020-03-31")) == Period(
        D(2020, 2, 1), D(2020, 2, 29), "1 Feb 2020 to 29 Feb 2020")
    assert previous(parse_period("2019-10-01:2020-03-31")) == Period(
        D(2019, 4, 1), D(2019, 9, 30), "1 Apr 2019 to 30 Sep 2019")
    # Months and quarters give the month or quarter before.
    assert previous(months(D(2020, 3, 1), D(2020, 3, 1))[0]) == Period(
        D(2020, 2, 1), D(2020, 2, 29), "Feb 2020")
    assert previous(months(D(2020, 1, 1), D(2020, 1, 1))[0]).label == "Dec 2019"
    assert previous(quarters(D(2019, 4, 1), D(2019, 4, 1))[0]) == Period(
        D(2019, 1, 1), D(2019, 3, 31), "Q4 2018-19")
    assert previous(quarters(D(2020, 1, 1), D(2020, 1, 1))[0]).label == "Q3 2019-20"
    # Whole months under some other label fall back to a date label.
    assert previous(Period(D(2019, 10, 1), D(2020, 3, 31), "second half of 2019-20")) == Period(
        D(2019, 4, 1), D(2019, 9, 30), "1 Apr 2019 to 30 Sep 2019")
