"""Breakdown dimensions as Polars expressions: age band on a date, ethnic group, sex, disability,
legal-status group and category of abuse, and the labels of the other reviews' and feedback's
codes, with the labels and order of ``indicators.md``."""

import polars as pl

AGE_BANDS = ("Unborn", "Under 1", "1 to 4", "5 to 9", "10 to 15", "16 and over")
AGE_BAND_AGES: dict[str, tuple[int, int]] = {
    "Under 1": (0, 0), "1 to 4": (1, 4), "5 to 9": (5, 9), "10 to 15": (10, 15),
    "16 and over": (16, 17),
}
BAND_OF_AGE = {age: band for band, (youngest, oldest) in AGE_BAND_AGES.items()
               for age in range(youngest, oldest + 1)}
"""The age band of each age from 0 to 17 (an older child is in the last band)."""
ETHNIC_GROUPS = ("White", "Mixed", "Asian or Asian British", "Black or Black British",
                 "Other ethnic groups", "Refused or not obtained")
SEXES = ("M", "F", "U")
DISABILITY = ("true", "false", "unknown")
CATEGORIES = ("NEG", "PHY", "SAB", "EMO", "MUL")
LEGAL_STATUS_GROUPS = ("care order", "placement order", "voluntary", "police protection or EPO",
                       "youth justice", "short breaks", "unknown")
LEGAL_STATUS_GROUP_OF = {
    "C1": "care order", "C2": "care order", "D1": "placement order", "E1": "placement order",
    "V2": "voluntary", "L1": "police protection or EPO", "L2": "police protection or EPO",
    "L3": "police protection or EPO", "J1": "youth justice", "J2": "youth justice",
    "J3": "youth justice", "V3": "short breaks", "V4": "short breaks",
}
UNKNOWN_NEED = "unknown"
CATEGORIES_OF_NEED = ("N1", "N2", "N3", "N4", "N5", "N6", "N7", "N8", UNKNOWN_NEED)
NEED_WORDS = {
    "N1": "abuse or neglect", "N2": "child's disability", "N3": "parental illness or disability",
    "N4": "family in acute stress", "N5": "family dysfunction", "N6": "socially unacceptable "
    "behaviour", "N7": "low income", "N8": "absent parenting", UNKNOWN_NEED: "not known",
}
REVIEW_TYPE_LABELS = {"FOSTER_CARER": "foster carer", "ADOPTION": "adoption",
                      "DISRUPTION": "disruption", "SECURE": "secure"}
RESPONDENT_LABELS = {"CHILD": "child", "PARENT": "parent", "CARER": "carer",
                     "PROFESSIONAL": "professional"}
ABOUT_LABELS = {"LAC_REVIEW": "LAC review", "CP_CONFERENCE": "CP conference"}
"""The labels of the v1.3 dimensions of ``indicators.md`` (other reviews and feedback), by
contract code, in the spec's order."""
GROUP_ORDER: dict[str, tuple[str, ...]] = {
    "age_band": AGE_BANDS,
    "sex": SEXES,
    "ethnic_group": ETHNIC_GROUPS,
    "disability": DISABILITY,
    "initial_category": CATEGORIES,
    "legal_status_group": LEGAL_STATUS_GROUPS,
    "category_of_need": CATEGORIES_OF_NEED,
    "review_type": tuple(REVIEW_TYPE_LABELS.values()),
    "respondent": tuple(RESPONDENT_LABELS.values()),
    "about": tuple(ABOUT_LABELS.values()),
}


def labelled(code: pl.Expr, labels: dict[str, str]) -> pl.Expr:
    """The label of a contract code (the loader has checked every code is one of them)."""
    return code.replace_strict(labels, return_dtype=pl.String)


def age_on(date_of_birth: pl.Expr, on: pl.Expr) -> pl.Expr:
    """Whole years from birth to ``on``; a 29 February birthday falls on 1 March in other years
    (comparing (month, day) pairs gives exactly that)."""
    before_birthday = (on.dt.month() < date_of_birth.dt.month()) | (
        (on.dt.month() == date_of_birth.dt.month()) & (on.dt.day() < date_of_birth.dt.day()))
    return (on.dt.year() - date_of_birth.dt.year() - before_birthday.cast(pl.Int32)).cast(pl.Int32)


def age_band_on(date_of_birth: pl.Expr, on: pl.Expr) -> pl.Expr:
    """The DfE age band on ``on``; Unborn when there is no date of birth or it is later. The age
    is worked out once and looked up (:data:`BAND_OF_AGE`), three times faster than comparing it
    with each band's bounds in turn."""
    unborn = date_of_birth.is_null() | (date_of_birth > on)
    age = age_on(date_of_birth, on).clip(0, max(BAND_OF_AGE))
    return pl.when(unborn).then(pl.lit(AGE_BANDS[0])).otherwise(
        age.replace_strict(BAND_OF_AGE, return_dtype=pl.String))


def birthday(date_of_birth: pl.Expr, years: int) -> pl.Expr:
    """The day a child born on ``date_of_birth`` turns ``years`` old as ``age_on`` counts: a
    29 February birthday falls on 1 March in other years (adding years makes it 28 February,
    so a day is added; the shifted date is worked out once)."""
    year = date_of_birth.dt.year() + years
    leap = (year % 4 == 0) & ((year % 100 != 0) | (year % 400 == 0))
    moved = (date_of_birth.dt.month() == 2) & (date_of_birth.dt.day() == 29) & ~leap
    return date_of_birth.dt.offset_by(f"{years}y") + pl.duration(days=moved.cast(pl.Int64))


def age_band_spans(date_of_birth: pl.Expr) -> dict[str, tuple[pl.Expr | None, pl.Expr | None]]:
    """Each age band with the day a child enters it and the first day it no longer is in it, as
    ``age_band_on`` assigns bands (None: no such day; a null day for a child with no date of
    birth, who is Unborn throughout)."""
    enters = [birthday(date_of_birth, AGE_BAND_AGES[band][0]) for band in AGE_BANDS[1:]]
    return dict(zip(AGE_BANDS, zip([None, *enters], [*enters, None], strict=True), strict=True))


def ethnic_group(ethnicity: pl.Expr) -> pl.Expr:
    """The DfE 2019-20 ethnic group of an ETHNIC code."""
    return (
        pl.when(ethnicity.is_in(["REFU", "NOBT"])).then(pl.lit("Refused or not obtained"))
        .when(ethnicity.is_in(["CHNE", "OOTH"])).then(pl.lit("Other ethnic groups"))
        .when(ethnicity.str.starts_with("W")).then(pl.lit("White"))
        .when(ethnicity.str.starts_with("M")).then(pl.lit("Mixed"))
        .when(ethnicity.str.starts_with("A")).then(pl.lit("Asian or Asian British"))
        .otherwise(pl.lit("Black or Black British"))
    )


def disability_label(disability: pl.Expr) -> pl.Expr:
    """``true``, ``false`` or ``unknown``."""
    return (pl.when(disability.is_null()).then(pl.lit("unknown"))
            .when(disability).then(pl.lit("true")).otherwise(pl.lit("false")))


def legal_status_group(legal_status: pl.Expr) -> pl.Expr:
    """The legal-status group of a 903 LS code; ``unknown`` when there is no episode."""
    return legal_status.replace_strict(LEGAL_STATUS_GROUP_OF, default="unknown",
                                       return_dtype=pl.String)


def child_attributes(children: pl.DataFrame) -> pl.DataFrame:
    """The date-independent breakdown labels of every child."""
    return children.select(
        "child_id",
        "date_of_birth",
        "sex",
        ethnic_group=ethnic_group(pl.col("ethnicity")),
        disability=disability_label(pl.col("disability")),
    )
