"""Out to cURL (spec F-10): :func:`to_curl_commands` writes one bash command per action.

Decisions:

- **Parameters are shell variables** named after the parameter in capitals
  (``{order_id}`` → ``${ORDER_ID}``); one with a default is written ``${COUNT:-5}``, so the
  command runs as written and ``COUNT=20 bash -c …`` changes it. Static parameters are written
  as their value; system fields as ``${USER_ID}`` / ``${ORG_ID}``.
- **Secrets are environment variables**, never values: ``<PREFIX>_API_KEY``,
  ``<PREFIX>_USERNAME`` / ``_PASSWORD``, ``<PREFIX>_TOKEN``, ``<PREFIX>_APP_CODE``,
  ``<PREFIX>_ACCESS_TOKEN`` (DingTalk, with a comment on fetching it), where the prefix is the
  connector's display name in capitals (``Sandbox shop`` → ``SANDBOX_SHOP``).
- **The JSON body** is built from the body parameters (dotted names nest), each value a
  variable with its default; a form action's body is one ``--data-urlencode "name=value"``
  per body parameter (curl encodes the value and sends the form ``Content-Type``; a static
  list value gives one per item, as the client sends it).
- Every variable sits inside double quotes, so a value with spaces stays one word;
  :func:`connector_lab.from_curl` reads the commands back into the same action.
"""

from __future__ import annotations

import json
import re
from typing import Any
from urllib.parse import quote

from ..spec.actions import Action
from ..spec.connectors import Connector
from ..spec.params import Param
from ..wire.urls import join_url

# A variable reference while the command is built: \x01NAME\x02default\x03 (no default:
# \x01NAME\x03); double_quoted() writes it as ${NAME:-default} with the default escaped.
_REFERENCE = re.compile(r"\x01(\w+)(?:\x02([^\x03]*))?\x03")
_DOUBLE_QUOTED_SPECIAL = re.compile(r'([\\"$`])')


def env_prefix(connector: Connector) -> str:
    """The prefix of the connector's secret variables: ``Sandbox shop`` → ``SANDBOX_SHOP``."""
    prefix = re.sub(r"[^A-Za-z0-9]+", "_", connector.display_name).strip("_").upper()
    if not prefix or prefix[0].isdigit():
        prefix = "API_" + prefix
    return prefix


def to_curl_commands(connector: Connector) -> dict[str, str]:
    """One bash cURL command per action, keyed by action id; no secret in any of them."""
    return {action.id: _command(connector, action) for action in connector.actions}


def shell_variable(name: str) -> str:
    """The variable a parameter is written as: ``order-id`` → ``ORDER_ID``."""
    text = re.sub(r"[^A-Za-z0-9]+", "_", name).strip("_").upper() or "VALUE"
    return "P_" + text if text[0].isdigit() else text


def _reference(param: Param, text_default: str | None) -> str:
    if param.source == "system":
        return ref((param.system_field or "user_id").upper())
    return ref(shell_variable(param.name), text_default)


def ref(name: str, default: str | None = None) -> str:
    """A variable reference in command text being built (see :func:`double_quoted`)."""
    if default is None:
        return f"\x01{name}\x03"
    return f"\x01{name}\x02{default.replace('}', '%7D')}\x03"


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return str(value)


def _value(param: Param, *, encode: bool = False) -> str:
    """A parameter as command text: a static value, or a variable with its default."""
    if param.source == "static":
        text = _text(param.value)
        return quote(text, safe="") if encode else text
    default = None if param.default is None else _text(param.default)
    if default is not None and encode:
        default = quote(default, safe="")
    return _reference(param, default)


def double_quoted(text: str) -> str:
    """``text`` in double quotes for bash: ``${VAR…}`` references stay live, every other
    ``$ ` " \\`` is escaped."""
    out, last = [], 0
    for match in _REFERENCE.finditer(text):
        out.append(_escape(text[last : match.start()]))
        name, default = match.group(1), match.group(2)
        out.append("${" + name + ("" if default is None else ":-" + _escape(default)) + "}")
        last = match.end()
    out.append(_escape(text[last:]))
    return '"' + "".join(out) + '"'


def _escape(text: str) -> str:
    return _DOUBLE_QUOTED_SPECIAL.sub(r"\\\1", text)


def _auth(connector: Connector) -> tuple[list[str], list[tuple[str, str]], list[str]]:
    """Options, query pairs and comment lines for the connector's auth scheme."""
    scheme, prefix = connector.auth, env_prefix(connector)
    kind = scheme.type
    if kind == "basic":
        return (
            ["-u", double_quoted(ref(f"{prefix}_USERNAME") + ":" + ref(f"{prefix}_PASSWORD"))],
            [],
            [],
        )
    if kind == "api_key":
        key = ref(f"{prefix}_API_KEY")
        if scheme.location == "query":
            return [], [(scheme.name, key)], []
        return ["-H", double_quoted(f"{scheme.name}: {key}")], [], []
    if kind == "bearer":
        return ["-H", double_quoted("Authorization: Bearer " + ref(f"{prefix}_TOKEN"))], [], []
    if kind == "aliyun_appcode":
        return ["-H", double_quoted("Authorization: APPCODE " + ref(f"{prefix}_APP_CODE"))], [], []
    if kind in ("dingtalk", "oauth2_client_credentials"):
        return _token_auth(scheme, prefix)
    if kind == "dingtalk_zero_trust":
        return (
            [],
            [],
            [
                "# every request must be HMAC-signed for the zero-trust gateway, which "
                "cURL cannot do; this command shows the request unsigned"
            ],
        )
    if kind == "aliyun_signature":
        note = (
            "# every request must be signed with the AppSecret for the Aliyun API gateway "
            "(X-Ca-* headers), which cURL cannot do; this command shows the request unsigned"
        )
        return [], [], [note]
    return [], [], []


def _token_auth(scheme: Any, prefix: str) -> tuple[list[str], list[tuple[str, str]], list[str]]:
    """The schemes whose token is fetched first: a variable for it, and a note on how."""
    token = ref(f"{prefix}_ACCESS_TOKEN")
    if scheme.type == "oauth2_client_credentials":
        how = "(grant_type=client_credentials, with the client ID and secret; it expires)"
        note = [f"# {prefix}_ACCESS_TOKEN: fetch it from {scheme.token_url} {how}"]
        return ["-H", double_quoted(f"Authorization: Bearer {token}")], [], note
    note = [
        f"# {prefix}_ACCESS_TOKEN: fetch it from {scheme.token_url} with the App Key "
        "and App Secret (it expires)"
    ]
    if scheme.legacy:
        return [], [("access_token", token)], note
    return ["-H", double_quoted(f"x-acs-dingtalk-access-token: {token}")], [], note


def _url(connector: Connector, action: Action, auth_query: list[tuple[str, str]]) -> str:
    path = action.path
    for param in action.params:
        if param.location == "path":
            path = path.replace("{" + param.name + "}", _value(param, encode=True))
    pairs = [
        (quote(p.name, safe=""), _value(p, encode=True))
        for p in action.params
        if p.location == "query"
    ]
    pairs += auth_query
    url = join_url(connector.origin, connector.base_url, path)
    if pairs:
        url += "?" + "&".join(f"{name}={value}" for name, value in pairs)
    return url


def _body(action: Action) -> str | None:
    body: dict[str, Any] = {}
    marks: dict[str, str] = {}
    for index, param in enumerate(p for p in action.params if p.location == "body"):
        keys = param.name.split(".")
        target = body
        for key in keys[:-1]:
            target = target.setdefault(key, {})
        mark = f"\x00{index}\x00"
        marks[json.dumps(mark)] = _body_value(param)
        target[keys[-1]] = mark
    if not body:
        return None
    text = json.dumps(body, ensure_ascii=False)
    for mark, value in marks.items():
        text = text.replace(mark, value)
    return text


def _body_value(param: Param) -> str:
    """A body parameter's JSON text: a string in quotes, anything else bare."""
    if param.source == "static":
        return json.dumps(param.value, ensure_ascii=False)
    default = None if param.default is None else param.default
    if isinstance(default, dict | list):
        return json.dumps(default, ensure_ascii=False)  # a whole object or list as given
    text = None if default is None else _text(default)
    if text is not None and param.type == "string":
        text = json.dumps(text, ensure_ascii=False)[1:-1]  # stays a valid JSON string
    reference = _reference(param, text)
    quoted = param.type not in ("integer", "number", "boolean")
    return f'"{reference}"' if quoted else reference


def _form_body(action: Action) -> list[str]:
    """One ``--data-urlencode`` per form field: the name encoded here (curl sends it as
    written), the value encoded by curl — so a variable's value can be any text."""
    lines = []
    for param in (p for p in action.params if p.location == "body"):
        name = quote(param.name, safe="")
        values = param.value if param.source == "static" else None
        items = values if isinstance(values, list) else [None]
        for item in items:
            value = _value(param) if item is None else _text(item)
            lines.append("--data-urlencode " + double_quoted(f"{name}={value}"))
    return lines


def _command(connector: Connector, action: Action) -> str:
    options, auth_query, comments = _auth(connector)
    lines = [
        *comments,
        f"curl -X {action.method} {double_quoted(_url(connector, action, auth_query))}",
    ]
    if options:
        lines.append(" ".join(options))
    for param in action.params:
        if param.location == "header":
            lines.append("-H " + double_quoted(f"{param.name}: {_value(param)}"))
    body = None if action.body_style == "form" else _body(action)
    lines += _form_body(action) if action.body_style == "form" else []
    if body is not None:
        lines.append("-H " + double_quoted("Content-Type: application/json"))
        lines.append("--data-raw " + double_quoted(body))
    head, *rest = lines[len(comments) :]
    return "\n".join([*comments, " \\\n  ".join([head, *rest])])
