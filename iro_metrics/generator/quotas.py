"""Yearly event volumes of the demonstration authority, keyed by the year a reporting year starts.

The default run reproduces Darlington's published figures: children looked after on 31 March
2016–2020 (205, 219, 214, 264, 270) with starts from LAIT ``LACnum_Start`` and ceased set so the
stock comes out exactly; CP plans started and ceased 2015-16 to 2019-20 (171/122, 102/166, 138/94,
180/192, 155/173) from the IRO annual report, repeat-plan shares from LAIT ``PrevRegCPR``, ICPC
timeliness from ``CP_conf_15days`` (90% in 2019-20, the report's figure) and the family's
attendance at the ICPCs and RCPCs it was invited to from the annual report (2015-16 to 2019-20:
96/93, 94/91, 94/90, 95/91, 92/89 %). 2014-15 and 2020-21 are estimates in line with neighbouring
years (2020-21 from LAIT and the d3 file). Years outside the table use the nearest year's quotas.

The unit's other duties (``DUTY_QUOTAS``, extract contract v1.1) take from the 2019-20 report its
12 training sessions and 14 panels, and a foster carer reviewer at 0.4 FTE, which is about one
review a year for each of about 100 in-house fostering households (a count of our own, consistent
with the demo's some 180 children in the council's own foster placements on 31 March 2020); the
neighbouring years, audits, practice observations and the number of feedback responses are
invented. The footprint shares below (contact before a review, midway checks, a permanence plan
at the second review, feedback) put the report's "most" and "nearly every" into numbers of our own.
"""

from dataclasses import dataclass
from typing import TypeVar


@dataclass(frozen=True)
class YearQuota:
    """What happens in one reporting year of the simulated authority (scale 1)."""

    lac_starts: int
    lac_ceased: int
    lac_reviews: int
    cp_starts: int
    cp_ceased: int
    repeat_share: float
    icpc_conferences: int
    transfer_in_conferences: int
    icpc_timely_share: float
    icpc_attended_share: float
    rcpc_attended_share: float
    disputes: int
    rcpc_conferences: int


QUOTAS: dict[int, YearQuota] = {
    2014: YearQuota(90, 85, 600, 150, 140, 0.120, 94, 15, 0.85, 0.95, 0.92, 10, 150),
    2015: YearQuota(90, 86, 610, 171, 122, 0.125, 107, 18, 0.811, 0.96, 0.93, 12, 170),
    2016: YearQuota(108, 94, 640, 102, 166, 0.087, 64, 10, 0.895, 0.94, 0.91, 11, 165),
    2017: YearQuota(76, 81, 650, 138, 94, 0.209, 86, 14, 0.904, 0.94, 0.90, 13, 150),
    2018: YearQuota(134, 84, 712, 180, 192, 0.122, 113, 18, 0.932, 0.95, 0.91, 14, 190),
    2019: YearQuota(109, 103, 787, 155, 173, 0.147, 97, 16, 0.90, 0.92, 0.89, 15, 171),
    2020: YearQuota(82, 80, 790, 117, 115, 0.214, 73, 12, 0.895, 0.92, 0.89, 14, 150),
}

LAC_STOCK_AT_START = 196
CP_STOCK_AT_START = 76
SHORT_BREAK_CHILDREN = 12
ICPC_NO_PLAN_SHARE = 0.166
LAC_REVIEW_LATE_SHARE = 0.003
RCPC_LATE_SHARE = 0.03
CP_PLAN_TWO_YEARS_SHARE = 0.006


@dataclass(frozen=True)
class DutyQuota:
    """The IRO unit's work beyond looked-after reviews in one reporting year (scale 1)."""

    foster_households: int
    training_sessions: int
    panels: int
    audits: int
    observations: int
    feedback_lac: int
    feedback_cp: int


DUTY_QUOTAS: dict[int, DutyQuota] = {
    2014: DutyQuota(92, 9, 12, 40, 8, 95, 40),
    2015: DutyQuota(94, 10, 13, 42, 8, 100, 42),
    2016: DutyQuota(95, 10, 12, 44, 9, 105, 45),
    2017: DutyQuota(97, 11, 13, 45, 10, 110, 48),
    2018: DutyQuota(98, 11, 14, 46, 10, 115, 50),
    2019: DutyQuota(100, 12, 14, 48, 11, 120, 52),
    2020: DutyQuota(101, 10, 15, 44, 6, 105, 45),
}

CONTACT_BEFORE_REVIEW_SHARE = 0.92
MIDWAY_CHECK_SHARE = 0.85
CONSULTATION_SHARE = 0.35
PERMANENCE_AT_SECOND_REVIEW = {"true": 0.93, "false": 0.04, "null": 0.03}
LISTENED_TO = {"5": 0.52, "4": 0.34, "3": 0.07, "2": 0.02, "1": 0.01, "null": 0.04}
HELPFUL = {"5": 0.42, "4": 0.36, "3": 0.12, "2": 0.04, "1": 0.02, "null": 0.04}
OTHER_REVIEW_LATE_SHARE = 0.07

Q = TypeVar("Q")


def _nearest(table: dict[int, Q], year: int) -> Q:
    nearest = min(table, key=lambda known: (abs(known - year), known))
    return table[nearest]


def quota_for(year: int) -> YearQuota:
    """The quota of the reporting year starting 1 April ``year`` (nearest year when outside)."""
    return _nearest(QUOTAS, year)


def duty_quota_for(year: int) -> DutyQuota:
    """The unit's duties in the reporting year starting 1 April ``year`` (nearest year when
    outside)."""
    return _nearest(DUTY_QUOTAS, year)
