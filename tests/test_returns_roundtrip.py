"""Round trip: generate the demo authority (default seed, scale 1), export every year as SSDA903
returns, import them all together with the generated population, and get the same looked-after
indicators for every reporting year.

The generated population is passed with ``--population`` (written as CSV), so ``lac_rate`` is
compared too: every LAC indicator must be identical, numerator, denominator and value.
"""

from pathlib import Path

import polars as pl
import pytest
from helpers import run_cli
from returns_fixtures.builders import EPISODE_COLUMNS, HEADER_COLUMNS

from iro_metrics.contract.loader import load_extract
from iro_metrics.indicators.engine import compute
from iro_metrics.indicators.periods import reporting_year_of, reporting_years_between
from iro_metrics.returns.report import read_import_report

pytestmark = pytest.mark.slow  # generates, exports and imports 21 years

LAC_INDICATORS = ("lac_count", "lac_rate", "lac_starts", "lac_ceased", "lac_reviews_held",
                  "lac_reviews_timely", "lac_participation", "lac_reviews_under4")


@pytest.fixture(scope="module")
def round_trip(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Path]:
    """(generated directory, exported returns, imported directory)."""
    base = tmp_path_factory.mktemp("round-trip")
    generated, returns, imported = base / "generated", base / "returns", base / "imported"
    assert run_cli("generate", "--out", str(generated), "--scale", "1").returncode == 0
    population = base / "population.csv"
    pl.read_parquet(generated / "population.parquet").write_csv(population)
    done = run_cli("export-903", "--data", str(generated), "--out", str(returns))
    assert done.returncode == 0, done.stderr
    folders = sorted(returns.iterdir())
    done = run_cli("import", *(arg for folder in folders for arg in ("--ssda903", str(folder))),
                   "--population", str(population), "--la-code", "841", "--out", str(imported))
    assert done.returncode == 0, done.stderr
    return generated, returns, imported


def test_every_year_s_looked_after_indicators_survive_the_round_trip(
        round_trip: tuple[Path, Path, Path]) -> None:
    generated, _, imported = round_trip
    before, after = load_extract(generated), load_extract(imported)
    first = before.lac_episodes["episode_start"].min()
    years = reporting_years_between(reporting_year_of(first).start, before.authority.extract_date)
    assert len(years) == 21
    for year in years:
        expected = compute(before, year, indicator_ids=LAC_INDICATORS)
        got = compute(after, year, indicator_ids=LAC_INDICATORS)
        columns = ["indicator_id", "numerator", "denominator", "value"]
        assert got.select(columns).equals(expected.select(columns)), year.label
    assert compute(after, years[-2], indicator_ids=["lac_count"])["value"][0] > 0


def test_the_round_trip_loses_and_invents_nothing(round_trip: tuple[Path, Path, Path]) -> None:
    generated, returns, imported = round_trip
    before, after = load_extract(generated), load_extract(imported)
    assert after.lac_episodes.equals(before.lac_episodes)
    # The SSDA903 carries no v1.1 review columns (the chairing IRO, the permanence plan): they
    # come from the case system (import --extra or the Parquet extract), so they are not made up.
    assert after.lac_reviews.equals(before.lac_reviews.drop("iro_id", "permanence_plan"))
    # The population CSV carries its v1.1 ethnic-group rows through the import too.
    assert after.population is not None and after.population.equals(before.population)
    looked_after = before.children.filter(
        pl.col("child_id").is_in(before.lac_episodes["child_id"].implode()))
    assert after.children.drop("disability").equals(looked_after.drop("disability"))
    assert after.children["disability"].null_count() == after.children.height
    report = read_import_report(imported)
    assert report is not None
    assert report["set_aside"] == [] and report["warnings"] == []
    assert after.authority.extract_date == before.authority.extract_date
    assert after.authority.synthetic is False
    assert (returns / "2019-20" / "header.csv").read_text().splitlines()[0] == HEADER_COLUMNS
    assert (returns / "2019-20" / "episodes.csv").read_text().splitlines()[0] == EPISODE_COLUMNS
