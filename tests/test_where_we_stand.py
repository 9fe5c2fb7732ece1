"""The "where we stand" line worked by hand: the counts of measures computed here and of
published context measures, apart and in their tables' words; no line without a judged measure;
no rank moved; the rank that moved most up or down, of equal moves the first listed, and "1
place" in the singular. And a page's measures: only those of its registry ids with a published
comparator."""

import polars as pl
import pytest

from iro_metrics.indicators.periods import reporting_year
from iro_metrics.indicators.registry import BY_ID
from iro_metrics.published.benchmark_tables import page_standings
from iro_metrics.published.comparison import Standing, load_benchmarks, where_we_stand

LEAD = "Where Darlington stands in 2019-20 against England: "


def line(*standings: Standing) -> str | None:
    return where_we_stand(list(standings), "Darlington", "2019-20", "2018-19")


def computed(title: str, judgement: str | None, rank: int | None = None,
             before: int | None = None) -> Standing:
    return Standing(title, judgement, rank, before)


def context(title: str, judgement: str | None, rank: int | None = None,
            before: int | None = None) -> Standing:
    return Standing(title, judgement, rank, before, published=True)


def test_counts_the_judged_measures_computed_here() -> None:
    # 5 measures, 4 judged (one without a comparison): Better twice, Similar once, Worse once.
    assert line(computed("A", "Better"), computed("B", "Similar"), computed("C", "Worse"),
                computed("D", "Better"), computed("E", None)) == (
        LEAD + "of the 4 measures computed here where higher or lower is better, 2 better, "
               "1 similar and 1 worse.")


def test_counts_published_context_measures_apart_in_the_context_tables_words() -> None:
    # Computed: 1 similar. Published: Better, Same and one not judged (no polarity, or x).
    assert line(computed("A", "Similar"), context("P", "Better"), context("Q", "Same"),
                context("R", None)) == (
        LEAD + "of the one measure computed here where higher or lower is better, 0 better, "
               "1 similar and 0 worse; of the 2 published context measures judged, 1 better, "
               "1 the same and 0 worse.")


def test_published_measures_alone() -> None:
    assert line(computed("A", None), context("P", "Worse")) == (
        LEAD + "of the one published context measure judged, 0 better, 0 the same and 1 worse.")


@pytest.mark.parametrize("standings", [(), (computed("A", None), context("P", None, 3, 5))])
def test_no_line_without_a_judged_measure(standings: tuple[Standing, ...]) -> None:
    assert line(*standings) is None


def test_no_rank_changed() -> None:
    # Ranked both years, each the same rank: said so.
    assert line(computed("A", "Better", 12, 12), context("P", "Same", 40, 40)) == (
        LEAD + "of the one measure computed here where higher or lower is better, 1 better, "
               "0 similar and 0 worse; of the one published context measure judged, 0 better, "
               "1 the same and 0 worse. No rank among English councils changed since 2018-19.")


def test_nothing_said_of_ranks_without_last_years() -> None:
    assert line(computed("A", "Better", 12, None)) == (
        LEAD + "of the one measure computed here where higher or lower is better, 1 better, "
               "0 similar and 0 worse.")


def test_the_rank_that_moved_most_down() -> None:
    # A rose 14 -> 10 (up 4); B fell 15 -> 20 (down 5): B moved most.
    assert line(computed("Alpha rate", "Better", 10, 14),
                context("Beta share", "Worse", 20, 15)).endswith(
        " Moved most since 2018-19: beta share, down 5 places to rank 20.")


def test_the_rank_that_moved_most_up() -> None:
    # A rose 30 -> 3 (up 27); B fell 15 -> 20 (down 5); C unranked: A moved most.
    assert line(computed("Alpha rate", "Better", 3, 30), computed("Beta share", "Worse", 20, 15),
                computed("Gamma", "Similar")).endswith(
        " Moved most since 2018-19: alpha rate, up 27 places to rank 3.")


def test_of_equal_moves_the_first_listed() -> None:
    # Down 3 (8 -> 11) and up 3 (9 -> 6): the first listed is named.
    assert line(computed("Alpha", "Worse", 11, 8), computed("Beta", "Better", 6, 9)).endswith(
        " Moved most since 2018-19: alpha, down 3 places to rank 11.")


def test_one_place_in_the_singular() -> None:
    assert line(computed("Alpha", "Better", 4, 5)).endswith(
        " Moved most since 2018-19: alpha, up 1 place to rank 4.")


def test_a_page_without_a_published_comparator_has_no_measure() -> None:
    table = load_benchmarks()
    assert table is not None
    year = reporting_year(2019)
    # Participation's measures: none is published, so there is nothing to stand on.
    assert page_standings(table, _no_figures(), _no_figures(), "841", year.end.year,
                          ("lac_participation", "lac_views_conveyed")) == []
    with pytest.raises(ValueError, match=r"^not indicators of the registry: cp_rat$"):
        page_standings(table, _no_figures(), _no_figures(), "841", year.end.year, ("cp_rat",))


def test_a_pages_measures_are_its_own_with_a_published_comparator() -> None:
    table = load_benchmarks()
    assert table is not None
    # Without our figures nothing is judged or ranked, but every published measure of the page
    # that is compared (a rate or a percentage, not a count) is listed, in the registry's order.
    found = page_standings(table, _no_figures(), _no_figures(), "841", 2020,
                           ("cp_count", "cp_rate", "cp_repeat", "lac_participation"))
    assert found == [Standing(BY_ID["cp_rate"].title, None, None, None),
                     Standing(BY_ID["cp_repeat"].title, None, None, None)]


def _no_figures() -> pl.DataFrame:
    return pl.DataFrame(schema={"indicator_id": pl.String, "group": pl.String,
                                "value": pl.Float64})

