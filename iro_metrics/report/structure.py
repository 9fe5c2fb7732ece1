"""The annual report's sections in order, as data: the structure of the committee report it
replaces, each section a heading and its parts (``report.parts``). A measure is added to a part
by adding its indicator id to the part's tuple; a part whose indicators read a table the extract
lacks (the IRO footprint and service development read extract contract v1.1's) says so."""

from dataclasses import dataclass

from iro_metrics.present import child_protection as cp
from iro_metrics.present import looked_after as lac
from iro_metrics.present.view import CATEGORY_LABELS
from iro_metrics.report import words
from iro_metrics.report.figures import Figures
from iro_metrics.report.parts import (
    Allocations,
    Caseloads,
    Compared,
    Conferences,
    DataQuality,
    Definitions,
    Disproportionality,
    Disputes,
    GroupYears,
    KeyFindings,
    Measures,
    MonthlyTrend,
    Part,
    Proportions,
    Remark,
    ReviewCodes,
    Sources,
    StaffInPost,
    Text,
    YearColumns,
    YearLines,
)


@dataclass(frozen=True)
class SectionSpec:
    """A level-1 section: its heading (which a commentary file names), its parts, and whether
    it is the author's to write, so that it shows a placeholder until commentary is given."""

    heading: str
    parts: tuple[Part, ...] = ()
    written: bool = False


KEY_FINDINGS = ("lac_count", "lac_rate", "lac_children_reviews_timely", "lac_participation",
                "lac_views_conveyed", "cp_count", "cp_rate", "icpc_timely", "cp_reviews_timely",
                "cp_repeat", "iro_lac_caseload", "disputes_raised")
LOOKED_AFTER = ("lac_count", "lac_rate", "lac_starts", "lac_ceased")
REVIEWS = ("lac_reviews_held", "lac_reviews_under4", "lac_children_reviews_timely",
           "lac_reviews_overdue", "lac_reviews_timely")
TAKING_PART = {"lac_participation": "Took part", "lac_views_conveyed": "Views conveyed"}
FOOTPRINT = ("iro_contact_before_review", "iro_midway_checks", "permanence_at_second_review")
OTHER_REVIEWS = ("other_reviews_held", "other_reviews_timely")
DISPUTES = ("disputes_raised", "disputes_resolved_20wd")
CHILD_PROTECTION = ("cp_count", "cp_rate", "cp_starts", "cp_ceased")
CONFERENCE_TIMELINESS = {"icpc_timely": "ICPCs in 15 working days",
                         "cp_reviews_timely": "Plans reviewed in time"}
FAMILY = {"family_attendance_icpc": "Initial (ICPC)", "family_attendance_rcpc": "Review (RCPC)"}
SERVICE_ACTIVITY = ("training_sessions", "training_attendees", "panels_attended",
                    "audits_completed")
FEEDBACK = ("feedback_listened_to", "feedback_helpful")
COUNT_HEADINGS = ("Per cent", "Number counted", "Out of")


def _purpose(figures: Figures) -> tuple[str, ...]:
    return (words.purpose(figures.name, figures.year, figures.region),)


def _role(figures: Figures) -> tuple[str, ...]:
    return words.role(figures.name)


SECTIONS: tuple[SectionSpec, ...] = (
    SectionSpec("Purpose and summary", (Text(_purpose), KeyFindings(KEY_FINDINGS))),
    SectionSpec("Recommendation", written=True),
    SectionSpec("The IRO role and statutory functions", (Text(_role),)),
    SectionSpec("Staffing and caseloads", (
        StaffInPost("IROs and conference chairs in post"),
        Caseloads("Caseloads"),
        Allocations("Children allocated to each IRO"))),
    SectionSpec("Looked after children", (
        Measures(LOOKED_AFTER, "Children looked after",
                 "Children looked after and per 10,000 children on 31 March, and children who "
                 "started and stopped being looked after during each reporting year"),
        Compared(("lac_rate",), "Compared with England, the region and similar councils"),
        MonthlyTrend("lac_count", "Looked after", "children looked after", "Month by month"),
        YearColumns(lac.FLOWS, "children who started and stopped being looked after",
                    "Children", "Starting and leaving care"),
        GroupYears("lac_count", "age_band", "Children looked after", subheading="Age"),
        GroupYears("lac_count", "ethnic_group", "Children looked after",
                   subheading="Ethnicity"),
        Disproportionality("lac_count", lac.COUNTED, "Rates by ethnic group"))),
    SectionSpec("Reviews of looked after children", (
        Measures(REVIEWS, "Reviews held and their timeliness",
                 "Looked-after reviews held and how many were on time"),
        Proportions(TAKING_PART, COUNT_HEADINGS,
                    "reviews of children aged 4 and over the child took part in, and where "
                    "their views were conveyed", "Participation and views conveyed",
                    series_heading="Measure"),
        ReviewCodes())),
    SectionSpec("The IRO footprint and dispute resolution", (
        Measures(FOOTPRINT, "Between reviews", "IROs' contact with children between reviews, "
                 "and permanence plans at the second review"),
        Measures(OTHER_REVIEWS, "Other reviews chaired by IROs",
                 "Foster carer, adoption, disruption and secure accommodation reviews"),
        Measures(DISPUTES, "Dispute resolution", "Disputes raised by IROs and how quickly "
                 "they were resolved"),
        Disputes("stage"), Disputes("issue"))),
    SectionSpec("Child protection", (
        Measures(CHILD_PROTECTION, "Children on a child protection plan",
                 "Children on a plan on 31 March, and plans started and ended during each "
                 "reporting year"),
        Compared(("cp_rate",), "Compared with England, the region and similar councils"),
        MonthlyTrend("cp_count", "On a plan", "children on a child protection plan",
                     "Month by month"),
        YearColumns(cp.FLOWS, "child protection plans started and ended", "Plans",
                    "Plans started and ended"),
        GroupYears("cp_count", "age_band", "Children on a plan", subheading="Age"),
        GroupYears("cp_count", "initial_category", "Children on a plan", CATEGORY_LABELS,
                   subheading="Category of abuse"),
        Disproportionality("cp_count", cp.COUNTED, "Rates by ethnic group"),
        Conferences("Conferences"),
        Measures(("icpc_no_plan",), "Initial conferences not leading to a plan",
                 "Children at initial conferences not made subject to a plan"),
        Remark(lambda: cp.NO_PLAN_NOTE))),
    SectionSpec("Timeliness of conferences and reviews", (
        Proportions(CONFERENCE_TIMELINESS, COUNT_HEADINGS,
                    "initial conferences within 15 working days and plans reviewed in time",
                    series_heading="Measure"),
        Compared(tuple(CONFERENCE_TIMELINESS),
                 "Compared with England, the region and similar councils"))),
    SectionSpec("Repeat plans and plans lasting two years or more", (
        YearLines(cp.REPEAT_LINES, cp.REPEAT,
                  "plans started for a child who had been on a plan before, as a percentage "
                  "of plans started", "% of plans started", "Repeat plans"),
        Remark(cp.local_repeat_note),
        Proportions({"cp_ceased_2y_plus": "Lasted 2 years or more"}, COUNT_HEADINGS,
                    "plans ended that had lasted 2 years or more", "Plans lasting two years "
                    "or more"),
        Compared(("cp_repeat", "cp_ceased_2y_plus"),
                 "Compared with England, the region and similar councils"))),
    SectionSpec("Family participation", (
        Proportions(FAMILY, COUNT_HEADINGS,
                    "conferences a family member attended, of those the family was invited to",
                    series_heading="Conference"),)),
    SectionSpec("Service development", (
        Measures(SERVICE_ACTIVITY, "Training, panels and audits",
                 "Training sessions, panels and audits"),
        Measures(FEEDBACK, "What children and families said",
                 "Feedback on reviews and conferences")),
                written=True),
    SectionSpec("Next steps", written=True),
    SectionSpec("Appendix: definitions, data quality and sources",
                (Definitions(), DataQuality(), Sources())),
)

HEADINGS = tuple(section.heading for section in SECTIONS)
