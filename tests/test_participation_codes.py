"""Reviews by participation code as the participation page shows them
(``iro_metrics.present.participation_codes``): each code's meaning, the label beside its bar,
the table and the finding, on hand-made ``review_codes`` rows."""

import polars as pl

from iro_metrics.contract.codes import PARTICIPATION
from iro_metrics.indicators.participation import CODES_SCHEMA
from iro_metrics.present import participation_codes as shown


def codes(reviews: list[int], shares: list[float | None]) -> pl.DataFrame:
    """``review_codes`` rows for PN0, PN1, ... with these counts and shares."""
    names = list(PARTICIPATION)[:len(reviews)]
    return pl.DataFrame({"code": names, "aged_4_plus": [code != "PN0" for code in names],
                         "took_part": [code not in ("PN0", "PN7") for code in names],
                         "reviews": reviews, "share": shares}, schema=CODES_SCHEMA)


def test_meanings_are_the_glossary_words_for_every_code() -> None:
    assert tuple(shown.MEANINGS) == PARTICIPATION
    labelled = shown.with_labels(codes([1, 2], [None, 100.0]))
    assert labelled["meaning"].to_list() == [shown.MEANINGS["PN0"], shown.MEANINGS["PN1"]]


def test_labels_give_the_share_where_there_is_one() -> None:
    # 216 of 584 = 36.986301...% shows as 37.0%; PN0 has no share, so its count alone.
    labelled = shown.with_labels(codes([203, 216, 0], [None, 36.986301, 0.0]))
    assert labelled["label"].to_list() == ["203", "216 (37.0%)", "0 (0.0%)"]


def test_table_of_reviews_of_children_aged_4_and_over() -> None:
    # PN1 3 of 4 reviews = 75.0%, PN2 1 of 4 = 25.0%; the meaning starts with a capital.
    older = shown.with_labels(codes([5, 3, 1], [None, 75.0, 25.0])).filter(pl.col("aged_4_plus"))
    table = shown.code_table(older)
    assert table.columns == [shown.CODE, shown.MEANING, shown.REVIEWS, shown.SHARE]
    assert table.rows() == [
        ("PN1", "The child attended and spoke for themselves", "3", "75.0"),
        ("PN2", "The child attended and an advocate spoke for them", "1", "25.0")]


def test_finding_names_the_code_used_most_often() -> None:
    older = shown.with_labels(codes([5, 3, 1], [None, 75.0, 25.0])).filter(pl.col("aged_4_plus"))
    assert shown.code_finding(older) == (
        "Most often the child attended and spoke for themselves: 3 of 4 reviews (75.0%)")


def test_finding_without_a_known_largest_code() -> None:
    # Suppressed counts (NaN) are never named the largest: the number of reviews instead.
    older = pl.DataFrame({"code": ["PN1", "PN2"], "meaning": ["a", "b"],
                          "reviews": [float("nan"), float("nan")], "share": [None, None]})
    assert shown.code_finding(older) == "c reviews of children aged 4 and over"


def test_pn4_note_and_legend_use_the_glossary_words() -> None:
    assert shown.PN4_NOTE.startswith(
        "PN4 means the child attended but did not share their views. Such a review counts as "
        "one the child took part in, but not as one where the child's views were conveyed")
    legend = shown.legend()
    assert legend.splitlines()[:2] == ["- **PN0**: the child was under 4 at the time of the "
                                       "review.",
                                       "- **PN1**: the child attended and spoke for themselves."]
    assert legend.endswith("PN1 to PN6 count as taking part, and all of them but PN4 as the "
                           "child's views conveyed; PN7 counts as neither. Children under 4 "
                           "(PN0) are left out of both percentages.")


def test_code_description_counts_older_and_under_four_reviews() -> None:
    # PN0 12 reviews; PN1 1,200 and PN7 34 of children aged 4 and over: 1,234.
    frame = codes([12, 1200, 0, 0, 0, 0, 0, 34], [None, 97.2, 0, 0, 0, 0, 0, 2.8])
    assert shown.code_description(frame, "2019-20") == (
        "Horizontal bar chart of the 1,234 reviews of children aged 4 and over held in 2019-20 "
        "by participation code PN1 to PN7, each bar labelled with its number and share, under "
        "the filters above; the 12 reviews of children under 4 (PN0) are left out.")
