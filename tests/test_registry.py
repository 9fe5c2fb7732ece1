"""One place per indicator: every registered indicator names the function that builds its
counting units, and the tables it declares are exactly those its computation reads."""

import inspect
from dataclasses import replace

import pytest
from extract_builders import D, review, valid_extract

from iro_metrics.contract.extract import TABLES, Extract
from iro_metrics.contract.loader import load_extract
from iro_metrics.indicators import cp_units, engine, footprint_units, lac_units, service_units
from iro_metrics.indicators.periods import reporting_year
from iro_metrics.indicators.registry import INDICATORS, Indicator

UNIT_MODULES = (lac_units, cp_units, service_units, footprint_units)


class Reading:
    """An extract that records every table asked of it (``table`` and ``optional``); reading a
    table's attribute directly, past that record, fails. ``children`` is in every extract. It
    keeps no counting units of its own extract's earlier computations (``recent``), so that every
    builder reads its tables here."""

    def __init__(self, extract: Extract) -> None:
        self._extract = extract
        self.read: set[str] = set()
        self.recent: dict[object, object] = {}

    def table(self, name: str) -> object:
        self.read.add(name)
        return self._extract.table(name)

    def optional(self, name: str) -> object:
        self.read.add(name)
        return self._extract.optional(name)

    def has(self, name: str) -> bool:
        return self._extract.has(name)

    def __getattr__(self, name: str) -> object:
        assert name not in TABLES or name == "children", f"read {name} without declaring it"
        return getattr(self._extract, name)


@pytest.mark.parametrize("indicator", INDICATORS, ids=lambda i: i.id)
def test_every_indicator_names_its_counting_units(indicator: Indicator) -> None:
    builder = indicator.units
    assert any(getattr(module, builder.__name__, None) is builder for module in UNIT_MODULES)
    assert (inspect.getdoc(builder) or "").startswith("Counting units: ")


@pytest.fixture(scope="module")
def v11(tmp_path_factory: pytest.TempPathFactory) -> Extract:
    """The small valid extract with every table and column of contract v1.1, for indicators
    whose tables the demo may lack."""
    reviews = [review(D(2019, 2, 7), iro_id="I1", permanence_plan=True),
               review(D(2019, 8, 1), "PN4", iro_id="I1", permanence_plan=False)]
    return load_extract(valid_extract(tmp_path_factory.mktemp("v11"), lac_reviews=reviews))


@pytest.mark.parametrize("indicator", INDICATORS, ids=lambda i: i.id)
def test_declared_tables_are_what_the_computation_reads(indicator: Indicator, demo: Extract,
                                                       v11: Extract) -> None:
    in_demo = all(demo.has(table) for table in indicator.tables) and all(
        column in demo.table(table).columns for table, column in indicator.columns)
    reading = Reading(demo if in_demo else v11)
    result = engine.compute(reading, reporting_year(2019),  # type: ignore[arg-type]
                            indicator_ids=[indicator.id])
    assert result["value"].is_not_null().all()
    assert set(indicator.tables) <= reading.read, "declares a table it does not read"
    assert reading.read <= {*indicator.tables, *indicator.also_reads}, "reads undeclared"


def test_a_missing_declared_table_gives_no_value(demo: Extract) -> None:
    without = replace(demo, lac_episodes=None)
    result = engine.compute(without, reporting_year(2019), indicator_ids=["lac_reviews_timely",
                                                                        "lac_reviews_held"])
    assert result["value"].to_list() == [786.0, None]
