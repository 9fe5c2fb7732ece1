"""Overview: the headline of each area, with the change from the previous period and what good
looks like, and the trend in children looked after and on a plan."""

from iro_metrics.indicators.registry import BY_ID
from iro_metrics.present.findings import month_movement
from iro_metrics.present.report_tables import by_indicator, month_series, month_span, monthly_table
from iro_metrics.present.view import first_full_year
from iro_metrics.ui import charts
from iro_metrics.ui.blocks import figure, intro, tile_rows, where_we_stand
from iro_metrics.ui.context import context
from iro_metrics.ui.results import indicators, monthly, previous_indicators, with_standing

TILES = (("lac_count", "lac_rate", "cp_count", "cp_rate"),
         ("lac_children_reviews_timely", "lac_participation", "icpc_timely", "cp_reviews_timely"),
         ("iro_caseload",))
SERIES_NAMES = {"lac_count": "Looked after", "cp_count": "On a plan"}

ctx = context()
extract, view = ctx.extract, ctx.view
intro("Overview",
      f"How {extract.authority.la_name}'s children's services are doing: children looked after "
      "by the council, children on a child protection plan, and whether reviews and conferences "
      "happen on time.", view, ("age_band", "sex", "ethnic_group", "disability"))
computed = with_standing(view, sum(TILES, ()), tuple(BY_ID))
where_we_stand(extract, view, tuple(BY_ID), computed)
tile_rows(TILES, by_indicator(indicators(extract, view, only=computed)),
          by_indicator(previous_indicators(extract, view, only=computed)), view, extract)

months = monthly(extract, view, first_full_year(extract), view.period.end)
series = month_series(months, SERIES_NAMES)
if series.height:
    span = month_span(series)
    figure(
        month_movement("Children looked after",
                       month_series(months, {"lac_count": SERIES_NAMES["lac_count"]})),
        f"Children looked after and children on a child protection plan at each month end, "
        f"{extract.authority.la_name}, {span}",
        charts.line_chart(series, "month_end", "value", "series", "Children"),
        monthly_table(series.sort("month_end", "series"), "Children", series="Series"),
        f"Line chart of children looked after (solid line) and children on a child protection "
        f"plan (dashed line) at each month end from {span}, under the filters above.",
        extract, right_aligned=("Children",))
