"""Confidence limits as Fingertips computes them: Wilson score for proportions, Byar's method for
counts and rates, with exact Poisson limits below 10 events (where Byar's approximation is poor);
and Katz's log method for a ratio of two rates (disproportionality).

Each has a scalar version and a Polars expression version that agree; the expressions stay
vectorised (small counts are looked up in a table of 10 precomputed exact limits).
"""

import math
from functools import cache
from statistics import NormalDist
from typing import Literal, TypeVar

import polars as pl

# The two-sided normal quantiles, 1.959964 and 3.090232 to six decimals (not 1.96 / 3.09): the
# published known answers need them unrounded.
Z95 = NormalDist().inv_cdf(0.975)
Z998 = NormalDist().inv_cdf(0.999)
LEVELS = {"95": Z95, "998": Z998}  # column suffix → z, for lower_95, upper_95, lower_998, upper_998
EXACT_BELOW = 10  # counts under this use exact Poisson limits instead of Byar's approximation
PER_10000 = 10_000

Side = Literal["lower", "upper"]
Kind = Literal["proportion", "rate"]
Frame = TypeVar("Frame", pl.DataFrame, pl.LazyFrame)
Number = TypeVar("Number", float, pl.Expr)  # the formulas serve both the scalar and the expression versions


def wilson(x: int, n: int, z: float) -> tuple[float, float]:
    """Wilson score limits (0–1) for the proportion ``x`` of ``n``; ``n`` must be positive. At
    x = 0 and x = n the formula's limit is exactly 0 and 1, which floating point can miss."""
    if n <= 0 or not 0 <= x <= n:
        raise ValueError(f"Wilson limits need 0 <= x <= n and n > 0, not x={x}, n={n}")
    lower, upper = _wilson(x, n, z)
    return (0.0 if x == 0 else lower), (1.0 if x == n else upper)


def byar(o: int, z: float) -> tuple[float, float]:
    """Limits on a count of ``o`` events: exact Poisson below 10, Byar's approximation from 10."""
    if o < 0:
        raise ValueError(f"a count of events cannot be negative, not {o}")
    if o < EXACT_BELOW:
        lower, upper = _exact_poisson(z)
        return lower[o], upper[o]
    return _byar_lower(o, z), _byar_upper(o, z)


def katz(a: int, n1: int, b: int, n0: int, z: float) -> tuple[float, float] | None:
    """Confidence limits of the relative rate (a/n1) / (b/n0) by the log method (Katz, Baptista
    and Pike 1978): ln RR ± z·√(1/a − 1/n1 + 1/b − 1/n0), exponentiated. None when either count
    is 0 (the logarithm has no limits there) or a population is not positive."""
    if a <= 0 or b <= 0 or n1 <= 0 or n0 <= 0:
        return None
    ratio = (a / n1) / (b / n0)
    spread = z * math.sqrt(1 / a - 1 / n1 + 1 / b - 1 / n0)
    return ratio * math.exp(-spread), ratio * math.exp(spread)


def wilson_expr(x: pl.Expr, n: pl.Expr, z: float, side: Side) -> pl.Expr:
    """:func:`wilson` as an expression: the ``side`` limit (0–1), null where ``n`` is 0 or null."""
    n = n.cast(pl.Float64)
    lower, upper = _wilson(x.cast(pl.Float64), n, z)
    limit = (pl.when(x == 0).then(0.0).otherwise(lower) if side == "lower"
             else pl.when(x == n).then(1.0).otherwise(upper))
    return pl.when(n > 0).then(limit)


def byar_expr(o: pl.Expr, z: float, side: Side) -> pl.Expr:
    """:func:`byar` as an expression: the ``side`` limit on counts ``o``, null where ``o`` is null."""
    exact = _exact_poisson(z)[0 if side == "lower" else 1]
    approx = _byar_lower(o.cast(pl.Float64), z) if side == "lower" else _byar_upper(o.cast(pl.Float64), z)
    small = o.replace_strict(range(EXACT_BELOW), exact, default=None, return_dtype=pl.Float64)
    return pl.when(o < EXACT_BELOW).then(small).otherwise(approx)


def add_limits(frame: Frame, kind: Kind) -> Frame:
    """``frame`` with ``lower_95, upper_95, lower_998, upper_998`` from its ``numerator`` and
    ``denominator``, in the units of the value: a percentage (100·x/n, Wilson) for ``proportion``,
    per 10,000 of the population (Byar on the count) for ``rate``; null where the value is null."""
    if kind not in ("proportion", "rate"):
        raise ValueError(f"confidence limits are for a proportion or a rate, not {kind!r}")
    sides: tuple[Side, ...] = ("lower", "upper")
    return frame.with_columns(
        _limit(kind, z, side).alias(f"{side}_{level}") for level, z in LEVELS.items() for side in sides
    )


def _limit(kind: Kind, z: float, side: Side) -> pl.Expr:
    x, n = pl.col("numerator"), pl.col("denominator")
    if kind == "proportion":
        return 100 * wilson_expr(x, n, z, side)
    return pl.when(n > 0).then(PER_10000 * byar_expr(x, z, side) / n)


def _poisson_cdf(k: int, mean: float) -> float:
    """P(X <= k) for X ~ Poisson(mean)."""
    return math.exp(-mean) * sum(mean**i / math.factorial(i) for i in range(k + 1))


def _solve(target: float, k: int) -> float:
    """The mean at which P(X <= k) equals ``target`` (the CDF falls as the mean rises)."""
    low, high = 0.0, 100.0
    for _ in range(200):
        middle = (low + high) / 2
        low, high = (middle, high) if _poisson_cdf(k, middle) > target else (low, middle)
    return (low + high) / 2


@cache
def _exact_poisson(z: float) -> tuple[list[float], list[float]]:
    """Exact Poisson limits for counts 0–9 at the two-sided level of ``z`` (the same as
    χ²(α/2, 2O)/2 and χ²(1−α/2, 2O+2)/2): the lower limit L has P(X >= O; L) = α/2, the upper U
    has P(X <= O; U) = α/2, and the lower limit is 0 for no events."""
    tail = 1 - NormalDist().cdf(z)
    counts = range(EXACT_BELOW)
    lower = [0.0] + [_solve(1 - tail, o - 1) for o in counts[1:]]
    upper = [_solve(tail, o) for o in counts]
    return lower, upper


def _wilson(x: Number, n: Number, z: float) -> tuple[Number, Number]:
    centre, spread, scale = 2 * x + z * z, z * (z * z + 4 * x * (1 - x / n)) ** 0.5, 2 * (n + z * z)
    return (centre - spread) / scale, (centre + spread) / scale


def _byar_lower(o: Number, z: float) -> Number:
    return o * (1 - 1 / (9 * o) - z / (3 * o**0.5)) ** 3


def _byar_upper(o: Number, z: float) -> Number:
    return (o + 1) * (1 - 1 / (9 * (o + 1)) + z / (3 * (o + 1) ** 0.5)) ** 3
