"""What the pages hand Streamlit to send is what Streamlit would have sent anyway, only made
faster (issue 16): a chart's datasets converted to Arrow once per chart, and a table's Styler
giving ids only to the cells it colours."""

import re

import pandas as pd
import polars as pl
import pyarrow as pa
from pandas.io.formats.style import Styler
from streamlit.elements.lib.pandas_styler_utils import marshall_styler
from streamlit.elements.vega_charts import _marshall_chart_data
from streamlit.proto.ArrowData_pb2 import ArrowData
from streamlit.proto.VegaLiteChart_pb2 import VegaLiteChart

from iro_metrics.ui import chart_data
from iro_metrics.ui.blocks import _coloured, _styler
from iro_metrics.ui.chart_data import to_send
from iro_metrics.ui.charts import SPECS_KEPT, bar_chart

TABLE = pl.DataFrame({"Area": ["Tinyshire", "England"], "Children": ["1,204", "c"],
                      "Quartile band": ["A", "D"]})
BANDS = {"A": "#12436D", "D": "#801650"}


def _sent_datasets(spec: dict) -> dict[str, bytes]:
    proto = VegaLiteChart()
    _marshall_chart_data(proto, dict(spec))
    return {dataset.name: dataset.data.data for dataset in proto.datasets}


def test_a_chart_sends_the_arrow_streamlit_makes_of_its_rows_and_keeps_its_rows() -> None:
    bars = pl.DataFrame({"name": ["Boys", "Girls"], "count": [12, 14], "label": ["12", "14"]})
    chart = bar_chart(bars, "name", "count", "label", "Children")
    sent = to_send(chart)
    assert _sent_datasets(sent) == _sent_datasets(chart)
    assert all(isinstance(data, bytes) for data in sent["datasets"].values())
    first = next(iter(sent["datasets"].values()))
    assert pa.ipc.open_stream(first).read_all().to_pylist() == next(
        iter(chart["datasets"].values()))
    assert all(isinstance(rows, list) for rows in chart["datasets"].values())
    assert {key: value for key, value in sent.items() if key != "datasets"} == {
        key: value for key, value in chart.items() if key != "datasets"}


def test_a_chart_is_converted_once_and_the_conversions_kept_are_bounded() -> None:
    bars = pl.DataFrame({"name": ["A"], "count": [1], "label": ["1"]})
    chart = bar_chart(bars, "name", "count", "label", "Children")
    assert to_send(chart) is to_send(chart)
    for number in range(SPECS_KEPT + 10):
        to_send(bar_chart(bars.with_columns(count=pl.lit(number + 2)), "name", "count", "label",
                          "Children"))
    assert len(chart_data._sent) == SPECS_KEPT


def _marshalled(styler: Styler) -> tuple[list[dict], str]:
    proto = ArrowData()
    marshall_styler(proto, styler, "u")
    shown = pa.ipc.open_stream(proto.styler.display_values).read_all().to_pylist()
    return shown, proto.styler.styles.replace(proto.styler.uuid, "U")


def test_a_table_shows_the_same_text_and_styles_as_a_styler_with_every_cell_id() -> None:
    every_id = Styler(TABLE.to_pandas()).set_table_styles(
        [{"selector": "td.col1", "props": "text-align: right"}])
    ours = _styler(TABLE).set_table_styles(
        [{"selector": "td.col1", "props": "text-align: right"}])
    assert _marshalled(ours) == _marshalled(every_id)
    assert _marshalled(ours)[0] == pd.DataFrame(TABLE.to_dict(as_series=False)).to_dict(
        "records")


def test_a_coloured_cell_keeps_its_colour_and_text_and_only_coloured_cells_get_ids() -> None:
    shown, styles = _marshalled(_coloured(TABLE, {"Quartile band": BANDS}))
    assert [row["Quartile band"] for row in shown] == ["A", "D"]
    assert "#T_U_row0_col2 { background-color: #12436D; color: #ffffff" in styles
    assert "#T_U_row1_col2 { background-color: #801650; color: #ffffff" in styles
    rendered = _coloured(TABLE, {"Quartile band": BANDS}).to_html()
    assert re.findall(r'<td id="T_\w+_(row\d+_col\d+)"', rendered) == ["row0_col2", "row1_col2"]
