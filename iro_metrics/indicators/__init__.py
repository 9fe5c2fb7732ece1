"""The indicators: the registry that defines each once, the counting units each is built from, and
the engine that filters, breaks down and aggregates them for any period."""
