"""A synthetic demonstration authority, simulated as events over time (``generate``)."""

from iro_metrics.generator.run import generate

__all__ = ["generate"]
