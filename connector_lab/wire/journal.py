"""One run-history entry from a :class:`Result` or a raised :class:`ConnectorLabError`,
masked: what ``Client.record`` hands to the journal (``store/history.py`` stores it as is).

An entry holds the account's *name*, never a value. The URL is the Result's masked request
(credential query keys and every known secret value hidden); parameters are masked by name
(credential header and query names, and names that say secret: password, token, key…) and
by value (every secret the auth scheme knows, wherever it appears). The record count is
filled only when it is known without parsing: a page's count, a count the caller gives, or
a body already parsed — a huge body is never parsed for the journal's sake.

Every entry says how it got its answer: ``retries`` (tries after the first), ``waited``
(seconds of backoff, Retry-After and rate limit) and ``attempts``, one word per try
(``"503, reset, 200"``) — for an error raised after its retries were used up as well as for
an answer.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import datetime, timezone
from typing import Any

from .._rules import MASK
from ..errors import ConnectorLabError
from .redact import Redactor
from .result import Result

#: Parameter names whose values are masked whatever they hold.
SECRET_NAME = re.compile(
    r"pass(word|wd)?|secret|token|api[-_]?key|apikey|app[-_]?code|signature|credential|"
    r"authorization|cookie|private[-_]?key|session",
    re.IGNORECASE,
)
#: How a reset and a timeout read in an attempt's error text.
RESET_PHRASES = ("closed the connection without answering", "connection was reset")
TIMEOUT_PHRASES = ("no answer within", "did not finish within")
#: Error texts are cut to this many characters: an entry stays a short line.
MAX_ERROR_CHARS = 500


def now_utc() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds")


def mask_value(value: Any, redactor: Redactor) -> Any:
    """``value`` with every known secret masked, JSON-able (nested lists and objects kept)."""
    if isinstance(value, str):
        return redactor.text(value)
    if value is None or isinstance(value, bool | int | float):
        return value
    if isinstance(value, Mapping):
        return {redactor.text(str(k)): mask_value(v, redactor) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [mask_value(v, redactor) for v in value]
    return redactor.text(str(value))


def mask_params(params: Mapping[str, Any] | None, redactor: Redactor) -> dict[str, Any]:
    """The parameters of a run as the journal keeps them: secret-named ones ``***``."""
    if not params:
        return {}
    hidden = redactor.header_names | redactor.query_names
    out = {}
    for name, value in params.items():
        key = str(name)
        if key.lower() in hidden or SECRET_NAME.search(key) or getattr(value, "secret", False):
            out[redactor.text(key)] = MASK
        else:
            out[redactor.text(key)] = mask_value(value, redactor)
    return out


def known_record_count(result: Result) -> int | None:
    """The number of records when it is known without parsing the body, else None."""
    page = getattr(result, "page", None)
    count = getattr(page, "records", None)
    if isinstance(count, int) and not isinstance(count, bool):
        return count
    if "_json" not in vars(result):  # not parsed yet: not worth parsing for the journal
        return None
    body = vars(result)["_json"]
    if isinstance(body, list):
        return len(body)
    if isinstance(body, dict):
        lists = [v for v in body.values() if isinstance(v, list)]
        if len(lists) == 1:
            return len(lists[0])
    return None


def attempt_label(attempt: Any) -> str:
    """One try in a word: its HTTP status, else ``reset``, ``timeout`` or ``error``."""
    if attempt.status is not None:
        return str(attempt.status)
    text = attempt.error or ""
    # An Attempt keeps the error's text, not its type: these are the phrases of
    # wire/failures.py and of the two RequestTimeout messages (client.py, limits.py).
    if any(phrase in text for phrase in RESET_PHRASES):
        return "reset"
    if any(phrase in text for phrase in TIMEOUT_PHRASES):
        return "timeout"
    return "error"


def attempt_facts(outcome: Any) -> dict[str, Any]:
    """``retries``, ``waited`` and the ``attempts`` summary of a Result or a raised error,
    from its ``attempts`` (an error without them: one try, no wait, its summary None)."""
    attempts = list(getattr(outcome, "attempts", None) or [])
    return {
        "retries": max(0, len(attempts) - 1),
        "waited": sum(a.waited for a in attempts),
        "attempts": ", ".join(map(attempt_label, attempts)) or None,
    }


def status_error(result: Result, redactor: Redactor) -> str | None:
    """A short masked text for a 4xx/5xx answer (status, reason and the body's start)."""
    if result.ok:
        return None
    head = result.content[:200].decode("utf-8", errors="replace").strip()
    text = f"HTTP {result.status} {result.reason}".rstrip()
    return redactor.text(f"{text}: {head}" if head else text)[:MAX_ERROR_CHARS]


def error_text(error: BaseException, redactor: Redactor) -> str:
    return redactor.text(f"{type(error).__name__}: {error}")[:MAX_ERROR_CHARS]


def build_entry(
    outcome: Result | ConnectorLabError,
    redactor: Redactor,
    *,
    connector: str,
    account: str,
    action: str | None = None,
    method: str | None = None,
    kind: str = "run",
    run_id: str | None = None,
    number: int | None = None,
    params: Mapping[str, Any] | None = None,
    elapsed: float | None = None,
    records: int | None = None,
) -> dict[str, Any]:
    """The journal entry for ``outcome`` (see the module docstring for what is masked)."""
    entry: dict[str, Any] = {
        "time": now_utc(),
        "kind": kind,
        "run_id": run_id,
        "number": number,
        "connector": connector,
        "action": action,
        "account": account,
        "params": mask_params(params, redactor),
    }
    if isinstance(outcome, Result):
        entry.update(_answered(outcome, redactor, elapsed, records))
        entry["action"] = outcome.action_id or action
    else:
        entry.update(_failed(outcome, redactor, method, elapsed))
    return entry


def _answered(
    result: Result, redactor: Redactor, elapsed: float | None, records: int | None
) -> dict[str, Any]:
    return {
        "method": result.request.method,
        "url": result.request.url,
        "status": result.status,
        "ok": result.ok,
        "elapsed": result.elapsed if elapsed is None else elapsed,
        "bytes": len(result.content),
        "records": known_record_count(result) if records is None else records,
        "error": status_error(result, redactor),
        **attempt_facts(result),
    }


def _failed(
    error: BaseException, redactor: Redactor, method: str | None, elapsed: float | None
) -> dict[str, Any]:
    url = getattr(error, "url", None)
    return {
        "method": getattr(error, "method", None) or method,
        "url": redactor.url(url) if url else None,
        "status": getattr(error, "status", None),
        "ok": False,
        "elapsed": elapsed,
        "bytes": None,
        "records": None,
        "error": error_text(error, redactor),
        **attempt_facts(error),
    }
