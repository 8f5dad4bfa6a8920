"""``from_postman``: a Postman collection (v2.0 or v2.1) and optionally an environment to a
connector, its accounts and what did not fit (spec F-10).

- Folders are flattened: every request becomes an action named ``Folder / Request`` with an
  id from the same words (``folder_request``), made unique; a valid non-UUID item ``id`` is
  kept as the action id (what :func:`to_postman` writes).
- ``{{variables}}`` come from the collection, overridden by the environment (Postman's
  precedence). An unresolved variable is listed in ``report.ignored``; where it stood, the
  value is left to the user: a query, header or body parameter without a default, or a path
  parameter of that name. An unresolved variable in the host is an error naming it.
- Auth is inherited collection → folder → request. A connector has one scheme: the most
  common one is taken and requests that use another are warned about. The credentials
  found become an :class:`AuthAccount` in ``report.accounts`` (masked; never saved here).
- Requests to several hosts: the most common protocol + host is kept, the others skipped.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

from ..errors import SpecError
from ..spec.accounts import AuthAccount
from ..spec.actions import Action
from ..spec.connectors import Connector
from .postman_auth import account_values, auth_from_request, scheme_key, scheme_of
from .postman_request import Draft, read_request
from .postman_source import Variables, collection_version, fail, load_json, text_of
from .postman_url import ParsedUrl
from .report import ImportReport

_NOTE_TEXT = {
    "method": "requests with a method connector_lab does not send, left out",
    "body": "request bodies that are not a JSON object (form data, files, text), left out",
    "header": "headers whose names are not valid, left out",
    "disabled": "disabled query parameters, skipped",
    "invalid": "requests left out because a value breaks a rule",
    "secret": "credential-like parameters whose values were not copied (give them when running)",
}
_UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-", re.I)


def from_postman(source: Any, *, environment: Any = None) -> ImportReport:
    """Import a Postman collection; see the module docstring for the rules."""
    data = load_json(source, "Postman collection")
    version = collection_version(data)
    env = load_json(environment, "Postman environment") if environment is not None else None
    variables = Variables(data.get("variable"), env)
    drafts: list[tuple[list[str], dict, Draft, Any]] = []
    _walk(data.get("item") or [], [], data.get("auth"), variables, "/item", drafts)
    report = ImportReport(connector=_empty(data))
    kept = _one_origin(drafts, report)
    if not kept:
        raise fail("the collection has no request connector_lab can import", "/item")
    scheme, account = _one_scheme(kept, variables, report)
    for _, _, draft, _ in kept:
        draft.fields["params"] = [p for p in draft.fields["params"] if not _carries(scheme, p)]
    base = Counter(d.url.base for _, _, d, _ in kept).most_common(1)[0][0]
    actions = _actions(kept, base, report.warnings)
    first = kept[0][2].url
    report.connector = Connector(
        display_name=str(data["info"].get("name") or "Postman collection").strip(),
        description=text_of(data["info"].get("description")),
        host=first.host,
        protocol=first.protocol,
        base_url=base,
        auth=scheme,
        actions=actions,
    )
    if account:
        report.accounts.append(account)
    _notes(drafts, variables, report, version)
    return report


def _empty(data: dict) -> Connector:
    return Connector(display_name=str(data["info"].get("name") or "Postman"), host="localhost")


def _walk(
    items: list, folders: list[str], auth: Any, variables: Variables, where: str, out: list
) -> None:
    for index, item in enumerate(items):
        if not isinstance(item, dict):
            continue
        here = f"{where}/{index}"
        own = item.get("auth") if isinstance(item.get("auth"), dict) else auth
        if isinstance(item.get("item"), list):  # a folder
            name = str(item.get("name") or "").strip()
            _walk(item["item"], [*folders, name] if name else folders, own, variables,
                  here + "/item", out)  # fmt: skip
            continue
        request = item.get("request")
        if isinstance(request, dict) and isinstance(request.get("auth"), dict):
            own = request["auth"]
        if own is None:  # no auth anywhere above: read it off the request's headers
            own = auth_from_request(request)
        try:
            draft = read_request(item, variables, here + "/request")
        except SpecError as exc:  # one odd request does not stop the import
            name = str(item.get("name") or here)
            draft = Draft(name, ParsedUrl("", "", "/"), {}, [("invalid", f"{name!r} ({exc})")])
        out.append((folders, item, draft, own))


def _one_origin(drafts: list, report: ImportReport) -> list:
    usable = [d for d in drafts if d[2].fields]
    origins = Counter((d.url.protocol, d.url.host) for _, _, d, _ in usable)
    if not origins:
        return []
    (protocol, host), _ = origins.most_common(1)[0]
    others = {f"{p}://{h}": n for (p, h), n in origins.items() if (p, h) != (protocol, host)}
    if others:
        report.warnings.append(
            f"requests go to several hosts; kept {protocol}://{host}, skipped "
            + ", ".join(f"{n} to {o}" for o, n in others.items())
        )
    return [d for d in usable if (d[2].url.protocol, d[2].url.host) == (protocol, host)]


def _one_scheme(kept: list, variables: Variables, report: ImportReport) -> tuple[Any, Any]:
    found = []
    for _, _, draft, auth in kept:
        scheme, values, problem = scheme_of(auth)
        if problem:
            report.warnings.append(f"{draft.name!r}: {problem}")
        found.append((scheme, values, draft.name))
    counts = Counter(scheme_key(s) for s, _, _ in found)
    chosen_key = counts.most_common(1)[0][0]
    scheme, values, _ = next(f for f in found if scheme_key(f[0]) == chosen_key)
    differ = [name for s, _, name in found if scheme_key(s) != chosen_key]
    if differ:
        report.warnings.append(
            f"the connector uses {scheme.type!r} auth (most requests do); {len(differ)} "
            f"request(s) use another, e.g. {differ[0]!r}"
        )
    creds = account_values(values, variables, "auth")
    return scheme, (AuthAccount(name="postman", values=creds) if creds else None)


def _actions(kept: list, base: str, warnings: list[str]) -> list[Action]:
    actions, used = [], set()
    for folders, item, draft, _ in kept:
        fields = dict(draft.fields)
        if draft.url.base != base:  # another prefix: the path carries it
            fields["path"] = draft.url.base.rstrip("/") + fields["path"]
        fields["name"] = " / ".join([*folders, draft.name])
        action_id = _unique(_action_id(item, [*folders, draft.name]), used)
        try:
            actions.append(Action(id=action_id, **fields))
        except SpecError as exc:  # one odd request does not stop the import
            warnings.append(f"request {fields['name']!r} left out: {exc}")
    return actions


def _action_id(item: dict, words: list[str]) -> str:
    own = str(item.get("id") or "")
    if re.fullmatch(r"[A-Za-z_][A-Za-z0-9_-]{0,63}", own) and not _UUID.match(own):
        return own
    slug = re.sub(r"[^0-9a-zA-Z]+", "_", "_".join(words)).strip("_").lower() or "request"
    return ("a_" + slug if slug[0].isdigit() else slug)[:60].rstrip("_")


def _unique(action_id: str, used: set[str]) -> str:
    candidate, n = action_id, 2
    while candidate in used:
        candidate, n = f"{action_id[:58]}_{n}", n + 1
    used.add(candidate)
    return candidate


def _notes(drafts: list, variables: Variables, report: ImportReport, version: str) -> None:
    for name, places in variables.unresolved.items():
        report.ignored.append(
            f"unresolved variable {{{{{name}}}}} (used in {len(places)} place(s), e.g. "
            f"{places[0]}); left to the user as a parameter without a default"
        )
    kinds: dict[str, list[str]] = {}
    for _, _, draft, _ in drafts:
        for kind, detail in draft.notes:
            kinds.setdefault(kind, []).append(detail)
    for kind, details in kinds.items():
        report.ignored.append(
            f"{len(details)} {_NOTE_TEXT[kind]}: "
            + ", ".join(details[:3])
            + (", …" if len(details) > 3 else "")
        )
    if version == "2.0":
        report.warnings.append("read as a Postman v2.0 collection")


def _carries(scheme: Any, param: Any) -> bool:
    """Whether ``param`` is the one the API-key scheme sends (the auth adds it)."""
    if scheme.type != "api_key" or param.location != scheme.location:
        return False
    if param.location == "header":
        return param.name.lower() == scheme.name.lower()
    return param.name == scheme.name
