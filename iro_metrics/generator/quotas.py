"""Yearly event volumes of the demonstration authority, keyed by the year a reporting year starts.

The default run reproduces Darlington's published figures: children looked after on 31 March
2016–2020 (205, 219, 214, 264, 270) with starts from LAIT ``LACnum_Start`` and ceased set so the
stock comes out exactly; CP plans started and ceased 2015-16 to 2019-20 (171/122, 102/166, 138/94,
180/192, 155/173) from the IRO annual report, repeat-plan shares from LAIT ``PrevRegCPR``, ICPC
timeliness from ``CP_conf_15days`` (90% in 2019-20, the report's figure) and the family's
attendance at the ICPCs and RCPCs it was invited to from the annual report (2015-16 to 2019-20:
96/93, 94/91, 94/90, 95/91, 92/89 %). 2014-15 and 2020-21 are estimates in line with neighbouring
years (2020-21 from LAIT and the d3 file). Years outside the table use the nearest year's quotas.
"""

from dataclasses import dataclass


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


def quota_for(year: int) -> YearQuota:
    """The quota of the reporting year starting 1 April ``year`` (nearest year when outside)."""
    nearest = min(QUOTAS, key=lambda known: (abs(known - year), known))
    return QUOTAS[nearest]
