"""The public sidebar offers one group of one characteristic at a time (``docs/disclosure.md``);
managers keep several; an address asking the public view for more applies only the first, and a
parameter too long to be a filter is dropped with a note."""

from pathlib import Path

from helpers import TOO_LONG, OpenPage, expected_tiles, tiles

from iro_metrics.indicators.engine import Filters

ONE_AT_A_TIME = ("The public view shows one group of one characteristic at a time, so only the "
                 "first filter chosen (age band) is applied.")
NO_BREAKDOWNS = ("Breakdowns are shown for all children in the public view: a chosen group broken "
                 "down again could reveal very small numbers. Set the filters back to All to see "
                 "them.")


def sidebar_warnings(at) -> list[str]:
    return [warning.value for warning in at.sidebar.warning]


def test_public_filters_are_single_choices(open_page: OpenPage) -> None:
    at = open_page(audience="public")
    assert not at.exception
    assert not at.sidebar.multiselect
    assert at.sidebar.selectbox(key="sex").options == ["All", "Boys", "Girls", "Not recorded"]
    assert at.sidebar.selectbox(key="sex").value == ""


def test_choosing_one_filter_clears_the_others(open_page: OpenPage) -> None:
    at = open_page(audience="public", query={"year": "2019-20", "sex": "Girls"})
    assert at.session_state["sex"] == "F"
    at.sidebar.selectbox(key="age").select("10 to 15").run()
    assert not at.exception
    assert at.session_state["sex"] == ""
    assert at.info[0].value == ("Showing 2019-20 (1 April 2019 to 31 March 2020) for children "
                                "aged 10 to 15.")


def test_an_address_with_two_characteristics_applies_the_first(open_page: OpenPage,
                                                               demo_dir: Path) -> None:
    at = open_page(audience="public", query={"year": "2019-20", "sex": "Girls",
                                             "age": "10 to 15"})
    assert not at.exception
    assert sidebar_warnings(at) == [ONE_AT_A_TIME]
    shown = tiles(at)
    exact = expected_tiles(demo_dir, 2019, Filters(age_band=("10 to 15",)))
    assert shown["Looked after"] == exact["Looked after"]
    assert shown["Looked after"] != expected_tiles(
        demo_dir, 2019, Filters(age_band=("10 to 15",), sex=("F",)))["Looked after"]


def test_managers_keep_several_groups(open_page: OpenPage, demo_dir: Path) -> None:
    at = open_page(query={"year": "2019-20", "sex": ["Girls", "Boys"], "age": "10 to 15"})
    assert not at.exception
    assert sidebar_warnings(at) == []
    assert at.sidebar.multiselect(key="sex").value == ["F", "M"]
    assert tiles(at) == expected_tiles(demo_dir, 2019, Filters(sex=("M", "F"),
                                                               age_band=("10 to 15",)))


def test_a_filtered_public_page_is_not_broken_down_again(open_page: OpenPage) -> None:
    for page in ("looked_after", "child_protection", "participation"):
        at = open_page(page, audience="public", query={"sex": "Girls"})
        assert not at.exception, page
        assert NO_BREAKDOWNS in [info.value for info in at.info], page
        unfiltered = open_page(page, audience="public")
        assert NO_BREAKDOWNS not in [info.value for info in unfiltered.info], page
        assert len(unfiltered.header) > len(at.header), page


def test_a_parameter_too_long_to_be_a_filter_is_dropped(open_page: OpenPage,
                                                         demo_dir: Path) -> None:
    for audience in ("public", "manager"):
        at = open_page(audience=audience, query={"sex": "Girls" * 20_000, "year": "2019-20"})
        assert not at.exception
        assert TOO_LONG in sidebar_warnings(at)
        assert tiles(at)["Looked after"] == expected_tiles(demo_dir, 2019)["Looked after"]
        assert "sex" not in at.query_params
