"""The glossary, defined once: the terms and abbreviations the dashboard uses, in plain English
for councillors. Pages that expand a term should take its words from here."""

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Term:
    """One glossary entry: the term as written on screen, what it means, and optional details
    shown as a list below the meaning."""

    term: str
    meaning: str
    details: tuple[str, ...] = ()

    def markdown(self) -> str:
        """The entry as shown: the term in bold, its meaning, and the details as a list."""
        details = "".join(f"\n- {line}" for line in self.details)
        return f"**{self.term}**: {self.meaning}" + (f"\n{details}" if details else "")


PARTICIPATION_CODES: dict[str, str] = {
    "PN0": "the child was under 4 at the time of the review",
    "PN1": "the child attended and spoke for themselves",
    "PN2": "the child attended and an advocate spoke for them",
    "PN3": "the child attended and shared their views without words (for example with symbols)",
    "PN4": "the child attended but did not share their views",
    "PN5": "the child did not attend but asked an advocate to speak for them",
    "PN6": "the child did not attend but shared their views another way (for example in "
           "writing or by a recording)",
    "PN7": "the child did not attend and their views were not shared with the review",
}
"""What each SSDA903 participation code (REVIEW_CODE) means."""

GLOSSARY: tuple[Term, ...] = (
    Term("LAC", "Looked-after child: a child in the care of the council, for example living "
         "with foster carers or in a children's home, under a court order or by agreement with "
         "their parents."),
    Term("CLA", "Children looked after: the Department for Education's name for looked-after "
         "children (LAC). The two mean the same."),
    Term("CP", "Child protection: the work to keep safe a child who is suffering, or is likely "
         "to suffer, significant harm. A child protection plan says what must happen to keep "
         "the child safe."),
    Term("ICPC", "Initial child protection conference: the first meeting of the family and "
         "professionals after a section 47 enquiry. It decides whether the child needs a child "
         "protection plan."),
    Term("RCPC", "Review child protection conference: a later meeting that checks whether the "
         "plan is working and decides whether it continues or ends. The first is due within 3 "
         "months of the initial conference, then at least every 6 months."),
    Term("IRO", "Independent Reviewing Officer: an experienced social worker, independent of "
         "the team managing the child's case, who chairs a looked-after child's reviews and "
         "makes sure the care plan meets the child's needs. IROs may also chair child "
         "protection conferences."),
    Term("PN0–PN7", "The codes the Department for Education uses to record how a looked-after "
         "child took part in their review. PN1 to PN6 count as taking part and PN7 as not "
         "taking part; PN4, coming to the review without sharing a view, is the one way of "
         "taking part in which the child's views are not conveyed. PN0 is for children under "
         "4, who are left out of both figures.",
         tuple(f"{code}: {meaning}" for code, meaning in PARTICIPATION_CODES.items())),
    Term("Section 47", "Section 47 of the Children Act 1989: the council must make enquiries "
         "(a section 47 enquiry) when it has reasonable cause to suspect that a child is "
         "suffering, or is likely to suffer, significant harm. The enquiry starts with a "
         "strategy discussion and may lead to an initial child protection conference."),
    Term("Statistical neighbours", "The 10 councils whose areas are most like this one (in "
         "population, deprivation and similar factors), as chosen by the Department for "
         "Education, used for fair comparisons."),
    Term("Transfer-in conference", "A conference held when a child on a child protection plan "
         "moves into this council's area from another council, to decide whether the plan "
         "continues here."),
    Term("Short breaks", "Planned stays away from home, often for a disabled child, to give "
         "the family a rest (legal status V3 or V4). The child is looked after in law during "
         "the stay, but official statistics and this dashboard leave short breaks out of "
         "looked-after counts."),
    Term("Period of care", "One continuous time in care, from the day a child comes into care "
         "to the day they leave, even if their placement or legal status changes along the "
         "way. A child who leaves care and later returns starts a new period of care."),
    Term("Reporting year", "The year the figures are counted in: 1 April to 31 March, written "
         "like 2019-20."),
    Term("Working day", "Monday to Friday, except bank holidays in England and Wales."),
    Term("Confidence interval", "A range around a percentage or rate that shows how much it "
         "could move by chance alone; the range is wide when numbers are small. When a "
         "comparison figure lies inside the range, the difference may be chance rather than a "
         "real difference."),
    Term("Rate per 10,000", "How many children there are for every 10,000 children aged 0 to "
         "17 living in the area, so that councils of different sizes can be compared."),
    Term("Stock and flow", "A stock is counted on one day, the last day of the period (for "
         "example children looked after on 31 March). A flow counts events during the whole "
         "period (for example reviews held between 1 April and 31 March)."),
    Term("FTE", "Full-time equivalent: staff time added up in full-time posts, so two "
         "half-time IROs make 1 FTE."),
    Term("Dispute resolution process", "The steps an IRO takes to challenge the council when a "
         "child's care plan is not right or is not being carried out, from an informal "
         "conversation up to formal stages with senior managers."),
    Term("Local measure", "A measure this service has chosen for itself, with no national "
         "definition or published figures to compare against."),
    Term("SSDA903 and CIN census", "The two statutory returns councils send to the Department "
         "for Education each year: the SSDA903 about looked-after children and the children in "
         "need (CIN) census about children in need and on child protection plans. The "
         "dashboard's data follow their definitions and codes."),
)
"""Every glossary entry, in the order shown on the About page."""

ABBREVIATIONS: dict[str, str] = {
    term.term: term.meaning.split(":", 1)[0]
    for term in GLOSSARY if term.term in ("LAC", "CP", "ICPC", "RCPC", "IRO", "FTE")}
"""The abbreviations a short label may use, each with its words from the glossary."""
_ABBREVIATION = re.compile(r"\b(" + "|".join(ABBREVIATIONS) + r")s?\b")


def spelled_out(text: str) -> str:
    """``LAC: Looked-after child. ICPC: ...``: every abbreviation of ``text`` (a tile's short
    label) in words, for its help, so no label leaves a councillor guessing."""
    found = dict.fromkeys(_ABBREVIATION.findall(text))
    return " ".join(f"{term}: {ABBREVIATIONS[term]}." for term in found)
