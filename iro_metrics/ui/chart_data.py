"""A chart's specification as Streamlit sends it to the browser: each of its datasets already in
Arrow IPC form, made once per built chart. Streamlit converts a dataset given as rows through
pandas to Arrow on every rerun (a sixth of a warm page's time, issue 16), and passes one given
as Arrow bytes straight on."""

import threading
from collections import OrderedDict

from streamlit.dataframe_util import convert_anything_to_arrow_bytes

from iro_metrics.ui.charts import SPECS_KEPT, Drawn

_sent: OrderedDict[int, tuple[Drawn, Drawn]] = OrderedDict()
"""id of a built chart -> (that chart, kept so that its id is not reused; its form to send)."""
_sent_lock = threading.Lock()


def to_send(chart: Drawn) -> Drawn:
    """``chart`` (from ``charts``, never changed in place) with its datasets as the Arrow bytes
    Streamlit itself would make of them; the same object on every later call for that chart."""
    with _sent_lock:
        found = _sent.get(id(chart))
        if found is not None and found[0] is chart:
            _sent.move_to_end(id(chart))
            return found[1]
    sent = {**chart, "datasets": {name: convert_anything_to_arrow_bytes(rows)
                                  for name, rows in chart["datasets"].items()}}
    with _sent_lock:
        _sent[id(chart)] = (chart, sent)
        while len(_sent) > SPECS_KEPT:
            _sent.popitem(last=False)
    return sent
