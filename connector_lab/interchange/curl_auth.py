"""Credentials in a cURL command, recognised: which auth scheme they mean and the account
values that go with it. Nothing here keeps a value anywhere but the returned account values.

- ``Authorization: Basic …`` and ``-u user:pass`` (or ``user:pass@`` in the URL) → basic;
- ``Authorization: Bearer …`` and ``--oauth2-bearer`` → bearer;
- ``Authorization: APPCODE …`` → the Aliyun API gateway scheme;
- any other ``Authorization`` value → an API key in the ``Authorization`` header (the whole
  value is the key, e.g. GitHub's ``token …``);
- API-key headers (``X-API-Key``, ``api-key``, ``apikey``, ``x-api-token``, …) and query
  names (``api_key``, ``apikey``, ``key``, ``access_token``, ``token``) → an API key;
- ``x-acs-dingtalk-access-token`` (and ``access_token`` on ``oapi.dingtalk.com``) → the
  DingTalk scheme, whose token is fetched with App Key and App Secret: no account.

A value that is only a shell variable (``$TOKEN``, ``${TOKEN}``) becomes an ``env:TOKEN``
reference, so a command from the docs imports without a secret in it.
"""

from __future__ import annotations

import base64
import binascii
import re
from dataclasses import dataclass, field
from typing import Any

from ..spec.schemes import AliyunAppCodeAuth, ApiKeyAuth, BasicAuth, BearerAuth, DingTalkAuth

_SHELL_VARIABLE = re.compile(r"^\$(?:\{([A-Za-z_]\w*)\}|([A-Za-z_]\w*))$")
_KEY_HEADERS = frozenset(
    {
        "x-api-key",
        "api-key",
        "apikey",
        "x-apikey",
        "x-api-token",
        "api-token",
        "x-auth-token",
        "x-access-token",
        "x-token",
        "private-token",
        "x-goog-api-key",
        "ocp-apim-subscription-key",
        "x-rapidapi-key",
        "x-figma-token",
    }
)
_KEY_QUERY = frozenset({"api_key", "apikey", "api-key", "apiKey", "key", "access_token", "token"})
DINGTALK_HEADER = "x-acs-dingtalk-access-token"


@dataclass
class Credential:
    """A recognised credential: the scheme, the account values (None: no account can be
    made from the command) and a note for the report."""

    scheme: Any
    values: dict[str, str] | None = field(default_factory=dict)
    note: str = ""


def secret_value(value: str) -> str:
    """``$NAME`` / ``${NAME}`` → ``env:NAME``; anything else as given."""
    match = _SHELL_VARIABLE.match(value.strip())
    return f"env:{match.group(1) or match.group(2)}" if match else value


def from_user(user: str) -> Credential:
    """``-u user:password`` (a missing ``:password`` is what curl would prompt for)."""
    name, sep, password = user.partition(":")
    note = "" if sep else "-u gives no password (curl would ask for it); fill it in the account"
    return Credential(
        BasicAuth(), {"username": secret_value(name), "password": secret_value(password)}, note
    )


def from_authorization(value: str) -> Credential:
    scheme, _, rest = value.strip().partition(" ")
    rest = rest.strip()
    if scheme.lower() == "basic" and rest:
        try:
            decoded = base64.b64decode(rest, validate=True).decode("utf-8")
        except (binascii.Error, UnicodeDecodeError):
            decoded = None
        if decoded is not None and ":" in decoded:
            return from_user(decoded)
    if scheme.lower() == "bearer" and rest:
        return Credential(BearerAuth(), {"token": secret_value(rest)})
    if scheme == "APPCODE" and rest:
        return Credential(AliyunAppCodeAuth(), {"app_code": secret_value(rest)})
    return Credential(
        ApiKeyAuth(name="Authorization", location="header"),
        {"token": secret_value(value.strip())},
        "the Authorization header has no scheme the connector knows; its whole value is "
        "kept as an API key sent in the Authorization header",
    )


def from_header(name: str, value: str) -> Credential | None:
    """The credential a header carries, or None for an ordinary header."""
    lower = name.lower()
    if lower == "authorization":
        return from_authorization(value)
    if lower == DINGTALK_HEADER:
        return dingtalk(legacy=False)
    if lower in _KEY_HEADERS:
        return Credential(ApiKeyAuth(name=name, location="header"), {"token": secret_value(value)})
    return None


def from_query(name: str, value: str, host: str) -> Credential | None:
    """The credential a query parameter carries, or None."""
    if name == "access_token" and host.split(":")[0].endswith("oapi.dingtalk.com"):
        return dingtalk(legacy=True)
    if name in _KEY_QUERY:
        return Credential(ApiKeyAuth(name=name, location="query"), {"token": secret_value(value)})
    return None


def dingtalk(*, legacy: bool) -> Credential:
    return Credential(
        DingTalkAuth(legacy=legacy),
        None,
        "DingTalk access tokens expire; the connector fetches them with an App Key and App "
        "Secret, which the command does not hold — add an account with both",
    )
