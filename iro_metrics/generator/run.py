"""Assemble the simulated authority into a data directory that follows the extract contract."""

import datetime as dt
import json
import shutil
import tempfile
from pathlib import Path

import numpy as np
import polars as pl

from iro_metrics.contract.codes import CASELOAD_ROLES
from iro_metrics.generator.cp import simulate_cp
from iro_metrics.generator.footprint import holder_on, number_reviews, permanence, simulate_activity
from iro_metrics.generator.lac import LacTables, short_breaks, simulate_lac
from iro_metrics.generator.other_reviews import simulate_other_reviews
from iro_metrics.generator.people import (
    ETHNICITY_SHARES,
    draw_disability,
    draw_ethnicity,
    draw_sex,
)
from iro_metrics.generator.sampling import systematic_codes, year_end_stratum
from iro_metrics.generator.service import simulate_feedback, simulate_service_activity
from iro_metrics.generator.single_ages import single_year_population, with_ethnic_groups
from iro_metrics.generator.staffing import allocate, simulate_disputes, simulate_staff
from iro_metrics.generator.timeline import Month, months

OPEN = -1
AUTHORITY = {"la_code": "841", "la_name": "Darlington", "region": "North East"}
# New streams go at the end, so that adding one leaves every earlier table as it was.
STREAMS = ("lac", "short_breaks", "cp", "staff", "allocations", "disputes", "people", "ids",
           "chairs", "iro_activity", "other_reviews", "service_activity", "feedback")


def _dates(frame: pl.DataFrame, **columns: str) -> pl.DataFrame:
    """Turn day-number columns into Date columns (OPEN becomes null), renaming them."""
    return frame.with_columns(
        pl.when(pl.col(source) == OPEN).then(None).otherwise(pl.col(source))
        .cast(pl.Int32).cast(pl.Date).alias(target)
        for target, source in columns.items()
    )


def _children(rngs: dict[str, np.random.Generator], lac: pl.DataFrame, breaks: pl.DataFrame,
              cp: pl.DataFrame, first_day: int) -> pl.DataFrame:
    """One row per child number with sex, date of birth, ethnicity and disability. Looked-after
    children's ethnicity follows the shares within each 31 March stock (see
    ``year_end_stratum``; a child in care before ``first_day``, the span's first, counts from it,
    so that each stock is a union of a few large strata, not of many of one or two children);
    siblings on a plan share their family's."""
    rng = rngs["people"]
    cp_families = cp["family"].drop_nulls().unique().sort()
    family_ethnicity = dict(zip(cp_families.to_list(),
                                draw_ethnicity(rng, cp_families.len()).tolist(), strict=True))
    stratum = year_end_stratum(np.maximum(lac["first_start"].to_numpy(), first_day),
                               lac["first_end"].to_numpy(), OPEN)
    lac_ethnicity = dict(zip(lac["child"].to_list(),
                             systematic_codes(rng, ETHNICITY_SHARES, stratum).tolist(),
                             strict=True))
    people = pl.concat([
        lac.select("child", "dob", expected=pl.lit(OPEN, dtype=pl.Int64),
                   family=pl.lit(None, dtype=pl.Int64), short_break=pl.lit(False)),
        breaks.select("child", "dob", expected=pl.lit(OPEN, dtype=pl.Int64),
                      family=pl.lit(None, dtype=pl.Int64), short_break=pl.lit(True)),
        cp.select("child", "dob", "expected", "family", short_break=pl.lit(False)),
    ]).unique(subset="child", keep="first", maintain_order=True).sort("child")
    n = people.height
    own = draw_ethnicity(rng, n)
    ethnicity = [
        lac_ethnicity.get(child, own[i] if family is None else family_ethnicity[family])
        for i, (child, family) in enumerate(zip(people["child"].to_list(),
                                                 people["family"].to_list(), strict=True))
    ]
    disability = np.where(people["short_break"].to_numpy(), 1, draw_disability(rng, n))
    unborn = people["dob"].to_numpy() == OPEN
    return _dates(people.with_columns(
        sex=pl.Series(np.where(unborn, "U", draw_sex(rng, n))),
        ethnicity=pl.Series(ethnicity, dtype=pl.String),
        disability=pl.Series(disability).replace_strict({1: True, 0: False, -1: None},
                                                        return_dtype=pl.Boolean),
    ), date_of_birth="dob", expected_date_of_birth="expected")


def _ids(rng: np.random.Generator, children: pl.DataFrame) -> pl.DataFrame:
    """Map child numbers to identifiers that reveal nothing about the child's records."""
    shuffled = rng.permutation(children.height)
    return children.select("child", child_id=pl.format(
        "C{}", pl.Series(shuffled + 100001).cast(pl.String)))


def _numbered_ids(frame: pl.DataFrame, column: str, prefix: str) -> pl.DataFrame:
    """``frame`` with identifiers ``prefix`` + a zero-padded row number, in its row order."""
    return frame.with_columns(pl.format(f"{prefix}{{}}", pl.int_range(1, pl.len() + 1)
                                        .cast(pl.String).str.zfill(7)).alias(column))


def _footprint(rngs: dict[str, np.random.Generator], lac: LacTables,
               allocations: pl.DataFrame, staff: pl.DataFrame,
               first_day: int) -> dict[str, pl.DataFrame]:
    """Looked-after reviews with their chair and permanence plan, and the IRO's activity
    (child numbers and day numbers); each chair or contact is the allocated IRO in post then."""
    numbered = number_reviews(lac.reviews, lac.periods)
    reviews = numbered.with_columns(
        iro_id=holder_on(numbered.rename({"review_day": "day"}), allocations, staff),
        permanence_plan=permanence(rngs["chairs"], numbered),
    ).select("child", "review_day", "participation_code", "iro_id", "permanence_plan")
    activity = simulate_activity(rngs["iro_activity"], numbered, first_day)
    activity = _numbered_ids(activity, "activity_id", "A").with_columns(
        iro_id=holder_on(activity.rename({"activity_day": "day"}), allocations, staff))
    return {"lac_reviews": reviews, "iro_activity": activity}


def _duties(rngs: dict[str, np.random.Generator], timeline: list[Month], scale: float,
            lac: LacTables, conferences: pl.DataFrame) -> dict[str, pl.DataFrame]:
    """The service's other reviews, its training, panels and audits, and feedback."""
    other = simulate_other_reviews(rngs["other_reviews"], timeline, scale, lac.episodes,
                                   lac.children.select("child", "dob"))
    meetings = conferences.unique(subset="conference_id", keep="first", maintain_order=True)
    feedback = simulate_feedback(rngs["feedback"], timeline, scale,
                                 lac.reviews["review_day"].to_numpy(),
                                 meetings["conference_day"].to_numpy())
    return {
        "other_reviews": _numbered_ids(other, "review_id", "R"),
        "service_activity": simulate_service_activity(rngs["service_activity"], timeline, scale),
        "feedback": _numbered_ids(feedback, "feedback_id", "F"),
    }


def build_tables(seed: int, scale: float, start: dt.date, end: dt.date) -> dict[str, pl.DataFrame]:
    """Simulate the authority and return every table of the extract contract."""
    rngs = {name: np.random.default_rng([seed, i]) for i, name in enumerate(STREAMS)}
    timeline = months(start, end)
    end_day = timeline[-1].last
    lac, next_child = simulate_lac(rngs["lac"], timeline, scale, 0)
    break_children, break_episodes, next_child = short_breaks(rngs["short_breaks"], timeline,
                                                              scale, next_child)
    cp, _ = simulate_cp(rngs["cp"], timeline, scale, next_child)
    people = _children(rngs, lac.children, break_children, cp.children, timeline[0].first)
    ids = _ids(rngs["ids"], people)

    def with_id(frame: pl.DataFrame) -> pl.DataFrame:
        return frame.join(ids, on="child", how="left", maintain_order="left").drop("child")

    staff = simulate_staff(rngs["staff"], timeline, scale)
    cp_cases = cp.plans.select("child", start="plan_start", end="plan_end")
    lac_allocations = allocate(rngs["allocations"], lac.periods, staff, ("IRO",), end_day)
    allocations = pl.concat([
        lac_allocations,
        allocate(rngs["allocations"], cp_cases, staff, CASELOAD_ROLES, end_day),
    ])
    disputes = simulate_disputes(rngs["disputes"], lac.periods, timeline, scale)
    episodes = pl.concat([lac.episodes, break_episodes.select(lac.episodes.columns)])
    s47 = cp.s47.sort("s47_start", "child", maintain_order=True).with_columns(
        s47_id=pl.format("S47-{}", pl.int_range(1, pl.len() + 1).cast(pl.String).str.zfill(7)))
    footprint = _footprint(rngs, lac, lac_allocations, staff, timeline[0].first)
    duties = _duties(rngs, timeline, scale, lac, cp.conferences)
    return {
        "children": with_id(people).select(
            "child_id", "sex", "date_of_birth", "expected_date_of_birth", "ethnicity",
            "disability").sort("child_id"),
        "lac_episodes": _dates(with_id(episodes), episode_start="episode_start",
                               episode_end="episode_end").select(
            "child_id", "episode_start", "episode_end", "reason_new_episode", "legal_status",
            "category_of_need", "placement_type", "placement_provider",
            "reason_episode_ceased").sort("child_id", "episode_start"),
        "lac_reviews": _dates(with_id(footprint["lac_reviews"]), review_date="review_day").select(
            "child_id", "review_date", "participation_code", "iro_id", "permanence_plan").sort(
            "child_id", "review_date"),
        "cp_plans": _dates(with_id(cp.plans), plan_start="plan_start", plan_end="plan_end").select(
            "plan_id", "child_id", "plan_start", "plan_end", "initial_category",
            "latest_category", "previous_plans").sort("plan_id"),
        "s47_enquiries": _dates(with_id(s47), s47_start="s47_start", icpc_date="icpc_day").select(
            "s47_id", "child_id", "s47_start", "icpc_required", "icpc_date").sort("s47_id"),
        "cp_conferences": _dates(with_id(cp.conferences), conference_date="conference_day").select(
            "conference_id", "child_id", "conference_date", "conference_type", "outcome",
            "family_invited", "family_attended").sort("conference_id", "child_id"),
        "iro_staff": _dates(staff, start_date="start", end_date="end").select(
            "iro_id", "fte", "start_date", "end_date", "role").sort("iro_id"),
        "iro_allocations": _dates(with_id(allocations), allocated_from="allocated_from",
                                  allocated_to="allocated_to").select(
            "child_id", "iro_id", "allocated_from", "allocated_to").sort(
            "child_id", "allocated_from", "iro_id"),
        "iro_disputes": _dates(with_id(disputes), raised_date="raised",
                               resolved_date="resolved").select(
            "dispute_id", "child_id", "raised_date", "stage", "issue", "resolved_date").sort(
            "dispute_id"),
        "population": with_ethnic_groups(
            single_year_population(AUTHORITY["la_code"], scale, start, end)),
        "iro_activity": _dates(with_id(footprint["iro_activity"]), activity_date="activity_day")
        .select("activity_id", "child_id", "iro_id", "activity_date", "activity_type"),
        "other_reviews": _dates(with_id(duties["other_reviews"]), review_date="review_day",
                                due_date="due_day").select(
            "review_id", "review_type", "review_date", "due_date", "child_id"),
        "service_activity": _dates(duties["service_activity"], activity_date="activity_day").select(
            "activity_date", "activity_type", "sessions", "attendees"),
        "feedback": _dates(duties["feedback"], feedback_date="feedback_day").select(
            "feedback_id", "feedback_date", "respondent", "about", "listened_to", "helpful"),
    }


def generate(out: Path, *, seed: int = 841, scale: float = 1.0,
             start: dt.date = dt.date(2014, 4, 1), end: dt.date = dt.date(2021, 3, 31)) -> None:
    """Write the simulated authority to ``out`` (replacing it only once complete)."""
    if end <= start or scale <= 0:
        raise ValueError(f"nothing to simulate from {start} to {end} at scale {scale:g}")
    tables = build_tables(seed, scale, start, end)
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    building = Path(tempfile.mkdtemp(prefix=f".{out.name}-", dir=out.parent))
    building.chmod(0o755)
    try:
        for name, table in tables.items():
            table.write_parquet(building / f"{name}.parquet", statistics=False)
        authority = {**AUTHORITY, "extract_date": end.isoformat(), "synthetic": True}
        (building / "authority.json").write_text(json.dumps(authority, indent=2) + "\n")
        if out.exists():
            shutil.rmtree(out)
        building.rename(out)
    finally:
        shutil.rmtree(building, ignore_errors=True)

