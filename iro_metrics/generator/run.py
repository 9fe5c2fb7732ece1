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
from iro_metrics.generator.lac import short_breaks, simulate_lac
from iro_metrics.generator.people import (
    ETHNICITY_SHARES,
    draw_disability,
    draw_ethnicity,
    draw_sex,
)
from iro_metrics.generator.sampling import systematic_codes, year_end_stratum
from iro_metrics.generator.single_ages import single_year_population, with_ethnic_groups
from iro_metrics.generator.staffing import allocate, simulate_disputes, simulate_staff
from iro_metrics.generator.timeline import months

OPEN = -1
AUTHORITY = {"la_code": "841", "la_name": "Darlington", "region": "North East"}
STREAMS = ("lac", "short_breaks", "cp", "staff", "allocations", "disputes", "people", "ids")


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
    allocations = pl.concat([
        allocate(rngs["allocations"], lac.periods, staff, ("IRO",), end_day),
        allocate(rngs["allocations"], cp_cases, staff, CASELOAD_ROLES, end_day),
    ])
    disputes = simulate_disputes(rngs["disputes"], lac.periods, timeline, scale)
    episodes = pl.concat([lac.episodes, break_episodes.select(lac.episodes.columns)])
    s47 = cp.s47.sort("s47_start", "child", maintain_order=True).with_columns(
        s47_id=pl.format("S47-{}", pl.int_range(1, pl.len() + 1).cast(pl.String).str.zfill(7)))
    return {
        "children": with_id(people).select(
            "child_id", "sex", "date_of_birth", "expected_date_of_birth", "ethnicity",
            "disability").sort("child_id"),
        "lac_episodes": _dates(with_id(episodes), episode_start="episode_start",
                               episode_end="episode_end").select(
            "child_id", "episode_start", "episode_end", "reason_new_episode", "legal_status",
            "category_of_need", "placement_type", "placement_provider",
            "reason_episode_ceased").sort("child_id", "episode_start"),
        "lac_reviews": _dates(with_id(lac.reviews), review_date="review_day").select(
            "child_id", "review_date", "participation_code").sort("child_id", "review_date"),
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

