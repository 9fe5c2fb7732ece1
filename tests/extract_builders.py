"""Tiny valid extracts for the schema and loader tests, built as Polars frames, written as Parquet.

``valid_rows()`` is one small, fully consistent extract (no set-aside rows, no warnings): child C1
(born 2010) looked after in one period of care of two episodes, child C2 (born 2018) on a child
protection plan after an enquiry and an ICPC, child C3 unborn; with one row or two of each
optional table of contract v1.1 (lac_reviews without its optional columns). Tests copy a row, change one value
and check that exactly the expected rule fires.
"""

import datetime as dt
import json
from pathlib import Path
from typing import Any

import polars as pl

from iro_metrics.contract.loader import EMPTY_WHEN_ABSENT
from iro_metrics.contract.schemas import SCHEMAS

D = dt.date
EXTRACT_DATE = D(2020, 3, 31)
AUTHORITY: dict[str, Any] = {"la_code": "841", "la_name": "Darlington", "region": "North East",
                             "extract_date": EXTRACT_DATE.isoformat(), "synthetic": True}

Row = dict[str, Any]


def schema_of(table: str, optional: bool = False) -> dict[str, pl.DataType]:
    """The canonical column types of ``table``, in contract order; its optional columns (v1.1's
    lac_reviews iro_id and permanence_plan) only when ``optional``."""
    return {name: column.dtype.type for name, column in SCHEMAS[table].to_schema().columns.items()
            if column.required or optional}


def frame(table: str, rows: list[Row]) -> pl.DataFrame:
    """``rows`` as a frame of ``table`` with its canonical types (also when there are no rows);
    an optional column is written only when some row gives it, or (as the loader reads it) when
    its absence means empty (``loader.EMPTY_WHEN_ABSENT``)."""
    given = {name for row in rows for name in row} | {
        column for filled, column in EMPTY_WHEN_ABSENT if filled == table}
    schema = {name: dtype for name, dtype in schema_of(table, optional=True).items()
              if name in given or name in schema_of(table)}
    return pl.DataFrame(rows, schema=schema, orient="row")


def child(child_id: str = "C1", **changes: Any) -> Row:
    """A children row."""
    return {"child_id": child_id, "sex": "F", "date_of_birth": D(2010, 5, 17),
            "expected_date_of_birth": None, "ethnicity": "WBRI", "disability": False, **changes}


def episode(start: dt.date, end: dt.date | None, child_id: str = "C1", **changes: Any) -> Row:
    """A lac_episodes row; an episode with an end ceases with E11 unless told otherwise."""
    return {"child_id": child_id, "episode_start": start, "episode_end": end,
            "reason_new_episode": "S", "legal_status": "C2", "category_of_need": "N1",
            "placement_type": "U1", "placement_provider": "PR1",
            "reason_episode_ceased": "E11" if end is not None else None, **changes}


def review(date: dt.date, code: str = "PN1", child_id: str = "C1", **optional: Any) -> Row:
    """A lac_reviews row (with v1.1's optional iro_id or permanence_plan when given)."""
    return {"child_id": child_id, "review_date": date, "participation_code": code, **optional}


def plan(plan_id: str, start: dt.date, end: dt.date | None, child_id: str = "C2",
         **changes: Any) -> Row:
    """A cp_plans row."""
    return {"plan_id": plan_id, "child_id": child_id, "plan_start": start, "plan_end": end,
            "initial_category": "NEG", "latest_category": "EMO", "previous_plans": 0, **changes}


def enquiry(s47_id: str = "E1", child_id: str = "C2", **changes: Any) -> Row:
    """An s47_enquiries row whose ICPC is on 2019-03-20."""
    return {"s47_id": s47_id, "child_id": child_id, "s47_start": D(2019, 3, 1),
            "icpc_required": True, "icpc_date": D(2019, 3, 20), **changes}


def conference(conference_id: str = "K1", child_id: str = "C2", **changes: Any) -> Row:
    """A cp_conferences row: the ICPC of enquiry E1."""
    return {"conference_id": conference_id, "child_id": child_id,
            "conference_date": D(2019, 3, 20), "conference_type": "ICPC", "outcome": "PLAN",
            "family_invited": True, "family_attended": True, **changes}


def staff(iro_id: str = "I1", **changes: Any) -> Row:
    """An iro_staff row."""
    return {"iro_id": iro_id, "fte": 1.0, "start_date": D(2015, 1, 5), "end_date": None,
            "role": "IRO", **changes}


def allocation(child_id: str = "C1", iro_id: str = "I1", **changes: Any) -> Row:
    """An iro_allocations row."""
    return {"child_id": child_id, "iro_id": iro_id, "allocated_from": D(2019, 1, 10),
            "allocated_to": None, **changes}


def dispute(dispute_id: str = "R1", child_id: str = "C1", **changes: Any) -> Row:
    """An iro_disputes row."""
    return {"dispute_id": dispute_id, "child_id": child_id, "raised_date": D(2019, 4, 1),
            "stage": "INFORMAL", "issue": "CARE_PLAN", "resolved_date": D(2019, 4, 15),
            **changes}


def activity(activity_id: str = "A1", child_id: str = "C1", **changes: Any) -> Row:
    """An iro_activity row: IRO I1 visits child C1 between its reviews."""
    return {"activity_id": activity_id, "child_id": child_id, "iro_id": "I1",
            "activity_date": D(2019, 7, 15), "activity_type": "VISIT", **changes}


def other_review(review_id: str = "O1", **changes: Any) -> Row:
    """An other_reviews row: a foster carer review held before it was due."""
    return {"review_id": review_id, "review_type": "FOSTER_CARER", "review_date": D(2019, 5, 1),
            "due_date": D(2019, 5, 31), "child_id": None, **changes}


def service(activity_type: str = "TRAINING", **changes: Any) -> Row:
    """A service_activity row: two training sessions on one day with 14 attendees."""
    return {"activity_date": D(2019, 6, 3), "activity_type": activity_type, "sessions": 2,
            "attendees": 14 if activity_type == "TRAINING" else None, **changes}


def response(feedback_id: str = "F1", **changes: Any) -> Row:
    """A feedback row: a child who felt listened to at a looked-after review."""
    return {"feedback_id": feedback_id, "feedback_date": D(2019, 8, 1), "respondent": "CHILD",
            "about": "LAC_REVIEW", "listened_to": 5, "helpful": 4, **changes}


def single_ages(mid_year: int, ages: range = range(18)) -> list[Row]:
    """population rows for single ``ages`` of ``mid_year``."""
    return [{"mid_year": mid_year, "age": age, "population": 1500 + age} for age in ages]


def valid_rows() -> dict[str, list[Row]]:
    """The rows of the small consistent extract described in the module docstring."""
    return {
        "children": [child("C1"), child("C2", sex="M", date_of_birth=D(2018, 2, 1)),
                     child("C3", sex="U", date_of_birth=None,
                           expected_date_of_birth=D(2020, 6, 1), disability=None)],
        "lac_episodes": [
            episode(D(2019, 1, 10), D(2019, 6, 1), reason_episode_ceased="X1"),
            episode(D(2019, 6, 1), None, reason_new_episode="P", placement_provider=None),
        ],
        "lac_reviews": [review(D(2019, 2, 7)), review(D(2019, 8, 1), "PN4")],
        "cp_plans": [plan("P1", D(2019, 3, 20), D(2019, 9, 30)),
                     plan("P2", D(2019, 9, 30), None, previous_plans=None)],
        "s47_enquiries": [enquiry(), enquiry("E2", icpc_required=False, icpc_date=None)],
        "cp_conferences": [conference(),
                           conference("K2", conference_date=D(2019, 6, 12),
                                      conference_type="RCPC", outcome="CONTINUE",
                                      family_invited=False, family_attended=None)],
        "iro_staff": [staff(), staff("I2", fte=0.5, role="CP_CHAIR", end_date=D(2019, 12, 31))],
        "iro_allocations": [allocation(), allocation("C2", "I2", allocated_to=D(2019, 12, 31))],
        "iro_disputes": [dispute(), dispute("R2", stage="FORMAL_2", issue="DELAY",
                                            resolved_date=None)],
        "iro_activity": [activity()],
        "other_reviews": [other_review(),
                          other_review("O2", review_type="ADOPTION", due_date=None,
                                       child_id="C1")],
        "service_activity": [service(), service("PANEL", sessions=1)],
        "feedback": [response(), response("F2", respondent="PARENT", about="CP_CONFERENCE",
                                          listened_to=None, helpful=2)],
        "population": [*single_ages(2019), {"mid_year": 2018, "age": None, "population": 27000}],
    }


def valid_frames() -> dict[str, pl.DataFrame]:
    """``valid_rows()`` as frames with canonical types."""
    return {table: frame(table, rows) for table, rows in valid_rows().items()}


def write_extract(directory: Path, tables: dict[str, pl.DataFrame | list[Row]],
                  authority: dict[str, Any] | None = None) -> Path:
    """Write ``tables`` (frames, or rows given canonical types) and authority.json."""
    directory.mkdir(parents=True, exist_ok=True)
    for table, content in tables.items():
        data = content if isinstance(content, pl.DataFrame) else frame(table, content)
        data.write_parquet(directory / f"{table}.parquet")
    (directory / "authority.json").write_text(json.dumps(AUTHORITY if authority is None
                                                         else authority))
    return directory


def valid_extract(directory: Path, **replaced: pl.DataFrame | list[Row] | None) -> Path:
    """Write the valid extract with some tables replaced (or left out, when given ``None``)."""
    tables: dict[str, pl.DataFrame | list[Row]] = dict(valid_rows())
    for table, content in replaced.items():
        if content is None:
            del tables[table]
        else:
            tables[table] = content
    return write_extract(directory, tables)


def scaled_frames(children: int) -> dict[str, pl.DataFrame]:
    """A valid extract of ``children`` looked-after children and as many on plans, for timing.

    Each looked-after child has three episodes (one period of care joined by X1 changes) and four
    reviews; each child on a plan has one enquiry, one ICPC and one plan.
    """
    n = children
    ids = pl.int_range(n, eager=True).cast(pl.String)
    lac_ids, cp_ids = "L" + ids, "P" + ids
    offsets = pl.int_range(n, eager=True) % 300
    base = pl.DataFrame({"lac": lac_ids, "cp": cp_ids, "offset": offsets}).with_columns(
        start=pl.lit(D(2015, 1, 1)) + pl.duration(days=pl.col("offset")))
    people = pl.concat([
        base.select(child_id="lac", born=pl.lit(D(2008, 1, 1)) - pl.duration(days="offset")),
        base.select(child_id="cp", born=pl.lit(D(2012, 1, 1)) - pl.duration(days="offset")),
    ]).select(
        "child_id", sex=pl.lit("F"), date_of_birth="born",
        expected_date_of_birth=pl.lit(None, pl.Date), ethnicity=pl.lit("WBRI"),
        disability=pl.lit(False))
    step = pl.duration(days=200)
    episodes = pl.concat([
        base.select(child_id="lac", episode_start="start", episode_end=pl.col("start") + step,
                    reason_new_episode=pl.lit("S"), reason_episode_ceased=pl.lit("X1")),
        base.select(child_id="lac", episode_start=pl.col("start") + step,
                    episode_end=pl.col("start") + 2 * step, reason_new_episode=pl.lit("P"),
                    reason_episode_ceased=pl.lit("X1")),
        base.select(child_id="lac", episode_start=pl.col("start") + 2 * step,
                    episode_end=pl.col("start") + 3 * step, reason_new_episode=pl.lit("P"),
                    reason_episode_ceased=pl.lit("E11")),
    ]).with_columns(legal_status=pl.lit("C2"), category_of_need=pl.lit("N1"),
                    placement_type=pl.lit("U1"), placement_provider=pl.lit("PR1"))
    reviews = pl.concat([
        base.select(child_id="lac", review_date=pl.col("start") + pl.duration(days=20 + 130 * k),
                    participation_code=pl.lit("PN1"))
        for k in range(4)
    ])
    enquiries = base.select(s47_id="cp", child_id="cp", s47_start="start",
                            icpc_required=pl.lit(True),
                            icpc_date=pl.col("start") + pl.duration(days=14))
    conferences = enquiries.select(conference_id="s47_id", child_id="child_id",
                                   conference_date="icpc_date", conference_type=pl.lit("ICPC"),
                                   outcome=pl.lit("PLAN"), family_invited=pl.lit(True),
                                   family_attended=pl.lit(True))
    plans = enquiries.select(plan_id="s47_id", child_id="child_id", plan_start="icpc_date",
                             plan_end=pl.col("icpc_date") + step, initial_category=pl.lit("NEG"),
                             latest_category=pl.lit("NEG"), previous_plans=pl.lit(0))
    tables = {"children": people, "lac_episodes": episodes, "lac_reviews": reviews,
              "cp_plans": plans, "s47_enquiries": enquiries, "cp_conferences": conferences,
              "iro_staff": frame("iro_staff", [staff()]),
              "iro_allocations": base.select(child_id="lac", iro_id=pl.lit("I1"),
                                             allocated_from="start",
                                             allocated_to=pl.lit(None, pl.Date)),
              "iro_disputes": frame("iro_disputes", [dispute(child_id="L0")]),
              "population": frame("population", single_ages(2019))}
    return {table: data.select(pl.col(name).cast(dtype) for name, dtype in schema_of(table).items())
            for table, data in tables.items()}
