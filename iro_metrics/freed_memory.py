"""Freed memory goes back to the system within a tenth of a second, so that the memory a process
holds is the memory it uses (docs/spec-readings.md, "Speed").

Polars allocates with jemalloc, which it tells to keep freed pages for half a second and then
for a second more before the kernel may have them back: a process that builds and drops large
frames, as validation does, holds far more than it uses (90 to 150 MB more at the peak of
validating England's extract). Telling it to return them after 100 ms costs no time that can be measured.
Polars reads the setting when it is imported, adding it after its own, so the package runs this
before anything imports Polars. The two decay times are added after whatever the environment
already holds: a process started by one that imported Polars inherits Polars' own setting,
which would otherwise undo them. Other allocator options given there are kept.
"""

import os

SETTING = "_RJEM_MALLOC_CONF"
PROMPTLY = "dirty_decay_ms:100,muzzy_decay_ms:0"


def return_freed_memory_promptly() -> None:
    """Ask Polars' allocator to return freed memory within 100 ms (before Polars is imported)."""
    given = os.environ.get(SETTING)
    os.environ[SETTING] = f"{given},{PROMPTLY}" if given else PROMPTLY
