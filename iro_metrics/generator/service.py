"""The IRO unit's work beyond case reviews (extract contract v1.1): the training it delivers, the
panels it attends, case audits and practice observations (volumes in ``quotas.DUTY_QUOTAS``), and
what children, families and professionals said after a review or conference (``feedback``).

Feedback is asked for after a meeting and given within a fortnight; most say they were listened
to (the 2019-20 annual report), the shares held in each year and for each kind of respondent.
"""

from collections.abc import Callable

import numpy as np
import polars as pl

from iro_metrics.generator import quotas
from iro_metrics.generator.sampling import (
    pick_codes,
    systematic_codes,
    weighted_pick,
    working_days_between,
)
from iro_metrics.generator.timeline import Month, duty_counts, reporting_year_expr

ACTIVITIES: dict[str, Callable[[quotas.DutyQuota], float]] = {
    "TRAINING": lambda q: q.training_sessions,
    "PANEL": lambda q: q.panels,
    "AUDIT": lambda q: q.audits,
    "OBSERVATION": lambda q: q.observations,
}
ATTENDEES = (6, 25)
RESPONDENTS = ("CHILD", "PARENT", "CARER", "PROFESSIONAL")
LAC_RESPONDENTS = {"CHILD": 0.35, "PARENT": 0.15, "CARER": 0.30, "PROFESSIONAL": 0.20}
CP_RESPONDENTS = {"CHILD": 0.05, "PARENT": 0.55, "PROFESSIONAL": 0.40}
FEEDBACK_DAYS = 14
SCORES = {"1": 1, "2": 2, "3": 3, "4": 4, "5": 5, "null": None}


def _working_days(month: Month) -> np.ndarray:
    """The month's working days (every day of it when it holds none, as a clipped month may)."""
    days = working_days_between(month.first, month.last)
    return days if len(days) else np.arange(month.first, month.last + 1)


def simulate_service_activity(rng: np.random.Generator, timeline: list[Month],
                              scale: float) -> pl.DataFrame:
    """One row per day and kind of activity (activity_day, activity_type, sessions, attendees):
    each year's sessions on working days at random, attendees counted for training only."""
    frames = []
    for kind, volume in ACTIVITIES.items():
        counts = duty_counts(rng, timeline, volume, scale)
        days = np.concatenate([rng.choice(_working_days(month), int(n))
                               for month, n in zip(timeline, counts, strict=True)])
        attendees = (rng.integers(*ATTENDEES, len(days)) if kind == "TRAINING"
                     else np.full(len(days), None))
        frames.append(pl.DataFrame({"activity_day": days.astype(np.int64),
                                    "activity_type": np.full(len(days), kind),
                                    "attendees": pl.Series(attendees, dtype=pl.Int64)}))
    return (
        pl.concat(frames)
        .group_by("activity_day", "activity_type")
        .agg(sessions=pl.len().cast(pl.Int64),
             attendees=pl.when(pl.col("attendees").is_not_null().any())
             .then(pl.col("attendees").sum()))
        .sort("activity_day", "activity_type")
    )


def _responses(rng: np.random.Generator, timeline: list[Month], scale: float, about: str,
               volume: Callable[[quotas.DutyQuota], float], meeting_days: np.ndarray,
               respondents: dict[str, float]) -> pl.DataFrame:
    """Responses about meetings of one kind: each month's quota drawn among its meetings."""
    counts = duty_counts(rng, timeline, volume, scale)
    picked = np.concatenate([
        meeting_days[weighted_pick(rng, ((meeting_days >= month.first)
                                         & (meeting_days <= month.last)).astype(float), int(n))]
        for month, n in zip(timeline, counts, strict=True)])
    given = np.minimum(picked + rng.integers(0, FEEDBACK_DAYS + 1, len(picked)), timeline[-1].last)
    return pl.DataFrame({"feedback_day": given.astype(np.int64),
                         "respondent": pick_codes(rng, respondents, len(picked)).astype(str),
                         "about": np.full(len(picked), about)})


def simulate_feedback(rng: np.random.Generator, timeline: list[Month], scale: float,
                      review_days: np.ndarray, conference_days: np.ndarray) -> pl.DataFrame:
    """Feedback (feedback_day, respondent, about, listened_to, helpful) after looked-after
    reviews and child protection conferences held on ``review_days`` and ``conference_days``."""
    feedback = pl.concat([
        _responses(rng, timeline, scale, "LAC_REVIEW", lambda q: q.feedback_lac, review_days,
                   LAC_RESPONDENTS),
        _responses(rng, timeline, scale, "CP_CONFERENCE", lambda q: q.feedback_cp,
                   conference_days, CP_RESPONDENTS),
    ]).sort("feedback_day", "about", "respondent")
    year = feedback.select(reporting_year_expr(pl.col("feedback_day"))).to_series().to_numpy()
    who = feedback["respondent"].replace_strict(
        {code: i for i, code in enumerate(RESPONDENTS)}, return_dtype=pl.Int64).to_numpy()
    strata = year * 10 + who
    return feedback.with_columns(
        listened_to=pl.Series(systematic_codes(rng, quotas.LISTENED_TO, strata))
        .replace_strict(SCORES, return_dtype=pl.Int64),
        helpful=pl.Series(systematic_codes(rng, quotas.HELPFUL, strata))
        .replace_strict(SCORES, return_dtype=pl.Int64),
    )
