"""Authentication on the wire (spec F-2): one ``requests.auth.AuthBase`` per scheme family.

:func:`credentials_for` turns a connector's scheme and an auth account into the applier that
the client passes to requests; it runs last, after the body is built, so signing schemes see
the final request. Which applier serves which scheme ``type`` is a registry
(:func:`register_credentials`; a whole scheme with :func:`register_scheme`); importing this
package registers the built-in ones and then loads the installed packages' scheme plugins.
"""

from __future__ import annotations

from ...spec.schemes import load_scheme_plugins
from .aliyun_signature import AliyunSignatureCredentials
from .base import CredentialAuth
from .dingtalk import DingTalkCredentials, DingTalkLegacyCredentials
from .oauth2 import OAuth2ClientCredentials
from .registry import credentials_class, credentials_for, register_credentials, register_scheme
from .simple import (
    ApiKeyCredentials,
    AppCodeCredentials,
    BasicCredentials,
    BearerCredentials,
    NoCredentials,
)
from .token_flow import TokenCredentials
from .tokens import DEFAULT_TOKEN_CACHE, TokenCache
from .zero_trust import (
    ZeroTrustCredentials,
    hmac_gateway_signer,
    register_signer,
    signer_named,
    string_to_sign,
)

__all__ = [
    "DEFAULT_TOKEN_CACHE",
    "AliyunSignatureCredentials",
    "ApiKeyCredentials",
    "AppCodeCredentials",
    "BasicCredentials",
    "BearerCredentials",
    "CredentialAuth",
    "DingTalkCredentials",
    "DingTalkLegacyCredentials",
    "NoCredentials",
    "OAuth2ClientCredentials",
    "TokenCache",
    "TokenCredentials",
    "ZeroTrustCredentials",
    "credentials_class",
    "credentials_for",
    "hmac_gateway_signer",
    "register_credentials",
    "register_scheme",
    "register_signer",
    "signer_named",
    "string_to_sign",
]

# After the built-in ones, so a plugin may replace one of them.
load_scheme_plugins()
