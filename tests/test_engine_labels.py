"""How the engine finds a unit's child labels (``engine._attributes_of``): by binary search in the
children sorted by id, so the order of the children file and of the units must not matter."""

from pathlib import Path

import polars as pl

from iro_metrics.contract.loader import load_extract
from iro_metrics.indicators.engine import (
    _attributes_at,
    _positions,
    _table_positions,
    prepare_filters,
)
from iro_metrics.ui.data import load_data
from tests.extract_builders import D, child, episode, valid_extract


def test_each_unit_gets_its_own_childs_labels_in_unit_order_and_nulls_when_unknown(
        tmp_path: Path) -> None:
    # The children file is not in id order; the units repeat C1, and name C0 (before every id),
    # C9 (after every id), C15 (between two ids) and no child at all.
    extract = load_extract(valid_extract(tmp_path, children=[
        child("C3", sex="U"), child("C1", sex="M", ethnicity="WIRI"),
        child("C2", sex="F", disability=True)]))
    ids = pl.Series("child_id", ["C2", "C1", "C0", "C9", None, "C15", "C3", "C1"])
    found = _attributes_at(extract, _positions(extract, ids), ["sex", "ethnic_group", "disability"])
    assert found.columns == ["sex", "ethnic_group", "disability"]
    assert found["sex"].to_list() == ["F", "M", None, None, None, None, "U", "M"]
    assert found["ethnic_group"].to_list() == ["White", "White", None, None, None, None, "White",
                                               "White"]
    assert found["disability"].to_list() == ["true", "false", None, None, None, None, "false",
                                             "false"]


def test_a_tables_positions_are_those_of_its_ids_worked_out_once(tmp_path: Path) -> None:
    extract = load_extract(valid_extract(
        tmp_path, children=[child("C3"), child("C1"), child("C2")],
        lac_episodes=[episode(D(2019, 5, 1), D(2019, 6, 30), "C3"), episode(D(2019, 6, 1), None, "C1"),
                      episode(D(2019, 7, 1), None, "C3")]))
    positions = _table_positions(extract, "lac_episodes")
    assert positions.to_list() == [2, 0, 2]
    assert positions.to_list() == _positions(extract, extract.table("lac_episodes")["child_id"]
                                             ).to_list()
    assert "positions of lac_episodes" in extract.derived


def test_the_dashboard_prepares_filters_as_it_loads(tmp_path: Path) -> None:
    """``prepare_filters`` works out the positions of the tables present, and ``load_data``
    (the dashboard's load) calls it."""
    without_plans = load_extract(valid_extract(tmp_path / "a", cp_plans=None))
    prepare_filters(without_plans)
    assert {"attributes", "positions of lac_episodes"} <= set(without_plans.derived)
    assert "positions of cp_plans" not in without_plans.derived
    served = load_data(valid_extract(tmp_path / "b"))
    assert {"positions of lac_episodes", "positions of cp_plans"} <= set(served.derived)
