"""``python -m iro_metrics``: the command line, which needs no pandas (``without_pandas``)."""

import sys

from iro_metrics.without_pandas import hide_pandas

hide_pandas()

from iro_metrics.cli import main  # noqa: E402  (pandas must be hidden before this import)

sys.exit(main())
