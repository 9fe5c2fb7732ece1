"""Every indicator, defined once: what the pages, the command line, the downloads and the
definitions page all read. Definitions follow ``indicators.md`` (the project's indicator spec)."""

from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum

import polars as pl

from iro_metrics.contract import codes
from iro_metrics.contract.extract import Extract
from iro_metrics.indicators import cp_units, footprint_units, lac_units, service_units
from iro_metrics.indicators.periods import Period

UnitsBuilder = Callable[[Extract, Period], pl.DataFrame]
PARTICIPATING = ("PN1", "PN2", "PN3", "PN4", "PN5", "PN6")
"""Codes of a review the child aged 4 or over took part in (PN4: attended without conveying a
view)."""
VIEWS_CONVEYED = ("PN1", "PN2", "PN3", "PN5", "PN6")
"""Codes of a review to which the child's views were conveyed: taking part, less PN4."""
AGED_FOUR_PLUS = (*PARTICIPATING, "PN7")


class Unit(StrEnum):
    """How an indicator's value is expressed."""

    COUNT = "count"
    PERCENT = "%"
    PER_10K = "per 10,000 children"
    PER_FTE = "children per FTE"


class Kind(StrEnum):
    """Stock indicators are taken on the snapshot date; flow indicators count events in a period."""

    STOCK = "stock"
    FLOW = "flow"


class Polarity(StrEnum):
    """Whether a higher value is better, worse, or not a matter of judgement (activity volumes)."""

    HIGH = "high"
    LOW = "low"
    NONE = "none"


WORKING_TOGETHER = "Working Together to Safeguard Children 2018"
REG_33 = ("Care Planning, Placement and Case Review (England) Regulations 2010, regulation 33; "
          "IRO Handbook 2010")
DFE_CLA = "DfE statistics: children looked after in England (SSDA903)"
DFE_CIN = "DfE statistics: characteristics of children in need (CIN census)"
IRO_HANDBOOK = "IRO Handbook 2010"
LOCAL = "Local measure of this service"
CASELOAD_FTE = "IRO and CP chair full-time equivalents in post on the snapshot date"
PERMANENCE = ("Care Planning, Placement and Case Review (England) Regulations 2010 and their "
              "guidance (a permanence plan by the second review); IRO Handbook 2010")
OTHER_REVIEWS = ("Fostering Services (England) Regulations 2011 (foster carer reviews); Adoption "
                 "Agencies Regulations 2005 (reviews of children placed for adoption and "
                 "disruption meetings); Children (Secure Accommodation) Regulations 1991")
SERVICE_RECORDS = "The service's own records of its work beyond case reviews (no national measure)"

CHILD_DIMENSIONS = ("age_band", "sex", "ethnic_group", "disability")
LAC_DIMENSIONS = (*CHILD_DIMENSIONS, "legal_status_group", "category_of_need")
CP_DIMENSIONS = (*CHILD_DIMENSIONS, "initial_category")


@dataclass(frozen=True, eq=False)
class Indicator:
    """One indicator: identity, plain-English meaning, how it is counted and judged.

    ``units`` builds its counting units (one row per child, plan, review, enquiry, conference,
    dispute, session or response) from the extract for a period; ``counted`` marks those in the
    numerator and ``out_of`` those in the denominator of a percentage. ``tables`` must all be
    present for a value (the one guard the engine, the pages and the definitions page use), and
    so must the optional ``columns`` (table, column); ``also_reads`` are read when present.
    ``same_units_as`` names the builder of the same units when this one adds columns to them
    (the IRO footprint of the reviews held), so that both are one family. Disclosure control
    reads ``complement_shown`` (the denominator less the numerator is published as a count),
    ``numerator_within`` (the family member whose numerator holds this one's, the difference
    being published as a count) and ``counts_people`` (false for counts of sessions, which are
    not suppressed).
    """

    id: str
    title: str
    description: str
    numerator: str
    denominator: str | None
    unit: Unit
    kind: Kind
    polarity: Polarity
    decimals: int
    guidance: str
    tables: tuple[str, ...]
    dimensions: tuple[str, ...]
    units: UnitsBuilder = field(kw_only=True)
    counted: pl.Expr = field(kw_only=True, default_factory=lambda: pl.lit(True))
    out_of: pl.Expr | None = field(kw_only=True, default=None)
    also_reads: tuple[str, ...] = field(kw_only=True, default=())
    columns: tuple[tuple[str, str], ...] = field(kw_only=True, default=())
    same_units_as: UnitsBuilder | None = field(kw_only=True, default=None)
    counts_people: bool = field(kw_only=True, default=True)
    local: bool = False
    good: str = ""
    short: str = ""
    complement_shown: bool = False
    numerator_within: str | None = None

    @property
    def family(self) -> str:
        """The name of its counting units, shared by every indicator counted from them:
        disclosure control hides a group's figures for the whole family together, since one
        family's counts can be subtracted from each other."""
        return (self.same_units_as or self.units).__name__

    @property
    def denominator_is_units(self) -> bool:
        """True when the denominator counts the indicator's own units (children, reviews, plans),
        not the population (rates) or staff (caseload)."""
        return self.unit is Unit.PERCENT

    @property
    def label(self) -> str:
        """A short name for tiles and chart labels (the title when none is given)."""
        return self.short or self.title

    @property
    def is_proportion(self) -> bool:
        """True when the value is a percentage of a denominator."""
        return self.unit is Unit.PERCENT

    @property
    def is_rate(self) -> bool:
        """True when the value is per 10,000 children aged 0–17."""
        return self.unit is Unit.PER_10K


MAIN_TABLE: tuple[Indicator, ...] = (
    Indicator(
        "lac_count", "Children looked after",
        "How many children the council was looking after on the last day of the period.",
        "Children looked after on the snapshot date (short breaks V3/V4 excluded)", None,
        Unit.COUNT, Kind.STOCK, Polarity.NONE, 0, DFE_CLA, ("lac_episodes",), LAC_DIMENSIONS,
        short="Looked after",
        units=lac_units.looked_after_at_end),
    Indicator(
        "lac_rate", "Children looked after per 10,000 children",
        "Children looked after for every 10,000 children aged 0–17 living in the area.",
        "Children looked after on the snapshot date",
        "Children aged 0–17 (latest mid-year estimate on or before the snapshot)",
        Unit.PER_10K, Kind.STOCK, Polarity.NONE, 1, DFE_CLA, ("lac_episodes",), ("age_band",),
        short="Looked after per 10,000",
        units=lac_units.looked_after_at_end, also_reads=("population",)),
    Indicator(
        "lac_starts", "Children starting to be looked after",
        "How many children started a period of care during the period (each child once).",
        "Children who started a period of care in the period", None,
        Unit.COUNT, Kind.FLOW, Polarity.NONE, 0, DFE_CLA, ("lac_episodes",), LAC_DIMENSIONS,
        short="Started care",
        units=lac_units.care_starts),
    Indicator(
        "lac_ceased", "Children who stopped being looked after",
        "How many children's periods of care ended during the period (each child once).",
        "Children whose period of care ended in the period", None,
        Unit.COUNT, Kind.FLOW, Polarity.NONE, 0, DFE_CLA, ("lac_episodes",), LAC_DIMENSIONS,
        short="Left care",
        units=lac_units.care_ends),
    Indicator(
        "lac_reviews_held", "Looked-after reviews held",
        "How many statutory reviews of looked-after children's care plans took place.",
        "Looked-after reviews held in the period", None,
        Unit.COUNT, Kind.FLOW, Polarity.NONE, 0, REG_33, ("lac_reviews",), LAC_DIMENSIONS,
        short="LAC reviews held",
        units=lac_units.reviews_held, also_reads=("lac_episodes",)),
    Indicator(
        "lac_reviews_timely", "Looked-after reviews held on time",
        "The share of looked-after reviews held by the date the regulations require.",
        "Reviews in the period held on or before their due date",
        "Reviews in the period whose due date can be worked out",
        Unit.PERCENT, Kind.FLOW, Polarity.HIGH, 1, REG_33, ("lac_reviews", "lac_episodes"),
        LAC_DIMENSIONS,
        good="Every review on time: the first within 20 working days of coming into care, the "
        "second within 3 months, then at least every 6 months.",
        short="LAC reviews held on time",
        units=lac_units.reviews_held, counted=pl.col("on_time"),
        out_of=pl.col("assessable")),
    Indicator(
        "lac_participation", "Reviews the child took part in",
        "The share of reviews of children aged 4 or over that the child took part in, in any "
        "way, including coming to the meeting without conveying a view (PN4).",
        "Reviews in the period coded PN1–PN6", "Reviews in the period coded PN1–PN7",
        Unit.PERCENT, Kind.FLOW, Polarity.HIGH, 1, REG_33, ("lac_reviews",), LAC_DIMENSIONS,
        good="As close to 100% as possible: every child old enough takes part in their review.",
        short="Took part in their review",
        units=lac_units.reviews_held, also_reads=("lac_episodes",),
        counted=pl.col("participation_code").is_in(PARTICIPATING),
        out_of=pl.col("participation_code").is_in(AGED_FOUR_PLUS), complement_shown=True),
    Indicator(
        "lac_reviews_under4", "Reviews of children under 4",
        "How many reviews were of children too young to take part (code PN0).",
        "Reviews in the period coded PN0", None,
        Unit.COUNT, Kind.FLOW, Polarity.NONE, 0, REG_33, ("lac_reviews",), LAC_DIMENSIONS,
        short="Reviews of under-4s",
        units=lac_units.reviews_held, also_reads=("lac_episodes",),
        counted=pl.col("participation_code") == "PN0"),
    Indicator(
        "lac_children_reviews_timely", "Looked-after children whose reviews were all on time",
        "The share of looked-after children, in care long enough for a review to be due, whose "
        "reviews in the period were all on time and who were not waiting for an overdue review "
        "on its last day: a missed review counts against it.",
        "Children looked after on the snapshot date whose reviews in the period were all on "
        "time and whose next review was not overdue",
        "Children looked after on the snapshot date in care for at least 20 working days (or, "
        "where the extract does not show when their care began, with a review held)",
        Unit.PERCENT, Kind.STOCK, Polarity.HIGH, 1, REG_33, ("lac_episodes", "lac_reviews"),
        LAC_DIMENSIONS,
        good="Every looked-after child reviewed on time and none waiting past a due date: the "
        "first review within 20 working days of coming into care, the second within 3 months, "
        "then at least every 6 months.",
        short="Children reviewed on time",
        units=lac_units.review_status_at_end, counted=pl.col("all_on_time"),
        out_of=pl.col("judged")),
    Indicator(
        "lac_reviews_overdue", "Looked-after children waiting for an overdue review",
        "How many looked-after children were waiting, on the last day of the period, for a "
        "review whose due date had passed.",
        "Children looked after on the snapshot date (in care for at least 20 working days, or "
        "with a review held) whose next review was overdue", None,
        Unit.COUNT, Kind.STOCK, Polarity.LOW, 0, REG_33, ("lac_episodes", "lac_reviews"),
        LAC_DIMENSIONS,
        good="None: every child's next review held by its due date.",
        short="Reviews overdue",
        units=lac_units.review_status_at_end, counted=pl.col("overdue")),
    Indicator(
        "lac_views_conveyed", "Reviews where the child's views were conveyed",
        "The share of reviews of children aged 4 or over where the child's views were conveyed, "
        "by the child, an advocate or another way; coming to the meeting without conveying a "
        "view (PN4) does not count.",
        "Reviews in the period coded PN1, PN2, PN3, PN5 or PN6",
        "Reviews in the period coded PN1–PN7",
        Unit.PERCENT, Kind.FLOW, Polarity.HIGH, 1, REG_33, ("lac_reviews",), LAC_DIMENSIONS,
        good="As close to 100% as possible: every child old enough has their views conveyed "
        "to their review.",
        short="Child's views conveyed",
        units=lac_units.reviews_held, also_reads=("lac_episodes",),
        counted=pl.col("participation_code").is_in(VIEWS_CONVEYED),
        out_of=pl.col("participation_code").is_in(AGED_FOUR_PLUS),
        numerator_within="lac_participation"),
    Indicator(
        "cp_count", "Children on a child protection plan",
        "How many children (unborn children included) were on a child protection plan on the "
        "last day of the period.",
        "Children on a plan on the snapshot date", None,
        Unit.COUNT, Kind.STOCK, Polarity.NONE, 0, DFE_CIN, ("cp_plans",), CP_DIMENSIONS,
        short="On a plan",
        units=cp_units.on_plan_at_end),
    Indicator(
        "cp_rate", "Children on a child protection plan per 10,000 children",
        "Children on a plan for every 10,000 children aged 0–17 living in the area.",
        "Children on a plan on the snapshot date",
        "Children aged 0–17 (latest mid-year estimate on or before the snapshot)",
        Unit.PER_10K, Kind.STOCK, Polarity.NONE, 1, DFE_CIN, ("cp_plans",), ("age_band",),
        short="On a plan per 10,000",
        units=cp_units.on_plan_at_end, also_reads=("population",)),
    Indicator(
        "cp_starts", "Child protection plans started",
        "How many child protection plans began during the period.",
        "Plans starting in the period", None,
        Unit.COUNT, Kind.FLOW, Polarity.NONE, 0, DFE_CIN, ("cp_plans",), CP_DIMENSIONS,
        short="Plans started",
        units=cp_units.plans_started),
    Indicator(
        "cp_ceased", "Child protection plans ended",
        "How many child protection plans came to an end during the period.",
        "Plans ending in the period", None,
        Unit.COUNT, Kind.FLOW, Polarity.NONE, 0, DFE_CIN, ("cp_plans",), CP_DIMENSIONS,
        short="Plans ended",
        units=cp_units.plans_ended),
    Indicator(
        "cp_repeat", "Plans that are a second or later plan",
        "The share of new plans for children who had been on a plan before, at any time.",
        "Plans starting in the period whose child had an earlier plan",
        "Plans starting in the period",
        Unit.PERCENT, Kind.FLOW, Polarity.LOW, 1, DFE_CIN, ("cp_plans",), CP_DIMENSIONS,
        good="Lower is better: children whose plans end should stay safe.",
        short="Repeat plans",
        units=cp_units.plans_started, counted=pl.col("repeat"), out_of=pl.lit(True)),
    Indicator(
        "cp_repeat_2y", "Repeat plans within 2 years",
        "The share of new plans for children whose previous plan ended less than two years "
        "earlier (a local measure).",
        "Plans starting in the period within 2 years of the end of the child's previous plan "
        "in this extract",
        "Plans starting in the period",
        Unit.PERCENT, Kind.FLOW, Polarity.LOW, 1, LOCAL, ("cp_plans",), CP_DIMENSIONS,
        local=True, good="Lower is better.",
        short="Repeat plans within 2 years",
        units=cp_units.plans_started, counted=pl.col("repeat_2y"),
        out_of=pl.lit(True)),
    Indicator(
        "cp_ceased_2y_plus", "Plans lasting 2 years or more",
        "The share of plans ending in the period that had lasted two years or more.",
        "Plans ending in the period that lasted 2 years or more", "Plans ending in the period",
        Unit.PERCENT, Kind.FLOW, Polarity.LOW, 1, DFE_CIN, ("cp_plans",), CP_DIMENSIONS,
        good="Lower is better: plans should bring change quickly.",
        short="Plans of 2 years or more",
        units=cp_units.plans_ended, counted=pl.col("lasted_2y"), out_of=pl.lit(True)),
    Indicator(
        "icpc_timely", "Initial conferences within 15 working days",
        "The share of section 47 enquiries whose initial child protection conference was held "
        "within 15 working days of the strategy discussion.",
        "Section 47 enquiries with an ICPC in the period held within 15 working days",
        "Section 47 enquiries with an ICPC in the period",
        Unit.PERCENT, Kind.FLOW, Polarity.HIGH, 1, WORKING_TOGETHER, ("s47_enquiries",),
        CHILD_DIMENSIONS,
        good="Every initial conference within 15 working days of the start of the section 47 "
        "enquiry (the strategy discussion), as Working Together expects.",
        short="ICPCs in 15 working days",
        units=cp_units.enquiries_with_icpc, counted=pl.col("timely"), out_of=pl.lit(True)),
    Indicator(
        "icpc_no_plan", "Children at an initial conference not made subject to a plan",
        "The share of children discussed at an initial conference who did not need a plan.",
        "Children at ICPCs in the period with outcome no plan",
        "Children at ICPCs in the period with a known outcome",
        Unit.PERCENT, Kind.FLOW, Polarity.NONE, 1, DFE_CIN, ("cp_conferences",),
        CHILD_DIMENSIONS,
        short="ICPCs not leading to a plan",
        units=cp_units.children_at_icpc, counted=pl.col("no_plan"),
        out_of=pl.col("known")),
    Indicator(
        "cp_reviews_timely", "Child protection plans reviewed in time",
        "The share of children on a plan for 3 months or more whose plan has been reviewed on "
        "time at every step.",
        "Children on a plan on the snapshot whose reviews were all in time and none overdue",
        "Children on a plan on the snapshot that started at least 3 months before it",
        Unit.PERCENT, Kind.STOCK, Polarity.HIGH, 1, WORKING_TOGETHER,
        ("cp_plans", "cp_conferences"), CP_DIMENSIONS,
        good="Every plan reviewed in time: the first review conference within 3 months of "
        "the plan starting, then at least every 6 months.",
        short="CP plans reviewed in time",
        units=cp_units.plans_due_review, counted=pl.col("in_time"),
        out_of=pl.lit(True)),
    Indicator(
        "icpc_held", "Initial child protection conferences held",
        "How many initial child protection conferences took place (siblings at one conference "
        "count once).",
        "ICPCs in the period (distinct conferences)", None,
        Unit.COUNT, Kind.FLOW, Polarity.NONE, 0, WORKING_TOGETHER, ("cp_conferences",), (),
        short="ICPCs held",
        units=service_units.initial_conferences),
    Indicator(
        "rcpc_held", "Review child protection conferences held",
        "How many review child protection conferences took place (siblings at one conference "
        "count once).",
        "RCPCs in the period (distinct conferences)", None,
        Unit.COUNT, Kind.FLOW, Polarity.NONE, 0, WORKING_TOGETHER, ("cp_conferences",), (),
        short="RCPCs held",
        units=service_units.review_conferences),
    Indicator(
        "family_attendance_icpc", "Family attended the initial conference",
        "The share of initial conferences, where the family was invited, that a family member "
        "attended.",
        "ICPCs in the period where a family member attended",
        "ICPCs in the period where the family was invited",
        Unit.PERCENT, Kind.FLOW, Polarity.HIGH, 1, WORKING_TOGETHER, ("cp_conferences",), (),
        good="Higher is better: families should be part of the decisions.",
        short="Family at ICPC",
        units=service_units.initial_conferences,
        counted=pl.col("attended") & pl.col("invited"), out_of=pl.col("invited")),
    Indicator(
        "family_attendance_rcpc", "Family attended the review conference",
        "The share of review conferences, where the family was invited, that a family member "
        "attended.",
        "RCPCs in the period where a family member attended",
        "RCPCs in the period where the family was invited",
        Unit.PERCENT, Kind.FLOW, Polarity.HIGH, 1, WORKING_TOGETHER, ("cp_conferences",), (),
        good="Higher is better: families should be part of the decisions.",
        short="Family at RCPC",
        units=service_units.review_conferences,
        counted=pl.col("attended") & pl.col("invited"), out_of=pl.col("invited")),
    Indicator(
        "iro_caseload", "Children looked after or on a plan per IRO (full-time equivalent)",
        "How many children, looked after or on a child protection plan, each full-time "
        "Independent Reviewing Officer or conference chair would be responsible for: the annual "
        "report's figure.",
        "Children looked after or on a plan on the snapshot date",
        CASELOAD_FTE,
        Unit.PER_FTE, Kind.STOCK, Polarity.NONE, 1, IRO_HANDBOOK, ("iro_staff",), (),
        good="No range applies: the IRO Handbook's 50 to 70 is for looked-after children "
        "alone. A child both looked after and on a plan counts once.",
        short="Children per IRO",
        units=service_units.children_with_an_iro, also_reads=("lac_episodes", "cp_plans")),
    Indicator(
        "iro_lac_caseload", "Looked-after children per IRO (full-time equivalent)",
        "How many looked-after children each full-time Independent Reviewing Officer or "
        "conference chair would be responsible for: the figure the IRO Handbook's range is "
        "about.",
        "Children looked after on the snapshot date", CASELOAD_FTE,
        Unit.PER_FTE, Kind.STOCK, Polarity.NONE, 1, IRO_HANDBOOK, ("iro_staff", "lac_episodes"),
        (),
        good="The IRO Handbook suggests 50 to 70 looked-after children per full-time IRO.",
        short="Looked-after per IRO",
        units=lac_units.looked_after_at_end),
    Indicator(
        "disputes_raised", "Disputes raised by IROs",
        "How many times an IRO formally challenged a child's care plan or its progress.",
        "Disputes raised in the period", None,
        Unit.COUNT, Kind.FLOW, Polarity.NONE, 0, IRO_HANDBOOK, ("iro_disputes",), (),
        short="Disputes raised",
        units=service_units.disputes_raised),
    Indicator(
        "disputes_resolved_20wd", "Disputes resolved within 20 working days",
        "The share of disputes raised in the period that were resolved within 20 working days.",
        "Disputes raised in the period resolved within 20 working days",
        "Disputes raised in the period, less unresolved ones not yet 20 working days old at "
        "the period end",
        Unit.PERCENT, Kind.FLOW, Polarity.HIGH, 1, LOCAL, ("iro_disputes",), (), local=True,
        good="Higher is better: challenges should be settled quickly.",
        short="Resolved in 20 days",
        units=service_units.disputes_raised,
        counted=pl.col("resolved_20wd") & pl.col("counted"), out_of=pl.col("counted")),
)
"""The indicators of the main table of ``indicators.md``."""

FOOTPRINT: tuple[Indicator, ...] = (
    Indicator(
        "iro_contact_before_review", "Reviews the IRO saw or spoke with the child before",
        "The share of reviews of children aged 4 or over where the IRO visited or spoke with "
        "the child beforehand: since the previous review, or for the first review of a period "
        "of care since it began.",
        "Reviews in the period coded PN1–PN7, in a period of care, with an IRO pre-review "
        "contact or visit after the previous review of that period of care (for its first "
        "review, on or after the period's start) and on or before the review date",
        "Reviews in the period coded PN1–PN7 that lie in a period of care",
        Unit.PERCENT, Kind.FLOW, Polarity.HIGH, 1, IRO_HANDBOOK,
        ("iro_activity", "lac_reviews", "lac_episodes"), LAC_DIMENSIONS,
        good="Every child old enough seen or spoken with by their IRO before each review, as "
        "the IRO Handbook expects.",
        short="IRO saw the child before the review",
        units=footprint_units.review_footprint, same_units_as=lac_units.reviews_held,
        counted=pl.col("contact_before"),
        out_of=pl.col("in_period") & pl.col("participation_code").is_in(AGED_FOUR_PLUS)),
    Indicator(
        "iro_midway_checks", "Reviews with a midway check by the IRO",
        "The share of reviews, after the first of a period of care, where the IRO checked the "
        "progress of the care plan between the previous review and this one.",
        "Reviews in the period with an IRO midway check after the previous review of the same "
        "period of care and before the review date",
        "Reviews in the period that are not the first in the extract of their period of care",
        Unit.PERCENT, Kind.FLOW, Polarity.HIGH, 1, IRO_HANDBOOK,
        ("iro_activity", "lac_reviews", "lac_episodes"), LAC_DIMENSIONS,
        good="Every care plan's progress checked by the IRO between reviews, as the IRO "
        "Handbook expects of monitoring the case.",
        short="Midway checks between reviews",
        units=footprint_units.review_footprint, same_units_as=lac_units.reviews_held,
        counted=pl.col("midway_check"), out_of=pl.col("later")),
    Indicator(
        "permanence_at_second_review", "Second reviews confirming a permanence plan",
        "The share of second reviews of a period of care at which a plan for the child's "
        "permanent home was confirmed.",
        "Second reviews in the period (of a period of care whose start the extract shows) that "
        "confirmed a permanence plan",
        "The same reviews with the permanence plan recorded either way",
        Unit.PERCENT, Kind.FLOW, Polarity.HIGH, 1, PERMANENCE, ("lac_reviews", "lac_episodes"),
        LAC_DIMENSIONS,
        good="Every child with a permanence plan by their second review.",
        short="Permanence plan at second review",
        units=footprint_units.second_reviews, columns=(("lac_reviews", "permanence_plan"),),
        counted=pl.col("permanence_plan"), out_of=pl.col("permanence_plan").is_not_null()),
    Indicator(
        "other_reviews_held", "Other statutory reviews held",
        "How many other statutory reviews the service held: foster carer reviews, reviews of "
        "children placed for adoption, disruption meetings and secure accommodation reviews.",
        "Other reviews held in the period", None,
        Unit.COUNT, Kind.FLOW, Polarity.NONE, 0, OTHER_REVIEWS, ("other_reviews",),
        ("review_type",),
        short="Other reviews held",
        units=footprint_units.other_reviews_held),
    Indicator(
        "other_reviews_timely", "Other statutory reviews held on time",
        "The share of other statutory reviews with a due date that were held by it; reviews "
        "with no timescale are held but not judged.",
        "Other reviews in the period with a due date, held on or before it",
        "Other reviews in the period with a due date",
        Unit.PERCENT, Kind.FLOW, Polarity.HIGH, 1, OTHER_REVIEWS, ("other_reviews",),
        ("review_type",),
        good="Every review with a timescale held by its due date.",
        short="Other reviews on time",
        units=footprint_units.other_reviews_held, counted=pl.col("on_time"),
        out_of=pl.col("judged")),
    Indicator(
        "training_sessions", "Training sessions delivered",
        "How many training sessions the unit delivered.",
        "Training sessions in the period", None,
        Unit.COUNT, Kind.FLOW, Polarity.NONE, 0, SERVICE_RECORDS, ("service_activity",), (),
        short="Training sessions",
        units=footprint_units.service_sessions, counts_people=False,
        counted=pl.col("activity_type") == codes.TRAINING),
    Indicator(
        "training_attendees", "Attendances at the unit's training",
        "How many people attended the unit's training sessions (a person at two sessions "
        "counts twice).",
        "Attendees of training sessions in the period (a session with no count recorded "
        "counts none)", None,
        Unit.COUNT, Kind.FLOW, Polarity.NONE, 0, SERVICE_RECORDS, ("service_activity",), (),
        short="Training attendees",
        units=footprint_units.training_attendances),
    Indicator(
        "panels_attended", "Panels and meetings attended",
        "How many panels and management meetings the unit attended.",
        "Panels and meetings attended in the period", None,
        Unit.COUNT, Kind.FLOW, Polarity.NONE, 0, SERVICE_RECORDS, ("service_activity",), (),
        short="Panels attended",
        units=footprint_units.service_sessions, counts_people=False,
        counted=pl.col("activity_type") == codes.PANEL),
    Indicator(
        "audits_completed", "Case audits completed",
        "How many case audits the unit completed.",
        "Case audits completed in the period", None,
        Unit.COUNT, Kind.FLOW, Polarity.NONE, 0, SERVICE_RECORDS, ("service_activity",), (),
        short="Audits completed",
        units=footprint_units.service_sessions, counts_people=False,
        counted=pl.col("activity_type") == codes.AUDIT),
    Indicator(
        "feedback_listened_to", "Respondents who felt listened to",
        "The share of children, parents, carers and professionals answering the question who "
        "agreed or strongly agreed that they felt listened to at the review or conference.",
        "Responses in the period agreeing or strongly agreeing with “I felt listened to”",
        "Responses in the period answering that question",
        Unit.PERCENT, Kind.FLOW, Polarity.HIGH, 1, IRO_HANDBOOK, ("feedback",),
        ("respondent", "about"),
        good="Higher is better: everyone at a review or conference, the child above all, "
        "should feel heard.",
        short="Felt listened to",
        units=footprint_units.feedback_responses, counted=pl.col("listened"),
        out_of=pl.col("listened_known")),
    Indicator(
        "feedback_helpful", "Respondents who found the meeting helpful",
        "The share of children, parents, carers and professionals answering the question who "
        "agreed or strongly agreed that the review or conference helped.",
        "Responses in the period agreeing or strongly agreeing with “the meeting helped”",
        "Responses in the period answering that question",
        Unit.PERCENT, Kind.FLOW, Polarity.HIGH, 1, IRO_HANDBOOK, ("feedback",),
        ("respondent", "about"),
        good="Higher is better: meetings should help the child and family.",
        short="Found the meeting helpful",
        units=footprint_units.feedback_responses, counted=pl.col("helped"),
        out_of=pl.col("helpful_known")),
)
"""The IRO footprint and the service's other duties (``indicators.md`` v1.3, contract v1.1
tables), listed after the main table's indicators as the command line prints them."""

INDICATORS: tuple[Indicator, ...] = (*MAIN_TABLE, *FOOTPRINT)
"""Every indicator, in the order of ``indicators.md`` and the command line's output."""

BY_ID: dict[str, Indicator] = {indicator.id: indicator for indicator in INDICATORS}

DIMENSION_LABELS: dict[str, str] = {
    "age_band": "Age band",
    "sex": "Sex",
    "ethnic_group": "Ethnic group",
    "disability": "Disability",
    "initial_category": "Initial category of abuse",
    "legal_status_group": "Legal status",
    "category_of_need": "Category of need",
    "review_type": "Type of review",
    "respondent": "Respondent",
    "about": "Feedback about",
}
DIMENSIONS = tuple(DIMENSION_LABELS)


def indicator(indicator_id: str) -> Indicator:
    """The registered indicator with this id (``KeyError`` names the unknown id)."""
    try:
        return BY_ID[indicator_id]
    except KeyError:
        raise KeyError(f"no indicator called {indicator_id!r}") from None
