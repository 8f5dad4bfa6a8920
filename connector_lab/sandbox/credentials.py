"""The credentials the sandbox accepts, and the public demo values.

Every protected endpoint checks against the :class:`SandboxCredentials` the server was started
with (``api.credentials``), never against literals, so tests can start a sandbox with canary
values and prove a client sends exactly what it was given. The repr masks every secret so a
handle printed in a notebook or a failing assertion never shows one.
"""

from __future__ import annotations

import base64
import binascii
import hmac
from dataclasses import dataclass, fields

__all__ = ["DEMO_CREDENTIALS", "SECRET_FIELDS", "SandboxCredentials", "matches"]

#: Fields whose values are secrets: masked in reprs, never echoed in server messages.
SECRET_FIELDS = frozenset(
    {"app_secret", "password", "api_key", "app_code", "aliyun_app_secret", "client_secret"}
)

_MASK = "***"


@dataclass(frozen=True, repr=False)
class SandboxCredentials:
    """The values the sandbox's protected endpoints accept.

    >>> SandboxCredentials("k", "s", "u", "p", "key", "code", "ak", "as", "cid", "cs")
    SandboxCredentials(app_key='k', app_secret='***', username='u', password='***', \
api_key='***', app_code='***', aliyun_app_key='ak', aliyun_app_secret='***', \
client_id='cid', client_secret='***')
    """

    app_key: str  # DingTalk App Key (also the zero-trust gateway's apiKey header)
    app_secret: str  # DingTalk App Secret (token endpoint, HMAC key of the zero-trust gateway)
    username: str  # HTTP Basic user name
    password: str  # HTTP Basic password
    api_key: str  # value of the X-API-Key header / api_key query parameter
    app_code: str  # Aliyun API gateway AppCode
    # Aliyun API gateway signature mode (/aliyun/signed/...): AppKey and its HMAC AppSecret.
    # Defaults keep the six-value form working; tests with canaries set them.
    aliyun_app_key: str = "demo-aliyun-app-key"
    aliyun_app_secret: str = "demo-aliyun-app-secret"
    # OAuth2 client credentials (token endpoint /oauth2/token). Defaults, so that code
    # written before the scheme existed still constructs credentials.
    client_id: str = "demo-client-id"
    client_secret: str = "demo-client-secret"

    def __post_init__(self) -> None:
        for f in fields(self):
            value = getattr(self, f.name)
            # The message names the field only: the value may be a secret.
            if not isinstance(value, str) or not value:
                raise ValueError(f"SandboxCredentials.{f.name} must be a non-empty string")

    def __repr__(self) -> str:
        parts = ", ".join(
            f"{f.name}={_MASK if f.name in SECRET_FIELDS else getattr(self, f.name)!r}"
            for f in fields(self)
        )
        return f"{type(self).__name__}({parts})"


def matches(given: object, expected: str) -> bool:
    """Whether a value a client sent equals a credential, compared in constant time.

    The sandbox is read as a model of a real server, so it checks the way one should.
    """
    return isinstance(given, str) and hmac.compare_digest(given.encode(), expected.encode())


def basic_credentials(authorization: str | None) -> tuple[str, str] | None:
    """``(user, password)`` of an ``Authorization: Basic …`` header value; None when the
    header is absent or of another scheme. A Basic header that cannot be read (bad base64,
    not UTF-8, no ``:``) gives ``("", "")``: sent, but matching no credentials."""
    scheme, _, encoded = (authorization or "").partition(" ")
    if scheme.lower() != "basic":
        return None
    try:
        decoded = base64.b64decode(encoded.strip(), validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError):
        return ("", "")
    user, sep, password = decoded.partition(":")
    return (user, password) if sep else ("", "")


#: Public demo values: printed by the CLI and used by the notebooks; not secrets anywhere.
DEMO_CREDENTIALS = SandboxCredentials(
    app_key="demo-app-key",
    app_secret="demo-app-secret",
    username="demo",
    password="demo-password",
    api_key="demo-api-key",
    app_code="demo-appcode",
    aliyun_app_key="demo-aliyun-app-key",
    aliyun_app_secret="demo-aliyun-app-secret",
    client_id="demo-client-id",
    client_secret="demo-client-secret",
)
