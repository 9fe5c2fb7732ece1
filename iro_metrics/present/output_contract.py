"""Machine-readable indicator output of the command line contract (CSV and JSON).

Numerators and denominators are whole numbers (the caseloads' FTE denominator keeps up to 2
decimals); values are unrounded, written so that they read back as the same float; an empty value
is an empty cell in CSV and null in JSON, never 0.
"""

import csv
import io
import json
import math

import polars as pl

from iro_metrics.indicators.engine import CONTRACT_COLUMNS
from iro_metrics.indicators.registry import BY_ID, Unit

EXTRA_COLUMNS = ("unit", "lower_95", "upper_95", "lower_998", "upper_998", "polarity", "title")


def _number(value: float | None, whole: bool) -> str | None:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if whole or float(value).is_integer():
        return str(round(value)) if float(value).is_integer() else repr(float(value))
    return repr(float(value))


def _fte(value: float | None) -> str | None:
    if value is None:
        return None
    return f"{value:.2f}".rstrip("0").rstrip(".")


def records(frame: pl.DataFrame) -> list[dict[str, str | None]]:
    """The result rows as text cells in contract order, None where empty."""
    out = []
    for row in frame.iter_rows(named=True):
        caseload = BY_ID[row["indicator_id"]].unit is Unit.PER_FTE
        out.append({
            "indicator_id": row["indicator_id"],
            "period_start": row["period_start"].isoformat(),
            "period_end": row["period_end"].isoformat(),
            "group": row["group"],
            "numerator": _number(row["numerator"], whole=True),
            "denominator": _fte(row["denominator"]) if caseload
            else _number(row["denominator"], whole=True),
            "value": _number(row["value"], whole=False),
            **{name: (_number(row[name], whole=False) if name.startswith(("lower", "upper"))
                      else row[name]) for name in EXTRA_COLUMNS},
        })
    return out


def to_csv(frame: pl.DataFrame) -> str:
    """CSV text: the seven contract columns, then the extra ones."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([*CONTRACT_COLUMNS, *EXTRA_COLUMNS])
    for row in records(frame):
        writer.writerow(["" if row[c] is None else row[c] for c in (*CONTRACT_COLUMNS,
                                                                     *EXTRA_COLUMNS)])
    return buffer.getvalue()


def to_json(frame: pl.DataFrame) -> str:
    """A JSON list of objects with the same keys; numbers as numbers, null for empty."""
    converted = []
    for row in records(frame):
        item: dict[str, object] = {}
        for key, value in row.items():
            numeric = key in ("numerator", "denominator", "value") or key.startswith(
                ("lower", "upper"))
            item[key] = (float(value) if "." in value or "e" in value else int(value)) if (
                numeric and value is not None) else value
        converted.append(item)
    return json.dumps(converted, indent=1)
