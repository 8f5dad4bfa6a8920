"""From cURL (spec F-10): :func:`from_curl` turns a pasted command — devtools' "Copy as cURL",
an API doc's example — into a connector with one action, and the account its credentials
make (in memory; saved only when the caller saves it).

Decisions:

- **Host, protocol, base URL.** The URL's host (with its port) and scheme (``http`` when the
  URL has none, as curl assumes). Leading version-like path segments (``/v1``, ``/v1.0``,
  ``/api``, ``/api/v3``, ``/2010-04-01``) become the connector's base URL and the rest the
  action's path — what the next action of the same API shares; any other path stays whole in
  the action, under base URL ``/``.
- **Query parameters** keep their values as defaults, typed by guess (``true``/``false`` →
  boolean, ``42`` → integer, ``1.5`` → number, else string; ``007`` stays a string).
- **Headers** become static headers, except credentials (→ the auth scheme and account),
  hop-by-hop and transfer headers curl or the client set (``Host``, ``Content-Length``,
  ``Accept-Encoding``, …), a JSON ``Content-Type`` (the client sets it), and ``Cookie``,
  which may hold a session: it becomes a header parameter given at run time, without its
  value.
- **Body**: a JSON object is parsed into body parameters by the forms' own sample parser
  (:func:`connector_lab.spec.samples.body_params`). ``name=value`` pairs (``-d``,
  ``--data-urlencode``) sent as a form — the form ``Content-Type``, or none, which is what curl
  then sends — make a form action, one body parameter per field (a credential-like field,
  ``token=…``, is a parameter without its value). Any other body is reported, not kept.
- **Shell variables**: ``$NAME`` / ``${NAME}`` / ``${NAME:-default}`` in a path segment become
  a ``{name}`` placeholder (with the default), in a query value or header a parameter with
  that default; as a whole credential, an ``env:NAME`` reference. This is how the commands
  :func:`to_curl_commands` writes come back.
"""

from __future__ import annotations

import json
import re
from urllib.parse import parse_qsl, unquote, urlsplit

from ..errors import ImportFormatError, SpecError
from ..spec.accounts import AuthAccount
from ..spec.actions import Action
from ..spec.connectors import Connector
from ..spec.params import Param
from ..spec.samples import body_params
from ..spec.schemes import BearerAuth
from ..wire.request import FORM_CONTENT_TYPE
from . import curl_auth
from .curl_flags import CurlRequest, parse_flags
from .curl_tokens import split_words
from .report import ImportReport

ACCOUNT_NAME = "imported"
_SKIPPED_HEADERS = frozenset(
    [
        "host",
        "content-length",
        "connection",
        "keep-alive",
        "transfer-encoding",
        "te",
        "trailer",
        "upgrade",
        "proxy-connection",
        "proxy-authorization",
        "accept-encoding",
        "expect",
    ]
)
_VERSION_SEGMENT = re.compile(r"^(api|rest|v\d+(\.\d+)*|\d{4}-\d{2}-\d{2})$", re.I)
_VARIABLE = re.compile(r"^\$(?:\{([A-Za-z_]\w*)(?::-([^}]*))?\}|([A-Za-z_]\w*))$")
_INTEGER = re.compile(r"^-?(0|[1-9]\d{0,17})$")
_NUMBER = re.compile(r"^-?(0|[1-9]\d*)\.\d+$")


def from_curl(text: str) -> ImportReport:
    """A connector and one action from a cURL command line (bash or Windows ``cmd``
    quoting); credentials become the auth scheme and an account named ``imported``.

    >>> report = from_curl("curl -H 'X-API-Key: k-123' 'https://api.example.com/v1/items?page=2'")
    >>> report.connector.base_url, report.connector.actions[0].path, report.accounts
    ('/v1', '/items', [AuthAccount(name='imported', values={'token': '***'})])
    """
    if not isinstance(text, str) or not text.strip():
        raise ImportFormatError(
            "the cURL command is empty; paste a command that starts with 'curl'",
            format="curl",
        )
    words = split_words(text)
    if not words.words or words.words[0].rsplit("/", 1)[-1].lower() not in ("curl", "curl.exe"):
        first = (words.words or [""])[0][:40]
        raise ImportFormatError(
            f"this is not a cURL command (it starts with {first!r}); paste a command that "
            "starts with 'curl'",
            format="curl",
            pointer="line 1, column 1",
        )
    request = parse_flags(words.words[1:])
    builder = _Builder(request)
    if words.rest:
        builder.ignored.append(f"after the command: {words.rest[:80]}")
    return builder.build()


def guess(text: str) -> tuple[str, object]:
    """A text value's type and typed value: ``("integer", 42)``, ``("string", "007")``."""
    if text in ("true", "false"):
        return "boolean", text == "true"
    if _INTEGER.match(text):
        return "integer", int(text)
    if _NUMBER.match(text):
        return "number", float(text)
    return "string", text


def variable(text: str) -> tuple[str, str | None] | None:
    """``$NAME`` / ``${NAME}`` / ``${NAME:-default}`` → ``(name, default)``, else None."""
    match = _VARIABLE.match(text)
    if not match:
        return None
    return (match.group(1) or match.group(3)), match.group(2)


class _Builder:
    """One import: the request read, what is built from it and what was noticed."""

    def __init__(self, request: CurlRequest):
        self.request = request
        self.warnings = list(request.warnings)
        self.ignored = list(request.ignored)
        self.params: list[Param] = []
        self.credential: curl_auth.Credential | None = None
        self.host = ""
        self.body_style = "json"

    def build(self) -> ImportReport:
        protocol, host, path, query = self._url()
        self.host = host
        self._credentials_first()
        base_url, path = _split_base(self._path(path))
        self._query(query)
        self._headers()
        self._body()
        method = self.request.effective_method
        action = self._action(method, path)
        credential = self.credential or curl_auth.Credential(None)
        connector = _make(
            Connector,
            display_name=host.split(":")[0],
            host=host,
            protocol=protocol,
            base_url=base_url,
            actions=[action],
            **({"auth": credential.scheme} if credential.scheme else {}),
        )
        accounts = []
        if credential.scheme is not None and credential.values is not None:
            accounts.append(AuthAccount(name=ACCOUNT_NAME, values=credential.values))
        if credential.note:
            self.warnings.append(credential.note)
        return ImportReport(connector, accounts, self.warnings, self.ignored)

    def _url(self) -> tuple[str, str, str, str]:
        urls = [u for u in self.request.urls if u.strip()]
        if not urls:
            raise ImportFormatError(
                "the command has no URL; add one, e.g. curl https://api.example.com/items",
                format="curl",
                pointer="URL",
            )
        self.ignored += [f"extra argument {u[:80]}" for u in urls[1:]]
        url = urls[0] if "://" in urls[0] else "http://" + urls[0]
        parts = urlsplit(url)
        protocol = parts.scheme.lower()
        if protocol not in ("http", "https"):
            raise ImportFormatError(
                f"the URL's protocol {protocol!r} is not one a connector speaks; use http or https",
                format="curl",
                pointer="URL",
            )
        host = parts.netloc.rpartition("@")[2]
        if "@" in parts.netloc and self.request.user is None:
            self.request.user = parts.netloc.rpartition("@")[0]
        query = parts.query
        if self.request.get and self.request.data:
            query = "&".join(q for q in (query, self.request.body or "") if q)
            self.request.data = []
        return protocol, host, parts.path or "/", query

    def _credentials_first(self) -> None:
        # An Authorization header wins over -u, as in curl; then --oauth2-bearer, then -u.
        if self.request.bearer is not None:
            self._found(
                curl_auth.Credential(
                    BearerAuth(), {"token": curl_auth.secret_value(self.request.bearer)}
                ),
                "--oauth2-bearer",
            )
        if self.request.user is not None:
            self._found(curl_auth.from_user(self.request.user), "-u")

    def _found(self, credential: curl_auth.Credential, where: str) -> bool:
        """Take ``credential`` as the connector's auth (a later one replaces an earlier
        one from -u / --oauth2-bearer only when it comes from a header, as curl sends it)."""
        if self.credential is None or where == "Authorization":
            self.credential = credential
            return True
        self.warnings.append(
            f"a second credential ({where}) was found; the connector keeps one scheme, so "
            f"{where} becomes a parameter given at run time (its value is not kept)"
        )
        return False

    def _path(self, path: str) -> str:
        segments = []
        for segment in path.split("/"):
            found = variable(segment)
            if found is None:
                segments.append(segment)
                continue
            name = found[0].lower()
            segments.append("{" + name + "}")
            default = unquote(found[1]) if found[1] else None
            self.params.append(Param(name=name, location="path", required=True, default=default))
        return "/".join(segments)

    def _query(self, query: str) -> None:
        seen: set[str] = set()
        for name, value in parse_qsl(query, keep_blank_values=True):
            credential = curl_auth.from_query(name, value, self.host)
            if credential is not None and self._found(credential, name):
                continue
            if name in seen:
                self.warnings.append(
                    f"query parameter {name!r} is given more than once; the first value is kept"
                )
                continue
            seen.add(name)
            self.params.append(_user_param(name, "query", value, secret=credential is not None))

    def _headers(self) -> None:
        seen: set[str] = set()
        for name, value in self.request.headers:
            lower = name.lower()
            if lower in _SKIPPED_HEADERS or (
                lower == "content-type" and (self._json_body() or self._form_pairs())
            ):
                continue
            credential = curl_auth.from_header(name, value)
            if credential is not None and self._found(
                credential, "Authorization" if lower == "authorization" else name
            ):
                continue
            if lower in seen:
                self.warnings.append(f"header {name!r} is given more than once; the first is kept")
                continue
            seen.add(lower)
            self.params.append(self._header_param(name, value, secret=credential is not None))

    def _header_param(self, name: str, value: str, *, secret: bool) -> Param:
        if name.lower() == "cookie" and not secret:
            self.warnings.append(
                "the Cookie header may hold a session, so its value is not kept; it is a "
                "header parameter to give at run time"
            )
            secret = True
        if secret or variable(value):
            return _user_param(name, "header", value, secret=secret, typed=False)
        return _make(Param, name=name, location="header", source="static", value=value)

    def _json_body(self) -> object | None:
        body = self.request.body
        if body is None:
            return None
        text = re.sub(r"\$\{[A-Za-z_]\w*:-([^}]*)\}", r"\1", body)
        text = re.sub(r"\$\{[A-Za-z_]\w*\}", "", text)
        try:
            return json.loads(text)
        except ValueError:
            return None

    def _content_type(self) -> str | None:
        for name, value in self.request.headers:
            if name.lower() == "content-type":
                return value.split(";")[0].strip().lower()
        return None

    def _form_pairs(self) -> list[tuple[str, str]] | None:
        """The body's ``name=value`` pairs when it is sent as a form; None otherwise."""
        body, content_type = self.request.body, self._content_type()
        if body is None or self.request.json or self._json_body() is not None:
            return None
        if content_type not in (None, FORM_CONTENT_TYPE):
            return None
        pieces = body.split("&")
        if not all("=" in piece and piece.split("=", 1)[0] for piece in pieces):
            return None
        return parse_qsl(body, keep_blank_values=True)

    def _form_body(self, pairs: list[tuple[str, str]]) -> None:
        seen: set[str] = set()
        for name, value in pairs:
            if "." in name or name in seen:
                why = "a nested name" if "." in name else "given more than once"
                self.warnings.append(f"form field {name!r} is {why}; it was left out")
                continue
            seen.add(name)
            secret = curl_auth.from_query(name, value, self.host) is not None
            if secret:
                self.warnings.append(
                    f"form field {name!r} looks like a credential; its value was not kept"
                )
            self.params.append(_user_param(name, "body", value, secret=secret))
        self.body_style = "form"

    def _body(self) -> None:
        body = self.request.body
        if body is None:
            return
        pairs = self._form_pairs()
        if pairs is not None and self.request.effective_method not in ("GET", "HEAD", "OPTIONS"):
            self._form_body(pairs)
            return
        sample = self._json_body()
        if isinstance(sample, dict) and sample:
            if self.request.effective_method in ("GET", "HEAD", "OPTIONS"):
                self.warnings.append(
                    f"a {self.request.effective_method} request cannot carry the JSON body "
                    "in a connector; the body was left out"
                )
                return
            self.params += body_params(sample)
            return
        kind = "an empty JSON object" if sample == {} else "not a JSON object"
        self.warnings.append(
            f"the body is {kind} ({len(body)} characters); actions send JSON object or form "
            "bodies, so it was not imported — add body parameters by hand if the API takes them"
        )

    def _action(self, method: str, path: str) -> Action:
        return _make(
            Action,
            id=_action_id(method, path),
            name=f"{method} {path}"[:80],
            method=method,
            path=path,
            params=self.params,
            body_style=self.body_style,
        )


def _user_param(
    name: str, location: str, value: str, *, secret: bool = False, typed: bool = True
) -> Param:
    """A parameter given at run time: a secret keeps no value; a shell variable's default
    (``${X:-5}``) or the plain value is the default."""
    if secret:
        return _make(Param, name=name, location=location, required=True)
    found = variable(value)
    if found is not None:
        value = found[1] if found[1] is not None else ""
        if found[1] is None:
            return _make(Param, name=name, location=location, required=True)
    kind, default = guess(value) if typed else ("string", value)
    return _make(Param, name=name, location=location, type=kind, default=default)


def _split_base(path: str) -> tuple[str, str]:
    segments = [s for s in path.split("/") if s]
    cut = 0
    while cut < len(segments) - 1 and _VERSION_SEGMENT.match(segments[cut]):
        cut += 1
    base = "/" + "/".join(segments[:cut])
    rest = "/" + "/".join(segments[cut:])
    if path.endswith("/") and rest != "/":
        rest += "/"
    return base, rest


def _action_id(method: str, path: str) -> str:
    words = [
        re.sub(r"[^A-Za-z0-9]+", "_", s).strip("_").lower()
        for s in path.split("/")
        if s and not s.startswith("{")
    ]
    words = [w for w in words if w][-2:]
    return "_".join([method.lower(), *words])[:64]


def _make(model: type, **fields: object):
    """Build a spec model; a rule it breaks becomes an ImportFormatError naming the field."""
    try:
        return model(**fields)
    except (SpecError, ValueError) as exc:
        raise ImportFormatError(
            f"the command makes an invalid {model.__name__.lower()}: {exc}", format="curl"
        ) from exc
