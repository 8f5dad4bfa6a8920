"""The small rules every layer applies the same way, written once.

- the mask a secret is shown as (error messages, reprs, the request echo, logs);
- the line-break rule for header values (a CR or LF would split the request);
- the message for text that is not valid JSON (a connector file, a sample, a shared file);
- :func:`Rule`, the ``ValueError`` a validator raises to give its sentence a stable code.

It imports nothing from the package, so the spec, the wire, the tables, the store and the
widgets can all use it without an import cycle.
"""

from __future__ import annotations

import json
from typing import Any

MASK = "***"


def Rule(message: str, code: str, **params: Any) -> ValueError:
    """A broken rule, raised from a validator: the English sentence, plus the ``code`` and
    ``params`` an interface words it from in another language. Pydantic keeps the raised
    error, so the code reaches the :class:`~connector_lab.errors.Problem` of the SpecError.
    A plain ``ValueError`` (no class of its own): every error class is in the one tree."""
    error = ValueError(message)
    error.code, error.params = code, params  # type: ignore[attr-defined]
    return error


def mask(value: object) -> str:
    """What an error message shows instead of a secret value: ``'***'``."""
    return MASK


def has_line_break(value: Any) -> bool:
    """True when ``value`` is text holding a CR or LF, which would split an HTTP header."""
    return isinstance(value, str) and ("\r" in value or "\n" in value)


def line_break_problem(what: str) -> str:
    """The one sentence for a header value with a line break; ``what`` names the value."""
    return f"{what} contains a line break (CR/LF), which would split the request; remove it"


def json_error_message(exc: json.JSONDecodeError) -> str:
    """``not valid JSON (line 3, column 7: Expecting ',' delimiter)`` — where and why."""
    return f"not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})"
