"""OAuth2 client-credentials emulation (RFC 6749 §4.4): a token endpoint and an API that
demands its bearer token (RFC 6750).

``POST /oauth2/token`` takes a form body (``grant_type=client_credentials``, optional
``scope`` and ``audience``) and the client's id and secret either as HTTP basic (§2.3.1: each
form-encoded, then joined) or as ``client_id``/``client_secret`` form fields — not both (§2.3).
It answers §5.1 JSON (``access_token``, ``token_type``, ``expires_in`` = the sandbox's token
ttl) or a §5.2 error (``invalid_request``, ``invalid_client``, ``unsupported_grant_type``,
``invalid_scope``). ``GET /oauth2/api/items`` answers 401 with ``WWW-Authenticate: Bearer …``
for a missing, unknown or expired token. Messages never contain a supplied secret.
"""

from __future__ import annotations

from urllib.parse import parse_qs, unquote_plus

from . import data
from .credentials import basic_credentials, matches
from .messages import Request, Response, json_response

__all__ = ["SCOPES", "items", "token"]

#: The scopes this server grants; any other is ``invalid_scope``.
SCOPES = frozenset({"items:read", "items:write"})
_FORM_TYPE = "application/x-www-form-urlencoded"
_REALM = 'realm="sandbox"'


def _error(status: int, error: str, description: str, challenge: str | None = None) -> Response:
    headers = [("Cache-Control", "no-store")]
    if challenge:
        headers.append(("WWW-Authenticate", challenge))
    return json_response({"error": error, "error_description": description}, status, headers)


def _form(req: Request) -> dict[str, str] | None:
    """The form body (first value of each field), or None when it is not a form."""
    if (req.header("Content-Type") or "").split(";")[0].strip().lower() != _FORM_TYPE:
        return None
    try:
        fields = parse_qs(req.body.decode("utf-8"), keep_blank_values=True, strict_parsing=False)
    except UnicodeDecodeError:
        return None
    return {k: v[0] for k, v in fields.items()}


def _basic_client(req: Request) -> tuple[str, str] | None:
    """``(client_id, client_secret)`` from an ``Authorization: Basic`` header, else None; an
    unreadable one fails the check like a wrong secret. RFC 6749 §2.3.1 form-encodes both."""
    pair = basic_credentials(req.header("Authorization"))
    return None if pair is None else (unquote_plus(pair[0]), unquote_plus(pair[1]))


def _client(req: Request, form: dict[str, str]) -> tuple[str, tuple[str, str] | None]:
    """How the client authenticated (``basic``, ``body``, ``both``, ``none``) and with what."""
    basic = _basic_client(req)
    in_body = "client_secret" in form
    if basic and in_body:
        return "both", None
    if basic:
        return "basic", basic
    if in_body:
        return "body", (form.get("client_id", ""), form["client_secret"])
    return "none", None


def _refusal(req: Request, form: dict[str, str], style: str, client) -> Response | None:
    """The §5.2 error for this token request, or None when it is granted."""
    if style == "both":
        return _error(400, "invalid_request", "use one client authentication method, not two")
    creds = req.state.credentials
    if client is None or not (
        matches(client[0], creds.client_id) and matches(client[1], creds.client_secret)
    ):
        # §5.2: 401, with a challenge for the scheme the client tried (Basic by default).
        return _error(401, "invalid_client", "client authentication failed", f"Basic {_REALM}")
    grant = form.get("grant_type")
    if not grant:
        return _error(400, "invalid_request", "grant_type is required")
    if grant != "client_credentials":
        return _error(400, "unsupported_grant_type", f"grant_type {grant!r} is not supported")
    unknown = sorted(set(form.get("scope", "").split()) - SCOPES)
    if unknown:
        granted = " ".join(sorted(SCOPES))
        return _error(400, "invalid_scope", f"unknown scope {unknown[0]!r}; granted: {granted}")
    return None


def token(req: Request) -> Response:
    """``POST /oauth2/token`` (form) → ``{"access_token", "token_type", "expires_in"}``."""
    form = _form(req)
    if form is None:
        req.state.count_oauth2_request({"client_auth": "none", "fields": []})
        return _error(400, "invalid_request", f"the body must be {_FORM_TYPE}")
    style, client = _client(req, form)
    login = {"client_auth": style, "fields": sorted(form), "client_id": client and client[0]}
    login |= {"scope": form.get("scope"), "audience": form.get("audience")}
    req.state.count_oauth2_request(login)
    refusal = _refusal(req, form, style, client)
    if refusal is not None:
        return refusal
    access_token, ttl = req.state.issue_oauth2_token()
    answer = {"access_token": access_token, "token_type": "Bearer", "expires_in": ttl}
    if form.get("scope"):
        answer["scope"] = form["scope"]
    return json_response(answer, headers=[("Cache-Control", "no-store"), ("Pragma", "no-cache")])


def items(req: Request) -> Response:
    """``GET /oauth2/api/items`` with ``Authorization: Bearer <token>`` → items."""
    scheme, _, value = (req.header("Authorization") or "").partition(" ")
    if scheme.lower() != "bearer" or not value:
        return _error(401, "invalid_request", "no bearer token", f"Bearer {_REALM}")
    if not req.state.oauth2_token_is_valid(value):
        challenge = (
            f'Bearer {_REALM}, error="invalid_token", '
            'error_description="the access token is unknown or expired"'
        )
        return _error(401, "invalid_token", "the access token is unknown or expired", challenge)
    return json_response({"items": [data.paged_item(req.state.seed, n) for n in range(1, 6)]})
