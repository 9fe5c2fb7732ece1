"""One place per indicator: every registered indicator names the function that builds its
counting units, and the tables it declares are exactly those its computation reads."""

import inspect
from dataclasses import replace

import pytest

from iro_metrics.contract.extract import TABLES, Extract
from iro_metrics.indicators import cp_units, engine, lac_units, service_units
from iro_metrics.indicators.periods import reporting_year
from iro_metrics.indicators.registry import INDICATORS, Indicator

UNIT_MODULES = (lac_units, cp_units, service_units)


class Reading:
    """An extract that records every table asked of it (``table`` and ``optional``); reading a
    table's attribute directly, past that record, fails. ``children`` is in every extract."""

    def __init__(self, extract: Extract) -> None:
        self._extract = extract
        self.read: set[str] = set()

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


@pytest.mark.parametrize("indicator", INDICATORS, ids=lambda i: i.id)
def test_declared_tables_are_what_the_computation_reads(indicator: Indicator,
                                                       demo: Extract) -> None:
    reading = Reading(demo)
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
