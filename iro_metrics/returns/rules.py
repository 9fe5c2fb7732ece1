"""Every rule the returns import applies, worded once so the report, the documentation
(``docs/returns-import.md``) and the tests say exactly the same thing.

A rule text is constant (it names fields, never values), so the summary can count issues by rule;
the specifics of one issue (the reference date it was judged against, the later return whose value
won) go in the issue's ``detail``.
"""

from collections.abc import Sequence

from iro_metrics.contract import codes

# --- The whole input refused (a return no import can make sense of) ---------------------------

LONGEST = 10_000
"""Characters a name or value may hold. The longest value a return really holds is a few dozen
characters; a longer one is a corrupt or hostile file, and refusing it keeps memory bounded."""
DEEPEST = 20
"""Elements a census may nest (it needs 7: Message/Children/Child/CINdetails/
ChildProtectionPlans/Reviews/CPPreviewDate); deeper nesting is refused before it costs memory."""

TOO_LONG = f"no name, value or header row may be longer than {LONGEST:,} characters"
TOO_DEEP = f"elements must not be nested more than {DEEPEST} deep"
YEAR_RANGE = "a return's year must be from 1900-01 to the current reporting year"
"""Detail: the current reporting year. Outside these years a return's dates overflow the date
arithmetic (year 10000) or make thousands of empty years."""

# --- Values (a record with one of these is set aside; see merge.py for children) --------------


def empty(field: str) -> str:
    """A field the contract needs is missing or blank."""
    return f"{field} must not be empty"


def not_a_date(field: str, form: str) -> str:
    """A date that does not parse in the return's form (``dd/mm/yyyy`` or ``YYYY-MM-DD``)."""
    return f"{field} must be a date in the form {form}"


def before_1900(field: str) -> str:
    """An impossible date: nobody in a children's return was born or seen before 1900."""
    return f"{field} is before 1900"


def after_reference(field: str) -> str:
    """A date after the return's reference date (detail: that date), which the return cannot hold."""
    return f"{field} is after the return's reference date"


def listing(values: Sequence[str]) -> str:
    """'M, F or U'."""
    return ", ".join(values[:-1]) + " or " + values[-1] if len(values) > 1 else values[0]


def code(field: str, allowed: Sequence[str], described: str | None = None) -> str:
    """A code outside the field's code list (long lists are named, not listed)."""
    return f"{field} must be {described or listing(allowed)}"


def id_length(field: str) -> str:
    """The contract's child_id limit."""
    return f"{field} must be 1 to 20 characters"


def after(end: str, start: str) -> str:
    """An end that must fall strictly after its start (episodes)."""
    return f"{end} must be after {start}"


def not_before(end: str, start: str) -> str:
    """An end that may fall on its start but not before it (plans, ICPC dates)."""
    return f"{end} must not be before {start}"


def whole_number(field: str) -> str:
    """A count that is not a whole number."""
    return f"{field} must be a whole number"


CEASED_WHEN_ENDED = "REC must be given when DEC is given"
YES_NO = "ICPCnotRequired must be true, false, 1 or 0"
BIRTH_OR_EXPECTED = "PersonBirthDate or ExpectedPersonBirthDate must be given"
RAGGED = "the line has more fields than the header row"
REPEATED_IN_RETURN = "the child appears more than once in this return"
NO_CHILD_ID = "the Child has no usable LAchildID, so this record cannot be linked to a child"
CHILD_SET_ASIDE = "child_id's children row was set aside"  # the loader's own wording
SUPERSEDED = "overlaps a record of the same child in a later return, which replaces it"
DISABILITY = "Disability must be a CIN disability code"

# --- Repairs (a value contradicting the rest of its record, or one no figure needs, is -------
# --- dropped or kept as it is; the record is loaded with a warning) -------------------------

REC_WITHOUT_DEC = "REC is given but DEC is empty, so the episode is open and REC is dropped"
DEC_AFTER_REFERENCE = ("DEC is after the return's reference date, so the episode is open on that "
                       "date and DEC and REC are dropped")
"""Detail: the reference date. The return describes the year to its reference date; an end it
reports beyond that date has not happened yet as far as the return can know."""
REVIEW_AFTER_REFERENCE = ("REVIEW is after the return's reference date but inside the child's "
                          "period of care, so it is kept")
"""Detail: the reference date."""
PROVIDER_DROPPED = (f"PLACE_PROVIDER is not {listing(codes.PLACEMENT_PROVIDER)}, so it is "
                    "dropped (no figure reads it)")
"""The contract allows an empty placement provider; an unknown one is no reason to lose the
episode."""
PLAN_END_AFTER_REFERENCE = ("CPPendDate is after the return's reference date, so the plan is "
                            "open on that date and CPPendDate is dropped")
"""Detail: the reference date. The census's counterpart of ``DEC_AFTER_REFERENCE``."""
CONFERENCE_AFTER_REFERENCE = ("CPPreviewDate is after the return's reference date but inside its "
                              "plan, so it is kept")
"""Detail: the reference date. The census's counterpart of ``REVIEW_AFTER_REFERENCE``: the
review conference falls on or after its plan's start and on or before its end (or the plan is
open)."""
ICPC_AFTER_REFERENCE = ("DateOfInitialCPC is after the return's reference date but not before "
                        "S47ActualStartDate, so it is kept")
"""Detail: the reference date. An initial conference belongs to its enquiry, which the start
date places in the census year: kept like a review conference inside its plan."""
PREVIOUS_PLANS_DROPPED = ("NumberOfPreviousCPP is not a whole number, 0 or more, so it is "
                          "dropped and worked out from the child's earlier plans")
"""The contract allows an empty count of previous plans and then derives it."""
REPAIRS = (REC_WITHOUT_DEC, DEC_AFTER_REFERENCE, REVIEW_AFTER_REFERENCE, PROVIDER_DROPPED,
           PLAN_END_AFTER_REFERENCE, CONFERENCE_AFTER_REFERENCE, ICPC_AFTER_REFERENCE,
           PREVIOUS_PLANS_DROPPED)
"""Rules that repair a record rather than set it aside: listed with the warnings, counted by
rule in ``import_report.json`` and on the Data quality page."""

# --- Warnings (the record is loaded) -------------------------------------------------------

STRAY_TEXT = "text outside any element is ignored"
DIFFERS = "differs from a later return, whose value is used"
EXPECTED_IGNORED = "ExpectedPersonBirthDate is ignored because PersonBirthDate is given"
YEAR_MISMATCH = "Year does not match the ReferenceDate, which is used"
REFERENCE_FROM_YEAR = "ReferenceDate is missing or not a date, so 31 March of the Year is used"
LEA_MISMATCH = "LEA differs from --la-code, which is used"
OPEN_NOT_IN_NEXT = "open at the end of this return but absent from the next year's return, so left open"
X1_BROKEN = "REC X1 (care continues) but the child's next episode does not start on the DEC date"


def before_year(field: str) -> str:
    """A record that ended (or a review held) before the return's year began (detail: that day)."""
    return f"{field} is before the start of the return's year"
