"""Stage 5 — harvest: many requests for one job (batch runs over a table of inputs, …),
above the wire and tables stages."""

from .batch import BatchOutcome

__all__ = ["BatchOutcome"]
