"""Indicators for the Independent Reviewing Officer service, computed from record-level extracts.

Every entry point (the command line, the dashboard's server, the speed scripts) imports this
package before Polars, so this is where its allocator is told to return freed memory promptly
(``freed_memory``)."""

from iro_metrics.freed_memory import return_freed_memory_promptly

return_freed_memory_promptly()
