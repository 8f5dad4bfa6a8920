"""DingTalk zero-trust gateway (钉钉零信任网关): every request HMAC-signed.

ASSUMED PROTOCOL — the gateway's wire format is not public. This signs the way DingTalk's
dedicated open-platform gateway documents its HMAC signature (spec F-2)::

    X-Hmac-Auth-Timestamp  2024-05-01T12:00:00.123+08:00   ISO-8601, milliseconds, offset
    X-Hmac-Auth-Version    1.0
    X-Hmac-Auth-Nonce      a fresh random value per request
    apiKey                 the App Key
    X-Hmac-Auth-Signature  base64(HMAC-SHA256(App Secret, string to sign))

    string to sign = METHOD \\n timestamp \\n nonce \\n path [\\n sorted k=v&k=v of the query]

Everything protocol-specific is in :func:`hmac_gateway_signer`; a deployment that differs
registers its own signer (same signature) with :func:`register_signer` and names it in the
scheme's ``signer`` setting, so the choice is saved with the connector.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import uuid
from collections.abc import Callable, Iterable
from datetime import datetime, timezone
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import requests

from ...errors import SpecError
from ...spec.accounts import AuthAccount
from ...spec.schemes import DingTalkZeroTrustAuth
from .base import CredentialAuth
from .registry import register_credentials

#: (method, url, app_key, app_secret, scheme) -> headers to add
Signer = Callable[[str, str, str, str, DingTalkZeroTrustAuth], dict[str, str]]


def string_to_sign(method: str, timestamp: str, nonce: str, path: str, query: str) -> str:
    """The text that is signed; ``query`` is the raw query string (may be empty)."""
    text = f"{method.upper()}\n{timestamp}\n{nonce}\n{path}"
    pairs = sorted(parse_qsl(query, keep_blank_values=True))
    if pairs:
        text += "\n" + "&".join(f"{key}={value}" for key, value in pairs)
    return text


def timestamp_now() -> str:
    """Local time as ISO-8601 with milliseconds and offset, e.g. 2024-05-01T12:00:00.123+08:00."""
    return datetime.now(timezone.utc).astimezone().isoformat(timespec="milliseconds")


def hmac_gateway_signer(
    method: str, url: str, app_key: str, app_secret: str, scheme: DingTalkZeroTrustAuth
) -> dict[str, str]:
    """The assumed zero-trust signature: the headers to add to one request."""
    parts = urlsplit(url)
    timestamp, nonce = timestamp_now(), uuid.uuid4().hex
    text = string_to_sign(method, timestamp, nonce, parts.path or "/", parts.query)
    digest = hmac.new(app_secret.encode(), text.encode(), hashlib.sha256).digest()
    return {
        "X-Hmac-Auth-Timestamp": timestamp,
        "X-Hmac-Auth-Version": scheme.version,
        "X-Hmac-Auth-Nonce": nonce,
        scheme.api_key_header: app_key,
        "X-Hmac-Auth-Signature": base64.b64encode(digest).decode("ascii"),
    }


_SIGNERS: dict[str, Signer] = {"hmac_gateway": hmac_gateway_signer}


def register_signer(name: str, signer: Signer) -> Signer:
    """Make ``signer`` available as ``name`` for the zero-trust scheme's ``signer`` setting
    (replacing any earlier one of that name). Returns ``signer``."""
    if not isinstance(name, str) or not name.strip() or not callable(signer):
        raise SpecError(
            [("signer", "register a signer with a non-empty name and a function")],
            title="cannot register the signer",
        )
    _SIGNERS[name.strip()] = signer
    return signer


def signer_named(name: str) -> Signer:
    """The registered signer ``name``; a SpecError lists the known ones."""
    signer = _SIGNERS.get(name)
    if signer is None:
        raise SpecError(
            [
                (
                    "auth.signer",
                    f"{name!r} is not a registered signer; known: {', '.join(sorted(_SIGNERS))} "
                    "(add one with connector_lab.register_signer)",
                )
            ]
        )
    return signer


@register_credentials("dingtalk_zero_trust")
class ZeroTrustCredentials(CredentialAuth):
    """Signs each request with ``signer`` (by default :func:`hmac_gateway_signer`)."""

    credential_headers = frozenset({"x-hmac-auth-signature"})

    def __init__(
        self,
        account: AuthAccount,
        scheme: DingTalkZeroTrustAuth,
        secret_keys: Iterable[str] = ("app_secret",),
        signer: Signer = hmac_gateway_signer,
    ):
        super().__init__(account, secret_keys)
        self.scheme = scheme
        self.signer = signer
        # The signature is only valid for this server, but the App Key header travels with it.
        self.credential_headers = frozenset(
            {
                "x-hmac-auth-signature",
                "x-hmac-auth-nonce",
                "x-hmac-auth-timestamp",
                "x-hmac-auth-version",
                scheme.api_key_header.lower(),
            }
        )

    @classmethod
    def from_scheme(
        cls,
        account: AuthAccount,
        scheme: DingTalkZeroTrustAuth,
        secret_keys: Iterable[str],
        **_: Any,
    ) -> ZeroTrustCredentials:
        return cls(account, scheme, secret_keys, signer=signer_named(scheme.signer))

    def __call__(self, r: requests.PreparedRequest) -> requests.PreparedRequest:
        headers = self.signer(
            r.method or "GET",
            r.url or "",
            self.header_value("app_key"),  # it travels in a header as it is
            self.account.resolve("app_secret"),
            self.scheme,
        )
        r.headers.update(headers)
        return r
