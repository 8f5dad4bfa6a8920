"""Authentication on the wire (spec F-2): one ``requests.auth.AuthBase`` per scheme family.

:func:`credentials_for` turns a connector's scheme and an auth account into the applier that
the client passes to requests; it runs last, after the body is built, so signing schemes see
the final request.
"""

from __future__ import annotations

import requests

from ...spec.accounts import AuthAccount
from ...spec.schemes import (
    AliyunAppCodeAuth,
    ApiKeyAuth,
    BasicAuth,
    BearerAuth,
    DingTalkAuth,
    DingTalkZeroTrustAuth,
    NoAuth,
)
from .base import CredentialAuth
from .dingtalk import DingTalkCredentials
from .simple import (
    ApiKeyCredentials,
    AppCodeCredentials,
    BasicCredentials,
    BearerCredentials,
    NoCredentials,
)
from .tokens import DEFAULT_TOKEN_CACHE, TokenCache
from .zero_trust import ZeroTrustCredentials, hmac_gateway_signer, string_to_sign

__all__ = [
    "DEFAULT_TOKEN_CACHE",
    "ApiKeyCredentials",
    "AppCodeCredentials",
    "BasicCredentials",
    "BearerCredentials",
    "CredentialAuth",
    "DingTalkCredentials",
    "NoCredentials",
    "TokenCache",
    "ZeroTrustCredentials",
    "credentials_for",
    "hmac_gateway_signer",
    "string_to_sign",
]


def credentials_for(
    scheme: object,
    account: AuthAccount,
    *,
    session: requests.Session,
    token_cache: TokenCache | None = None,
    timeout: float = 30.0,
) -> CredentialAuth:
    """The credential applier for ``scheme`` with ``account``'s values (checked first)."""
    account.check_for(scheme)
    secret_keys = [field.key for field in scheme.account_fields() if field.secret]
    if isinstance(scheme, NoAuth):
        return NoCredentials(account)
    if isinstance(scheme, BasicAuth):
        return BasicCredentials(account, secret_keys)
    if isinstance(scheme, ApiKeyAuth):
        return ApiKeyCredentials(account, scheme, secret_keys)
    if isinstance(scheme, BearerAuth):
        return BearerCredentials(account, secret_keys)
    if isinstance(scheme, AliyunAppCodeAuth):
        return AppCodeCredentials(account, secret_keys)
    if isinstance(scheme, DingTalkAuth):
        return DingTalkCredentials(
            account, scheme, secret_keys, session=session, cache=token_cache, timeout=timeout
        )
    if isinstance(scheme, DingTalkZeroTrustAuth):
        return ZeroTrustCredentials(account, scheme, secret_keys)
    raise TypeError(f"unknown auth scheme {scheme!r}")
