"""``python -m iro_metrics``: the command line."""

import sys

from iro_metrics.cli import main

sys.exit(main())
