"""The command line runs on polars alone, so it hides pandas from the packages it imports.

Pandera imports pandas whenever pandas is installed (Streamlit needs it), although its polars API
does not use it: 0.4 s and 80 MB at every start of the command line, and more when it validates.
Hidden, pandas looks uninstalled, and pandera works as a ``pandera[polars]`` install without
pandas, a set-up it supports (see its ``__init__`` and ``backends.register_checks``). The
dashboard imports pandas itself and never calls this.
"""

import importlib.abc
import importlib.machinery
import sys
from collections.abc import Sequence
from types import ModuleType

HIDDEN = "pandas"


class _Hidden(importlib.abc.MetaPathFinder):
    """Fails every import of pandas or of a module inside it as if it were not installed."""

    def find_spec(self, fullname: str, path: Sequence[str] | None,
                  target: ModuleType | None = None) -> importlib.machinery.ModuleSpec | None:
        if fullname == HIDDEN or fullname.startswith(f"{HIDDEN}."):
            raise ModuleNotFoundError(f"No module named '{fullname}'", name=fullname)
        return None


def hide_pandas() -> None:
    """Make pandas unimportable in this process from now on (the command line's start)."""
    if HIDDEN in sys.modules:
        raise RuntimeError("pandas is already imported; hide it before anything imports it")
    if not any(isinstance(finder, _Hidden) for finder in sys.meta_path):
        sys.meta_path.insert(0, _Hidden())
