"""How children took part in their looked-after reviews: reviews counted by participation code
(the SSDA903 PN codes), filtered exactly as the review indicators are. The codes' meanings and
labels, as shown, are ``iro_metrics.present.participation_codes``'s.

PN0 marks a child under 4, too young to take part; PN1–PN6 are the ways a child aged 4 or over
took part; PN7 means they did not. So PN1–PN6 over PN1–PN7 is ``lac_participation`` and PN0 is
``lac_reviews_under4``.
"""

import polars as pl

from iro_metrics.contract.codes import PARTICIPATION
from iro_metrics.contract.extract import Extract
from iro_metrics.indicators.engine import Filters, review_units
from iro_metrics.indicators.periods import Period
from iro_metrics.indicators.registry import AGED_FOUR_PLUS, PARTICIPATING

UNDER_FOUR = "PN0"
CODES_SCHEMA = pl.Schema({"code": pl.String, "aged_4_plus": pl.Boolean,
                          "took_part": pl.Boolean, "reviews": pl.Int64, "share": pl.Float64})


def review_codes(extract: Extract, period: Period,
                 filters: Filters | None = None) -> pl.DataFrame | None:
    """Looked-after reviews held in ``period`` by participation code: one row per code PN0–PN7
    in code order (a code no review used has 0 reviews), with whether it applies to children aged
    4 and over (``aged_4_plus``), whether it counts as taking part (``took_part``), the number
    of ``reviews`` and their ``share`` (0–100) of the reviews of children aged 4 and over (null
    for PN0, and for every code when there are no such reviews).

    Reviews with a code outside PN0–PN7 are not counted. None when the extract has no
    ``lac_reviews`` or a filter does not apply to reviews, as for the review indicators.
    """
    reviews = review_units(extract, period, filters)
    if reviews is None:
        return None
    counts = reviews.group_by("participation_code").agg(reviews=pl.len())
    codes = pl.DataFrame({"code": list(PARTICIPATION)})
    counted = codes.join(counts, left_on="code", right_on="participation_code", how="left",
                         maintain_order="left").with_columns(
        pl.col("reviews").fill_null(0).cast(pl.Int64),
        aged_4_plus=pl.col("code").is_in(AGED_FOUR_PLUS),
        took_part=pl.col("code").is_in(PARTICIPATING),
    )
    older = pl.col("reviews").filter(pl.col("aged_4_plus")).sum()
    return counted.with_columns(
        share=pl.when(pl.col("aged_4_plus") & (older > 0))
        .then(100.0 * pl.col("reviews") / older)
    ).select(list(CODES_SCHEMA)).cast(CODES_SCHEMA)
