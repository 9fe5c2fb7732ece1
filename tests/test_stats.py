"""Confidence limits: the known answers in notes/presentation.md, the edge cases, and the Polars
expressions agreeing with the scalar functions."""

from collections.abc import Callable

import polars as pl
import pytest

from iro_metrics.indicators.stats import Z95, Z998, add_limits, byar, byar_expr, wilson, wilson_expr


def test_constants() -> None:
    assert (round(Z95, 6), round(Z998, 6)) == (1.959964, 3.090232)


@pytest.mark.parametrize(("o", "z", "expected"), [
    (65, Z95, (50.163187710, 82.849138546)),
    (1045, Z998, (947.940703561, 1148.806160988)),
])
def test_byar_known_answers(o: int, z: float, expected: tuple[float, float]) -> None:
    assert byar(o, z) == pytest.approx(expected, abs=1e-9)


@pytest.mark.parametrize(("x", "n", "z", "expected"), [
    (65, 100, Z95, (0.552544433, 0.736357518)),
    (1045, 5000, Z998, (0.191793818, 0.227315629)),
])
def test_wilson_known_answers(x: int, n: int, z: float, expected: tuple[float, float]) -> None:
    assert wilson(x, n, z) == pytest.approx(expected, abs=1e-8)


def test_exact_poisson_below_ten() -> None:
    assert byar(1, Z95) == pytest.approx((0.025318, 5.571643), abs=1e-6)
    # O=0: lower 0, upper -ln(α/2); the exact limits hand over to Byar's at 10.
    assert byar(0, Z95) == (0.0, pytest.approx(3.688879, abs=1e-6))
    assert byar(9, Z95) == pytest.approx((4.115373, 17.084803), abs=1e-6)
    assert byar(10, Z95) == pytest.approx((4.787450, 18.391459), abs=1e-6)


def test_wilson_edges() -> None:
    # At x = 0 the upper limit is z²/(n + z²); at x = n the lower limit is n/(n + z²).
    assert wilson(0, 10, Z95) == (0.0, pytest.approx(Z95**2 / (10 + Z95**2), abs=1e-12))
    assert wilson(10, 10, Z95) == (pytest.approx(10 / (10 + Z95**2), abs=1e-12), 1.0)
    assert wilson(0, 1, Z998)[0] == 0.0
    assert wilson(1, 1, Z998)[1] == 1.0


@pytest.mark.parametrize(("call", "message"), [
    (lambda: wilson(1, 0, Z95), "Wilson limits need 0 <= x <= n and n > 0, not x=1, n=0"),
    (lambda: wilson(0, 0, Z95), "Wilson limits need 0 <= x <= n and n > 0, not x=0, n=0"),
    (lambda: wilson(11, 10, Z95), "Wilson limits need 0 <= x <= n and n > 0, not x=11, n=10"),
    (lambda: wilson(-1, 10, Z95), "Wilson limits need 0 <= x <= n and n > 0, not x=-1, n=10"),
    (lambda: byar(-1, Z95), "a count of events cannot be negative, not -1"),
])
def test_scalar_refusals(call: Callable[[], object], message: str) -> None:
    with pytest.raises(ValueError) as caught:
        call()
    assert str(caught.value) == message


COUNTS = pl.DataFrame({
    "numerator": [0, 1, 5, 9, 10, 11, 65, 100, 1045, 1045, None, 3, 3],
    "denominator": [10, 10, 5, 100, 10, 40, 100, 100, 5000, 1045, 50, 0, None],
}, schema={"numerator": pl.UInt32, "denominator": pl.Int64})


@pytest.mark.parametrize("z", [Z95, Z998])
def test_expressions_equal_scalars(z: float) -> None:
    x, n = pl.col("numerator"), pl.col("denominator")
    got = COUNTS.select(
        wilson_lower=wilson_expr(x, n, z, "lower"), wilson_upper=wilson_expr(x, n, z, "upper"),
        byar_lower=byar_expr(x, z, "lower"), byar_upper=byar_expr(x, z, "upper"),
    ).rows()
    for (o, pop), (w_lower, w_upper, b_lower, b_upper) in zip(COUNTS.rows(), got, strict=True):
        if o is None:
            assert (w_lower, w_upper, b_lower, b_upper) == (None, None, None, None)
            continue
        assert (b_lower, b_upper) == pytest.approx(byar(o, z), rel=1e-12, abs=1e-15)
        if pop:
            assert (w_lower, w_upper) == pytest.approx(wilson(o, pop, z), rel=1e-12, abs=1e-15)
        else:
            assert (w_lower, w_upper) == (None, None)


def test_wilson_expr_edges_are_exact() -> None:
    got = pl.DataFrame({"x": [0, 7], "n": [7, 7]}).select(
        lower=wilson_expr(pl.col("x"), pl.col("n"), Z95, "lower"),
        upper=wilson_expr(pl.col("x"), pl.col("n"), Z95, "upper"))
    assert got["lower"][0] == 0.0
    assert got["upper"][1] == 1.0


def test_add_limits_proportion_in_percent() -> None:
    out = add_limits(COUNTS, "proportion")
    assert out.columns == [*COUNTS.columns, "lower_95", "upper_95", "lower_998", "upper_998"]
    row = out.row(6, named=True)  # 65 of 100
    assert (row["lower_95"], row["upper_95"]) == pytest.approx((55.2544433, 73.6357518), abs=1e-6)
    row = out.row(8, named=True)  # 1045 of 5000
    assert (row["lower_998"], row["upper_998"]) == pytest.approx((19.1793818, 22.7315629), abs=1e-6)
    assert out.row(7, named=True)["upper_95"] == 100.0  # 100 of 100
    assert out.row(0, named=True)["lower_998"] == 0.0  # 0 of 10
    for empty in (10, 11, 12):  # numerator null, denominator 0, denominator null
        assert out.select("lower_95", "upper_95", "lower_998", "upper_998").row(empty) == (None,) * 4


def test_add_limits_rate_per_10000() -> None:
    out = add_limits(COUNTS.lazy(), "rate").collect()
    row = out.row(6, named=True)  # 65 children in a population of 100
    assert (row["lower_95"], row["upper_95"]) == pytest.approx(
        tuple(100 * lim for lim in byar(65, Z95)), rel=1e-12)
    row = out.row(1, named=True)  # 1 in 10: exact Poisson
    # The known exact limits for O=1 (0.025318–5.571643, six decimals) per 10,000 of 10.
    assert (row["lower_95"], row["upper_95"]) == pytest.approx((25.318, 5571.643), abs=1e-3)
    row = out.row(0, named=True)  # none
    assert (row["lower_998"], row["upper_998"]) == pytest.approx((0.0, 10_000 * byar(0, Z998)[1] / 10))
    for empty in (10, 11, 12):
        assert out.select("lower_95", "upper_95", "lower_998", "upper_998").row(empty) == (None,) * 4


def test_add_limits_refuses_other_kinds() -> None:
    with pytest.raises(ValueError) as caught:
        add_limits(COUNTS, "count")  # type: ignore[arg-type]
    assert str(caught.value) == "confidence limits are for a proportion or a rate, not 'count'"
