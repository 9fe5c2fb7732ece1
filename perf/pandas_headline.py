"""The headline indicators written the way an analyst would in pandas, as the yardstick for the
engine's speed (``perf.scale``): read each Parquet file whole, convert the dates, then plain
merges, group-bys and NumPy working days, with the rules of ``indicators.md``. No validation:
the files are taken as they come. Not part of the package, and not used by it.
"""

import datetime as dt
from pathlib import Path

import holidays
import numpy as np
import pandas as pd

HEADLINE = ("lac_count", "cp_count", "lac_starts", "cp_starts", "lac_reviews_timely",
            "icpc_timely")
SHORT_BREAKS = ["V3", "V4"]
BANK_HOLIDAYS = np.array(sorted(holidays.country_holidays("GB", subdiv="ENG",
                                                          years=range(2000, 2041))),
                         dtype="datetime64[D]")

Figure = tuple[int, int | None]
"""An indicator's numerator and denominator (None for a count)."""


def _read(folder: Path, table: str, *dates: str) -> pd.DataFrame:
    frame = pd.read_parquet(folder / f"{table}.parquet")
    for column in dates:
        frame[column] = pd.to_datetime(frame[column])
    return frame


def _working_days(start: pd.Series, end: pd.Series) -> np.ndarray:
    """Working days after ``start`` up to and including ``end``."""
    one = np.timedelta64(1, "D")
    return np.busday_count(start.to_numpy().astype("datetime64[D]") + one,
                           end.to_numpy().astype("datetime64[D]") + one, holidays=BANK_HOLIDAYS)


def _open_on(frame: pd.DataFrame, start: str, end: str, day: pd.Timestamp) -> pd.DataFrame:
    return frame[(frame[start] <= day) & (frame[end].isna() | (frame[end] > day))]


def headline(folder: Path, start: dt.date, end: dt.date) -> dict[str, Figure]:
    """The headline indicators for the period ``start``–``end`` from the Parquet files in
    ``folder``."""
    return work_out(read_tables(folder), start, end)


def read_tables(folder: Path) -> dict[str, pd.DataFrame]:
    """The tables the headline indicators read, with their dates converted, and the extract
    date (a one-row frame)."""
    authority = pd.read_json(folder / "authority.json", typ="series")
    return {
        "authority": pd.DataFrame({"extract_date": [pd.Timestamp(authority["extract_date"])]}),
        "episodes": _read(folder, "lac_episodes", "episode_start", "episode_end"),
        "reviews": _read(folder, "lac_reviews", "review_date"),
        "plans": _read(folder, "cp_plans", "plan_start", "plan_end"),
        "enquiries": _read(folder, "s47_enquiries", "s47_start", "icpc_date"),
    }


def work_out(tables: dict[str, pd.DataFrame], start: dt.date, end: dt.date) -> dict[str, Figure]:
    """The headline indicators for the period ``start``–``end`` from ``read_tables``."""
    first, last = pd.Timestamp(start), pd.Timestamp(end)
    extract_date = tables["authority"]["extract_date"].iloc[0]
    episodes, reviews = tables["episodes"], tables["reviews"]
    plans, enquiries = tables["plans"], tables["enquiries"]

    looked_after = _open_on(episodes, "episode_start", "episode_end", last)
    looked_after = looked_after[~looked_after["legal_status"].isin(SHORT_BREAKS)]
    on_plan = _open_on(plans, "plan_start", "plan_end", last)

    # Periods of care: a new one at reason S, a child's first episode, or after an episode that
    # did not end with X1.
    episodes = episodes.sort_values(["child_id", "episode_start"], kind="stable")
    ceased_before = episodes.groupby("child_id")["reason_episode_ceased"].shift()
    starts_period = ((episodes["reason_new_episode"] == "S") | ceased_before.isna()
                     | (ceased_before != "X1"))
    episodes["period"] = starts_period.cumsum()
    periods = episodes[starts_period.to_numpy()].set_index("period")
    periods["period_end"] = episodes.groupby("period").tail(1).set_index("period")["episode_end"]
    periods["start_shown"] = periods["reason_new_episode"] == "S"
    periods = periods.rename(columns={"episode_start": "period_start"})

    started = periods[periods["start_shown"] & periods["period_start"].between(first, last)
                      & ~periods["legal_status"].isin(SHORT_BREAKS)]
    plans_started = plans[plans["plan_start"].between(first, last)]
    icpcs = enquiries[enquiries["icpc_date"].between(first, last)]
    icpc_in_time = _working_days(icpcs["s47_start"], icpcs["icpc_date"]) <= 15
    return {
        "lac_count": (looked_after["child_id"].nunique(), None),
        "cp_count": (on_plan["child_id"].nunique(), None),
        "lac_starts": (started["child_id"].nunique(), None),
        "cp_starts": (len(plans_started), None),
        "lac_reviews_timely": _reviews_timely(reviews, periods, first, last, extract_date),
        "icpc_timely": (int(icpc_in_time.sum()), len(icpcs)),
    }


def _reviews_timely(reviews: pd.DataFrame, periods: pd.DataFrame, first: pd.Timestamp,
                    last: pd.Timestamp, extract_date: pd.Timestamp) -> Figure:
    """Reviews held in the period on time, of those whose due date can be worked out: the first
    of a period of care within 20 working days of its start, the second within 3 months of the
    first, each later one within 6 months of the one before."""
    reviews = reviews.reset_index(names="row").sort_values("review_date", kind="stable")
    located = pd.merge_asof(
        reviews, periods[["child_id", "period_start", "period_end", "start_shown"]]
        .sort_values("period_start"),
        left_on="review_date", right_on="period_start", by="child_id", direction="backward")
    located = located.sort_values(["child_id", "review_date", "row"], kind="stable")
    in_care = located["period_start"].notna() & (
        located["review_date"] <= located["period_end"].fillna(extract_date))
    in_period_of_care = located.groupby(["child_id", "period_start"], dropna=False)
    number = in_period_of_care.cumcount() + 1
    previous = in_period_of_care["review_date"].shift()
    start_shown = located["start_shown"].fillna(False).astype(bool)
    first_in_time = _working_days(located["period_start"].fillna(located["review_date"]),
                                  located["review_date"]) <= 20
    due = previous + pd.DateOffset(months=6)
    due = due.where(~((number == 2) & start_shown), previous + pd.DateOffset(months=3))
    on_time = in_care & np.where(number == 1, first_in_time, located["review_date"] <= due)
    assessable = in_care & ((number > 1) | start_shown)
    held = located["review_date"].between(first, last)
    return int((held & assessable & on_time).sum()), int((held & assessable).sum())
