"""``calendar.within_working_days``, "within N working days" as the review, ICPC and dispute
indicators judge it (before ``after_working_days``, which depends on the start alone): the same
answer as counting the working days between the dates (``working_days_between``), for every
start and end across weekends and the bank holidays of Christmas 2019, Easter 2020 and the VE
Day holiday moved to Friday 8 May 2020."""

import datetime as dt

import polars as pl
import pytest

from iro_metrics.indicators.calendar import within_working_days, working_days_between

STARTS = pl.date_range(dt.date(2019, 12, 16), dt.date(2020, 1, 10), eager=True).append(
    pl.date_range(dt.date(2020, 4, 1), dt.date(2020, 5, 15), eager=True))
"""Every day of two spans, Saturdays, Sundays and bank holidays among them."""


@pytest.mark.parametrize("days", [15, 20])
def test_within_agrees_with_counting_for_every_start_and_end(days: int) -> None:
    pairs = (STARTS.to_frame("start").join(pl.int_range(-3, 45, eager=True).to_frame("gap"),
                                           how="cross")
             .with_columns(end=pl.col("start") + pl.duration(days=pl.col("gap"))))
    judged = pairs.select(
        within=within_working_days(pl.col("start"), pl.col("end"), days),
        counted=working_days_between(pl.col("start"), pl.col("end")) <= days)
    assert judged["within"].to_list() == judged["counted"].to_list()
    assert judged["within"].sum() not in (0, pairs.height)  # both answers are present


def test_the_last_day_within_is_the_nth_working_day_and_the_next_is_not() -> None:
    """Mon 3 Jun 2019 + 15 working days is Mon 24 Jun, and Tue 25 Jun (the 16th) is not within;
    from Christmas Day, Boxing Day and New Year's Day are not working days."""
    days = [dt.date(2019, 6, 24), dt.date(2019, 6, 25), dt.date(2020, 1, 17), dt.date(2020, 1, 20)]
    starts = [dt.date(2019, 6, 3), dt.date(2019, 6, 3), dt.date(2019, 12, 25),
              dt.date(2019, 12, 25)]
    frame = pl.DataFrame({"start": starts, "end": days})
    # 27, 30, 31 Dec, 2, 3, 6-10, 13-17 Jan: Fri 17 Jan 2020 is the 15th working day after 25 Dec.
    assert frame.select(within_working_days(pl.col("start"), pl.col("end"), 15)).to_series(
    ).to_list() == [True, False, True, False]
