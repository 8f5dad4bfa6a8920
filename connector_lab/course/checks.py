"""The checks lessons share: the raw host, the host and protocol against the lesson's sandbox,
the auth type, the account, finding the action asked for, and running it. Each returns
:class:`~.findings.Finding` s; :class:`Attempt` is what a lesson's check reads."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import pandas as pd

from ..errors import ConnectorLabError, ParameterError, SpecError, TransportError
from ..sandbox import SandboxAPI
from ..spec import SCHEMES, Action, AuthAccount, Connector
from ..spec.vocabulary import BODYLESS_METHODS
from ..wire.client import Client
from ..wire.request import RunContext
from .findings import Finding
from .messages import bilingual


@dataclass
class Attempt:
    """A learner's answer to one exercise, and what running it produced (``frame``)."""

    connector: Connector
    account: AuthAccount | None
    sandbox: SandboxAPI
    values: dict[str, Any] = field(default_factory=dict)
    frame: pd.DataFrame | None = None


def raw_host(raw: Mapping[str, Any]) -> list[Finding]:
    """A host typed as a URL (``https://…/path``): the mistake named in words a learner
    knows, before the definition's own rules speak."""
    host = raw.get("host")
    if not isinstance(host, str) or not host.strip():
        return []
    host = host.strip()
    if "://" in host:
        parts = urlsplit(host)
        return [Finding("host.protocol", False, {"scheme": parts.scheme, "fixed": parts.netloc})]
    if "/" in host.rstrip("/"):
        return [Finding("host.path", False, {"path": "/" + host.split("/", 1)[1]})]
    return []


def _get(item: Any, key: str) -> Any:
    return item.get(key) if isinstance(item, Mapping) else getattr(item, key, None)


def raw_bodyless(raw: Mapping[str, Any]) -> list[Finding]:
    """An action whose method has no body (GET) but which has body parameters: said in
    words a learner knows ("choose POST") instead of the engine's refusal of each parameter.
    ``fields`` names the engine problems the finding replaces."""
    findings = []
    for index, action in enumerate(raw.get("actions") or []):
        method = str(_get(action, "method") or "GET").strip().upper()
        params = list(_get(action, "params") or [])
        body = [
            (spot, str(_get(p, "name")))
            for spot, p in enumerate(params)
            if str(_get(p, "location") or "").strip().lower() == "body"
        ]
        if method in BODYLESS_METHODS and body:
            fields = [f"actions[{index}].params[{spot}].location" for spot, _ in body]
            shown = {"id": _get(action, "id"), "method": method, "fields": fields}
            findings.append(
                Finding("action.bodyless", False, {**shown, "names": ", ".join(n for _, n in body)})
            )
    return findings


def definition_problems(exc: SpecError) -> list[Finding]:
    """A definition the engine refused, one finding per broken rule."""
    return [
        Finding("definition.invalid", False, {"field": name or "connector", "message": text})
        for name, text in exc.problems
    ]


def check_host(attempt: Attempt) -> Finding:
    host, sandbox = attempt.connector.host, attempt.sandbox.host_port
    if host == sandbox:
        return Finding("host.sandbox", True, {"host": host})
    return Finding("host.not_sandbox", False, {"host": host, "sandbox": sandbox})


def check_protocol(attempt: Attempt, expected: str = "http") -> Finding:
    protocol = attempt.connector.protocol
    if protocol == expected:
        return Finding("protocol.ok", True, {"protocol": protocol})
    return Finding("protocol.wrong", False, {"protocol": protocol, "expected": expected})


def scheme_label(scheme_type: str) -> dict[str, str]:
    cls = SCHEMES[scheme_type]
    return bilingual(cls.label, cls.label_zh)


def check_auth_type(attempt: Attempt, expected: str) -> Finding:
    actual = attempt.connector.auth.type
    if actual == expected:
        return Finding("auth.ok", True, {"scheme": scheme_label(actual)})
    return Finding(
        "auth.wrong_type",
        False,
        {"scheme": scheme_label(actual), "expected": scheme_label(expected)},
    )


def check_account(attempt: Attempt) -> Finding:
    if attempt.account is None:
        return Finding("account.missing", False)
    return Finding("account.ok", True, {"name": attempt.account.name})


def find_action(
    attempt: Attempt, wanted: Callable[[Action], bool], what: dict[str, str]
) -> tuple[Action | None, Finding]:
    """The first action ``wanted`` accepts, with its finding; ``what`` says in both languages
    what was looked for ("with a path parameter")."""
    action = next((a for a in attempt.connector.actions if wanted(a)), None)
    if action is None:
        return None, Finding("action.missing", False, {"what": what})
    shown = {"id": action.id, "method": action.method, "path": action.path}
    return action, Finding("action.ok", True, shown)


def run_action(
    attempt: Attempt,
    action: Action,
    values: Mapping[str, Any] | None = None,
    context: RunContext | None = None,
):
    """Run ``action`` with the attempt's account on the sandbox (``context``: the login user
    and organization that system fields read); the finding says how it went, and on success
    ``attempt.frame`` holds the table. Returns ``(finding, result or None)``."""
    account = attempt.account or AuthAccount(name="course")
    try:
        with Client(attempt.connector, account, context=context) as client:
            result = client.run(action, dict(values or attempt.values))
            frame = result.to_frame() if result.ok else None
    except ParameterError as exc:
        return Finding("run.values", False, {"detail": str(exc)}), None
    except (TransportError, ConnectorLabError) as exc:
        return Finding("run.failed", False, {"detail": str(exc)}), None
    if not result.ok:
        detail = {"status": result.status, "detail": result_detail(result)}
        return Finding("run.status", False, detail), result
    attempt.frame = frame
    return Finding("run.ok", True, {"status": result.status, "rows": len(frame)}), result


def result_detail(result: Any) -> str:
    """The server's own words for a failed answer (its message field, else the reason)."""
    try:
        body = result.json()
    except ConnectorLabError:
        return result.reason or ""
    if isinstance(body, dict):
        for key in ("message", "error_description", "error", "errmsg", "detail"):
            if isinstance(body.get(key), str):
                return body[key]
    return result.reason or ""


def opening(
    attempt: Attempt,
    wanted: Callable[[Action], bool],
    what: dict[str, str],
    *,
    scheme: str | None = None,
    instead: Finding | None = None,
) -> tuple[Action | None, list[Finding]]:
    """The checks a lesson starts with: host and protocol against the sandbox, the auth type
    when the lesson asks for ``scheme``, the action ``wanted`` (``instead`` is said when it is
    missing: a lesson's own words for a near miss) and the auth account."""
    findings = [check_host(attempt), check_protocol(attempt)]
    if scheme is not None:
        findings.append(check_auth_type(attempt, scheme))
    action, found = find_action(attempt, wanted, what)
    if action is None and instead is not None:
        found = instead
    return action, [*findings, found, check_account(attempt)]


def all_right(findings: list[Finding]) -> bool:
    """Nothing to fix so far (a run would only repeat what is already said otherwise)."""
    return all(f.ok for f in findings)
