"""A chart's specification as Streamlit sends it to the browser: each of its datasets already in
Arrow IPC form, made once per built chart. Streamlit converts a dataset given as rows through
pandas to Arrow on every rerun (a sixth of a warm page's time, issue 16), and passes one given
as Arrow bytes straight on."""

from streamlit.dataframe_util import convert_anything_to_arrow_bytes

from iro_metrics.ui.charts import SPECS_KEPT, Drawn
from iro_metrics.ui.kept import Kept

_sent: Kept[int, tuple[Drawn, Drawn]] = Kept(SPECS_KEPT)
"""id of a built chart -> (that chart, its form to send). Holding the chart keeps it alive, so
no other object can have its id while its entry is kept."""


def to_send(chart: Drawn) -> Drawn:
    """``chart`` (from ``charts``, never changed in place) with its datasets as the Arrow bytes
    Streamlit itself would make of them; the same object on every later call for that chart."""
    def sent() -> tuple[Drawn, Drawn]:
        return chart, {**chart, "datasets": {name: convert_anything_to_arrow_bytes(rows)
                                             for name, rows in chart["datasets"].items()}}
    return _sent.get_or_build(id(chart), sent)[1]
