"""Counting units of the looked-after indicators: children, periods of care and reviews.

Short breaks (legal status V3/V4) are left out of every looked-after count, judged by the episode
open on the snapshot, the starting episode or the ending episode (DfE convention). Review due
dates follow regulation 33 of the Care Planning, Placement and Case Review (England) Regulations
2010: the first within 20 working days of the start of the period of care, the second within 3
months of the first, each later one within 6 months of the one before. The same rules judge each
review held (``review_timeliness``) and each looked-after child on a snapshot, whose missed
reviews count against the service too (``review_standing``).
"""

import datetime as dt

import polars as pl

from iro_metrics.contract.codes import EPISODE_CONTINUES, SHORT_BREAK_LEGAL_STATUS
from iro_metrics.contract.extract import Extract
from iro_metrics.indicators.calendar import (
    add_months,
    add_working_days,
    after_working_days,
    working_days_between,
)
from iro_metrics.indicators.derived import derived
from iro_metrics.indicators.periods import FAR_FUTURE, Period, Spell
from iro_metrics.indicators.sorted_keys import positions_in, sorted_by

FIRST_REVIEW_WORKING_DAYS = 20
PERIODS_OF_CARE = "periods_of_care"
REVIEW_PLACES = "review_places"
REVIEW_TIMELINESS = "review_timeliness"
"""The names under which the extract keeps its periods of care, where its reviews fall in them
and its reviews' timeliness (``derived``); the loader works out the first two for its
warnings."""


def periods_of_care(episodes: pl.DataFrame) -> pl.DataFrame:
    """Periods of care with their first and last episode: a period starts at an episode with
    reason S (or, when the extract does not show its start, at the child's first episode or one
    following a non-X1 ending) and ends at the first episode whose reason ceased is not X1.

    Columns: child_id, period_start, period_end (null while open), start_shown, start_status,
    end_status, start_need and end_need (category of need of the first and last episodes).
    """
    # A period's episodes are consecutive in ``_ordered_episodes``, so its first and last rows,
    # picked by two filters in the same order, line up without grouping, and the other columns
    # are gathered for those rows alone.
    ordered = _ordered_episodes(episodes)
    firsts = ordered["episode"].filter(ordered["first"])
    lasts = ordered["episode"].filter(ordered["first"].shift(-1, fill_value=True))
    return pl.DataFrame([
        episodes["child_id"].gather(firsts),
        episodes["episode_start"].gather(firsts).alias("period_start"),
        episodes["episode_end"].gather(lasts).alias("period_end"),
        (episodes["reason_new_episode"].gather(firsts) == "S").alias("start_shown"),
        episodes["legal_status"].gather(firsts).alias("start_status"),
        episodes["legal_status"].gather(lasts).alias("end_status"),
        episodes["category_of_need"].gather(firsts).alias("start_need"),
        episodes["category_of_need"].gather(lasts).alias("end_need"),
    ])


def _ordered_episodes(episodes: pl.DataFrame) -> pl.DataFrame:
    """The episodes' keys sorted by child and start (only the keys are sorted): child_id,
    episode_start, each one's row in ``episodes`` (``episode``) and whether it starts a period
    of care (``first``), the one statement of that rule for ``periods_of_care`` and
    ``review_places``."""
    new_child = (pl.col("child_id") != pl.col("child_id").shift(1)).fill_null(True)
    after_ending = ~pl.col("continues").shift(1, fill_value=False)
    return episodes.select(
        "child_id", "episode_start", shown=pl.col("reason_new_episode") == "S",
        continues=(pl.col("reason_episode_ceased") == EPISODE_CONTINUES).fill_null(False),
    ).with_row_index("episode").pipe(sorted_by, "child_id", "episode_start").select(
        "child_id", "episode_start", "episode", first=pl.col("shown") | new_child | after_ending)


def _child_numbers(known: pl.Series, ids: pl.Series) -> pl.Series:
    """A number for each of ``ids`` (sorted, distinct): its position in ``known`` (sorted,
    distinct), or for one not there a number after all of those."""
    return ids.to_frame().select(pl.coalesce(
        positions_in(known, ids), pl.int_range(pl.len(), dtype=pl.UInt32) + known.len())
    ).to_series()


def _not_short_break(column: str) -> pl.Expr:
    return ~pl.col(column).is_in(SHORT_BREAK_LEGAL_STATUS)


LOOKED_AFTER = Spell("episode_start", "episode_end", _not_short_break("legal_status"))
"""An episode makes its child looked after on a day when open that day and not a short break."""


def looked_after_on(episodes: pl.DataFrame, day: dt.date) -> pl.DataFrame:
    """Children looked after on ``day`` (one row each): child_id, event_date, legal_status and
    category_of_need of the episode open that day."""
    return episodes.filter(*LOOKED_AFTER.on(day)).select(
        "child_id", "category_of_need", event_date=pl.lit(day),
        legal_status="legal_status").unique("child_id", keep="first", maintain_order=True)


def looked_after_at_end(extract: Extract, period: Period) -> pl.DataFrame:
    """Counting units: children looked after on the period's last day."""
    return looked_after_on(extract.table("lac_episodes"), period.end)


def _periods_of_care(extract: Extract) -> pl.DataFrame:
    episodes = extract.table("lac_episodes")
    return derived(extract, PERIODS_OF_CARE, lambda: periods_of_care(episodes))


def care_starts(extract: Extract, period: Period) -> pl.DataFrame:
    """Counting units: children who started a period of care in the period, each once."""
    return starts_in(_periods_of_care(extract), period)


def care_ends(extract: Extract, period: Period) -> pl.DataFrame:
    """Counting units: children whose period of care ended in the period, each once."""
    return ceased_in(_periods_of_care(extract), period)


def timed_reviews(extract: Extract) -> pl.DataFrame:
    """``review_timeliness`` of the extract's reviews, worked out once per extract."""
    reviews, episodes = extract.table("lac_reviews"), extract.optional("lac_episodes")
    if episodes is None:
        return derived(extract, REVIEW_TIMELINESS, lambda: review_timeliness(
            reviews, None, extract.authority.extract_date))
    periods = _periods_of_care(extract)
    places = derived(extract, REVIEW_PLACES, lambda: review_places(
        reviews, episodes, extract.authority.extract_date, periods))
    return derived(extract, REVIEW_TIMELINESS, lambda: review_timeliness(
        reviews, episodes, extract.authority.extract_date, periods, places))


def reviews_held(extract: Extract, period: Period) -> pl.DataFrame:
    """Counting units: looked-after reviews held in the period, with participation_code,
    whether each could be judged and was on time, and the legal status and category of need of
    the episode open that day (none without ``lac_episodes``)."""
    held = pl.col("review_date").is_between(period.start, period.end)
    return with_episode_labels(timed_reviews(extract).filter(held), extract.optional(
        "lac_episodes")).select("child_id", "participation_code", "assessable", "on_time",
                                "legal_status", "category_of_need", event_date="review_date")


def review_status_at_end(extract: Extract, period: Period) -> pl.DataFrame:
    """Counting units: children looked after on the period's last day, with whether their
    current period of care is judged, its reviews in the period were all on time with none
    overdue, and its next review is overdue (``review_standing``)."""
    looked_after = looked_after_on(extract.table("lac_episodes"), period.end)
    return review_standing(looked_after, _periods_of_care(extract), timed_reviews(extract),
                           period)


def starts_in(periods: pl.DataFrame, period: Period) -> pl.DataFrame:
    """Children who started a period of care in ``period``, each once (their first start)."""
    return (
        periods.filter(pl.col("start_shown"), pl.col("period_start").is_between(period.start,
                                                                                  period.end),
                       _not_short_break("start_status"))
        .sort("child_id", "period_start")
        .unique("child_id", keep="first", maintain_order=True)
        .select("child_id", event_date="period_start", legal_status="start_status",
                category_of_need="start_need")
    )


def ceased_in(periods: pl.DataFrame, period: Period) -> pl.DataFrame:
    """Children whose period of care ended in ``period``, each once (their last ending)."""
    return (
        periods.filter(pl.col("period_end").is_between(period.start, period.end),
                       _not_short_break("end_status"))
        .sort("child_id", "period_end")
        .unique("child_id", keep="last", maintain_order=True)
        .select("child_id", event_date="period_end", legal_status="end_status",
                category_of_need="end_need")
    )


def review_places(reviews: pl.DataFrame, episodes: pl.DataFrame, extract_date: dt.date,
                  periods: pl.DataFrame) -> pl.DataFrame:
    """Every review, ordered by child, date and file position, with its position in ``reviews``
    (``row``), its date, whether it is its child's first (``first_of_child``), the row of
    ``periods`` (the episodes' ``periods_of_care``) of the period it falls after (``period``;
    null before the child's first episode), whether it lies in that period (``in_period``: both
    ends inclusive, an open period running to ``extract_date``) and the row of the episode open
    that day in ``episodes`` (``episode``). The loader's warnings need no more than this, and
    ``review_timeliness`` goes on from it.

    The period a review falls after is that of the latest episode starting on or before it
    (periods are runs of consecutive episodes, numbered in ``_ordered_episodes`` order as
    ``periods_of_care`` lists them), so one as-of join by child finds both. The join is on
    numbers given to each child once, from the distinct ids, not on the text of every review's
    id; only the row numbers of the period and episode are carried, and their dates gathered.
    """
    child = pl.col("child_id")
    new_child = child.ne_missing(child.shift(1))
    keyed = _ordered_episodes(episodes).select(
        "child_id", "episode_start", "episode", period=pl.col("first").cum_sum() - 1,
        child=new_child.cum_sum() - 1)
    ordered = (reviews.select("child_id", "review_date").with_row_index("row")
               .pipe(sorted_by, "child_id", "review_date")
               .with_columns(first_of_child=new_child))
    numbers = _child_numbers(keyed.filter(new_child)["child_id"],
                             ordered.filter("first_of_child")["child_id"])
    located = ordered.drop("child_id").with_columns(
        child=pl.lit(numbers).gather(pl.col("first_of_child").cum_sum() - 1)
    ).join_asof(keyed.drop("child_id"), left_on="review_date", right_on="episode_start",
                by="child", strategy="backward", check_sortedness=False)
    period_end = periods["period_end"].gather(located["period"]).fill_null(extract_date)
    episode_end = episodes["episode_end"].gather(located["episode"]).fill_null(FAR_FUTURE)
    held = pl.col("review_date")
    return located.select(
        "row", "review_date", "period", "first_of_child",
        in_period=pl.col("period").is_not_null() & (held <= period_end),
        episode=pl.when(held <= episode_end).then("episode"))


def review_timeliness(reviews: pl.DataFrame, episodes: pl.DataFrame | None,
                      extract_date: dt.date, periods: pl.DataFrame | None = None,
                      places: pl.DataFrame | None = None) -> pl.DataFrame:
    """Every review (in input order, ``row`` its position) with whether it lies in a period of
    care (``in_period``, the start of the period it falls after as ``period_start``, whether
    that start is shown as ``start_shown``), its place among the period's reviews in the extract
    (``number``, 1 for the first; null outside care) and the date of the one before
    (``previous``), whether its due date can be worked out (``assessable``) and whether it was
    held by then (``on_time``: within 20 working days of the start for a first review, by
    ``later_review_due`` for a later one), plus the row of the episode open that day in
    ``episodes`` (``episode``: ``with_episode_labels`` reads its labels). ``periods`` (the
    episodes' ``periods_of_care``) and ``places`` (``review_places``) are passed when they have
    been worked out already.

    A review belongs to the period of care whose dates contain it (both ends inclusive). The first
    review of a period whose start the extract does not show, and any review outside every period
    of care, cannot be assessed. The reviews are numbered in the order of ``review_places``, and
    only the new columns are put back in review order. A first review is on time before the day
    after its period's 20th working day, worked out once a period rather than once a review.
    """
    base = reviews.select("child_id", "review_date", "participation_code").with_row_index("row")
    if episodes is None:
        return base.with_columns(period_start=pl.lit(None, dtype=pl.Date),
                                 start_shown=pl.lit(None, dtype=pl.Boolean),
                                 number=pl.lit(None, dtype=pl.Int64),
                                 previous=pl.lit(None, dtype=pl.Date),
                                 in_period=pl.lit(False), assessable=pl.lit(False),
                                 on_time=pl.lit(False),
                                 episode=pl.lit(None, dtype=pl.UInt32))
    periods = periods_of_care(episodes) if periods is None else periods
    if places is None:
        places = review_places(reviews, episodes, extract_date, periods)
    in_care = pl.col("in_period")
    first_of_period = pl.col("first_of_child") | pl.col("period_start").ne_missing(
        pl.col("period_start").shift(1))
    position = pl.int_range(pl.len())
    number = position - pl.when(first_of_period).then(position).forward_fill() + 1
    previous = pl.when(~first_of_period).then(pl.col("review_date").shift(1))
    first_on_time = pl.col("review_date") < pl.col("first_late")
    new = (
        places.hstack(periods.select(
            pl.col("period_start", "start_shown"),
            first_late=after_working_days(pl.col("period_start"), FIRST_REVIEW_WORKING_DAYS),
        ).select(pl.all().gather(places["period"])).get_columns())
        .with_columns(number=pl.when(in_care).then(number), previous=previous)
        .with_columns(
            assessable=in_care & ((pl.col("number") > 1) | pl.col("start_shown")),
            on_time=in_care & pl.when(pl.col("number") == 1).then(first_on_time).otherwise(
                pl.col("review_date") <= later_review_due(
                    pl.col("start_shown"), pl.col("number") - 1, pl.col("previous"))))
        .select("row", "period_start", "start_shown", pl.col("number").cast(pl.Int64),
                "previous", "in_period", assessable=pl.col("assessable").fill_null(False),
                on_time=pl.col("on_time").fill_null(False), episode="episode")
        .sort("row")
    )
    return base.hstack(new.drop("row").get_columns())


def with_episode_labels(timed: pl.DataFrame, episodes: pl.DataFrame | None) -> pl.DataFrame:
    """Reviews of ``review_timeliness`` with the legal status and category of need of the
    episode open on the day in place of its ``episode`` (none without ``episodes``): gathered
    for the reviews a period counts, not kept as text for every review of the extract."""
    if episodes is None:
        labels = [pl.repeat(None, timed.height, dtype=pl.String, eager=True).alias(column)
                  for column in ("legal_status", "category_of_need")]
    else:
        labels = [episodes[column].gather(timed["episode"])
                  for column in ("legal_status", "category_of_need")]
    return timed.drop("episode").hstack(labels)


def next_review_due(start: pl.Expr, start_shown: pl.Expr, held: pl.Expr,
                    last: pl.Expr) -> pl.Expr:
    """When the next review of a period of care starting on ``start`` is due after ``held``
    reviews, the last on ``last`` (regulation 33): with none held, the 20th working day after
    the start; after that, ``later_review_due``. The one statement of these rules for reviews
    held, the snapshot and action lists."""
    return (pl.when(held == 0).then(add_working_days(start, FIRST_REVIEW_WORKING_DAYS))
            .otherwise(later_review_due(start_shown, held, last)))


def later_review_due(start_shown: pl.Expr, held: pl.Expr, last: pl.Expr) -> pl.Expr:
    """When the next review is due once at least one has been held, the last on ``last``: after
    the first (start shown), the first + 3 months; otherwise the last + 6 months. Reviews held
    are judged by this alone, which spares working out every review's 20th working day."""
    return pl.when((held == 1) & start_shown).then(add_months(last, 3)).otherwise(
        add_months(last, 6))


def review_standing(looked_after: pl.DataFrame, periods: pl.DataFrame, timed: pl.DataFrame,
                    period: Period) -> pl.DataFrame:
    """Each child ``looked_after`` on the period's last day (``looked_after_on``) with the
    child-based review measure of ``indicators.md`` for the period of care open that day (the
    latest of ``periods`` starting on or before it) and its reviews of ``timed``
    (``review_timeliness``) dated on or before it:

    - ``judged``: the start is shown and at least 20 working days old, or it is not shown and
      a review has been held;
    - ``overdue``: judged, and the day is after ``next_review_due`` (a review due that day is
      not yet overdue);
    - ``all_on_time``: judged, not overdue, and every review dated in the period on time (one
      with no due date, the first where the start is not shown, passes).
    """
    day = period.end
    children = looked_after.select("child_id")  # only theirs are sorted and grouped
    current = (periods.filter(pl.col("period_start") <= day)
               .join(children, on="child_id", how="semi")
               .sort("child_id", "period_start")
               .unique("child_id", keep="last", maintain_order=True)
               .select("child_id", "period_start", "start_shown"))
    in_period = pl.col("review_date").is_between(period.start, period.end)
    reviews = (
        timed.filter(pl.col("in_period"), pl.col("review_date") <= day)
        .join(children, on="child_id", how="semi")
        .group_by("child_id", "period_start")
        .agg(held=pl.len(), last=pl.col("review_date").max(),
             reviews_on_time=(pl.col("on_time") | ~pl.col("assessable")).filter(in_period).all())
    )
    judged = pl.when(pl.col("start_shown")).then(
        working_days_between(pl.col("period_start"), pl.lit(day)) >= FIRST_REVIEW_WORKING_DAYS
    ).otherwise(pl.col("held") >= 1)
    return (
        looked_after.join(current, on="child_id", how="left", maintain_order="left")
        .join(reviews, on=["child_id", "period_start"], how="left", maintain_order="left")
        .with_columns(pl.col("held").fill_null(0), pl.col("reviews_on_time").fill_null(True))
        .with_columns(judged=judged.fill_null(False))
        .with_columns(overdue=pl.col("judged") & (pl.lit(day) > next_review_due(
            pl.col("period_start"), pl.col("start_shown"), pl.col("held"), pl.col("last"))))
        .select("child_id", "event_date", "legal_status", "category_of_need", "judged",
                "overdue",
                all_on_time=pl.col("judged") & ~pl.col("overdue") & pl.col("reviews_on_time"))
    )
