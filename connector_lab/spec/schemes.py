"""Authentication schemes as the connector stores them (F-2): the scheme and its non-secret
settings, plus the fields an auth account must fill. The wire behaviour lives in ``wire/auth/``.

Each scheme is a pydantic model with a ``type`` tag, so a connector file says e.g.
``{"type": "api_key", "name": "X-API-Key", "location": "header"}``. Which model reads which
tag is :data:`SCHEMES`, looked up when a connector is validated, so a scheme a user adds
(``connector_lab.register_scheme``, or a package's ``connector_lab.schemes`` entry point) is
read and written like a built-in one.
"""

from __future__ import annotations

import re
import warnings
from dataclasses import dataclass
from importlib.metadata import entry_points
from typing import Annotated, Any, ClassVar, Literal

from pydantic import (
    Field,
    SerializeAsAny,
    ValidationInfo,
    WrapValidator,
    field_validator,
    model_validator,
)

from .base import SpecModel
from .limits import shown

DINGTALK_TOKEN_URL = "https://api.dingtalk.com/v1.0/oauth2/accessToken"
DINGTALK_LEGACY_TOKEN_URL = "https://oapi.dingtalk.com/gettoken"
OAUTH2_TOKEN_URL_EXAMPLE = "https://auth.example.com/oauth2/token"

# RFC 9110 token characters: what a header name may contain.
_HEADER_NAME = re.compile(r"^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$")


@dataclass(frozen=True)
class AccountField:
    """One value an auth account holds for a scheme: its key, the prompt and whether it is
    a secret (shown in a password field, masked everywhere)."""

    key: str
    label: str
    secret: bool


def check_header_name(value: str, field: str) -> str:
    if not _HEADER_NAME.match(value):
        raise ValueError(
            f"{shown(value)} is not a valid header name for {field}; use letters, digits and "
            "'-' only (e.g. 'X-API-Key')"
        )
    return value


class SchemeBase(SpecModel):
    """The base of every scheme's settings model: a subclass adds ``type: Literal["tag"] =
    "tag"``, the ``label`` / ``label_zh`` shown in the forms' auth-type list, its settings as
    fields (``title`` and ``description`` make the form rows) and :meth:`account_fields`."""

    label: ClassVar[str]
    label_zh: ClassVar[str]

    def account_fields(self) -> list[AccountField]:
        """The values an auth account for this scheme must hold, with their prompts."""
        return []


_Scheme = SchemeBase


class NoAuth(_Scheme):
    """No authentication (无身份验证); an account is still needed, with no values."""

    label: ClassVar[str] = "No authentication"
    label_zh: ClassVar[str] = "无身份验证"
    type: Literal["none"] = "none"


class BasicAuth(_Scheme):
    """HTTP basic authentication (基本身份验证)."""

    label: ClassVar[str] = "Basic authentication"
    label_zh: ClassVar[str] = "基本身份验证"
    type: Literal["basic"] = "basic"
    username_label: str = Field(
        "Username",
        title="Username prompt",
        description="What an auth account asks for as the username (e.g. employee number).",
    )
    password_label: str = Field(
        "Password",
        title="Password prompt",
        description="What an auth account asks for as the password.",
    )

    def account_fields(self) -> list[AccountField]:
        return [
            AccountField("username", self.username_label or "Username", secret=False),
            AccountField("password", self.password_label or "Password", secret=True),
        ]


class ApiKeyAuth(_Scheme):
    """An API key sent as a header or a query parameter (API 密钥)."""

    label: ClassVar[str] = "API key"
    label_zh: ClassVar[str] = "API 密钥"
    type: Literal["api_key"] = "api_key"
    key_label: str = Field(
        "API key", title="Key prompt", description="What an auth account asks for as the key."
    )
    # location comes before name: the name's check depends on it.
    location: Literal["header", "query"] = Field(
        "header",
        title="Sent in",
        description="Whether the key travels as a header or as a query parameter.",
    )
    name: str = Field(
        default="",
        validate_default=True,
        title="Parameter name",
        description="The header or query parameter that carries the key.",
    )

    @field_validator("name")
    @classmethod
    def _name_given(cls, value: str, info: ValidationInfo) -> str:
        if not value.strip():
            raise ValueError(
                "the API-key scheme needs the parameter name that carries the key "
                "(e.g. 'X-API-Key' for a header, 'api_key' for a query parameter)"
            )
        if info.data.get("location", "header") == "header":
            check_header_name(value.strip(), "the API-key header")
        return value.strip()

    def account_fields(self) -> list[AccountField]:
        return [AccountField("token", self.key_label or "API key", secret=True)]


class BearerAuth(_Scheme):
    """``Authorization: Bearer <token>``."""

    label: ClassVar[str] = "Bearer token"
    label_zh: ClassVar[str] = "Bearer 令牌"
    type: Literal["bearer"] = "bearer"
    token_label: str = Field(
        "Token", title="Token prompt", description="What an auth account asks for as the token."
    )

    def account_fields(self) -> list[AccountField]:
        return [AccountField("token", self.token_label or "Token", secret=True)]


class AliyunAppCodeAuth(_Scheme):
    """Aliyun API gateway, simple AppCode authentication (阿里云 API 网关)."""

    label: ClassVar[str] = "Aliyun API gateway (AppCode)"
    label_zh: ClassVar[str] = "阿里云 API 网关"
    type: Literal["aliyun_appcode"] = "aliyun_appcode"

    def account_fields(self) -> list[AccountField]:
        return [AccountField("app_code", "AppCode", secret=True)]


# Headers the gateway never takes into the signed-header block (they have lines of their own
# in the string to sign, or are the signature itself).
_ALIYUN_UNSIGNABLE = frozenset(
    {"x-ca-signature", "x-ca-signature-headers", "accept", "content-md5", "content-type", "date"}
)


class AliyunSignatureAuth(_Scheme):
    """Aliyun API gateway, digest signature mode (阿里云 API 网关 摘要签名): every request
    signed with AppKey and AppSecret (HMAC of method, content headers, X-Ca-* headers, path
    and sorted parameters; see ``wire/auth/aliyun_signature.py``)."""

    label: ClassVar[str] = "Aliyun API gateway signature"
    label_zh: ClassVar[str] = "阿里云 API 网关签名"
    type: Literal["aliyun_signature"] = "aliyun_signature"
    signature_method: Literal["HmacSHA256", "HmacSHA1"] = Field(
        "HmacSHA256",
        title="Signature method",
        description="The HMAC the gateway expects (X-Ca-Signature-Method).",
    )
    signed_headers: str = Field(
        "",
        title="Extra signed headers",
        description="Headers signed besides the X-Ca-* ones, comma-separated (e.g. X-Tenant).",
        json_schema_extra={"placeholder": "X-Tenant, X-Request-Id"},
    )
    stage: Literal["", "RELEASE", "PRE", "TEST"] = Field(
        "",
        title="Stage",
        description="The API's environment (X-Ca-Stage); empty sends none (RELEASE).",
    )

    @field_validator("signed_headers", mode="before")
    @classmethod
    def _header_list(cls, value: object) -> object:
        # A connector file may hold a list; the form edits one line of text.
        if isinstance(value, list | tuple):
            # Only names: str() of a deeply nested list would recurse without end.
            bad = [item for item in value if not isinstance(item, str)]
            if bad:
                raise ValueError(
                    f"{shown(bad[0])} is not a header name in auth.signed_headers; give names "
                    "such as ['X-Ca-Stage', 'X-Custom']"
                )
            value = ", ".join(value)
        if not isinstance(value, str):
            return value
        names = [name.strip() for name in value.split(",") if name.strip()]
        for name in names:
            check_header_name(name, "auth.signed_headers")
            if name.lower() in _ALIYUN_UNSIGNABLE:
                raise ValueError(
                    f"{shown(name)} cannot be listed in auth.signed_headers: it has a line of "
                    "its own in the string to sign (or is the signature); remove it"
                )
        return ", ".join(names)

    def header_names(self) -> list[str]:
        """The extra signed header names, lower case (as the string to sign spells them)."""
        return [name.strip().lower() for name in self.signed_headers.split(",") if name.strip()]

    def account_fields(self) -> list[AccountField]:
        return [
            AccountField("app_key", "AppKey", secret=False),
            AccountField("app_secret", "AppSecret", secret=True),
        ]


def _refresh_margin() -> Any:
    """The refresh margin of the token-fetching schemes (DingTalk, OAuth2): one definition."""
    return Field(
        default=300.0,
        ge=0,
        allow_inf_nan=False,
        title="Refresh margin (s)",
        description="How many seconds before it expires a cached token is fetched again.",
    )


def _check_url(value: str, field: str, example: str = DINGTALK_TOKEN_URL) -> str:
    if not re.match(r"^https?://[^/\s]+", value or ""):
        raise ValueError(
            f"{shown(value)} is not an absolute http(s) URL; give the full address of {field}, "
            f"e.g. {example!r}"
        )
    return value


class DingTalkAuth(_Scheme):
    """DingTalk open platform (钉钉开放平台验证): an access token fetched with App Key and
    App Secret, cached, and sent as ``x-acs-dingtalk-access-token`` (or, in the legacy style,
    as the ``access_token`` query parameter)."""

    label: ClassVar[str] = "DingTalk open platform"
    label_zh: ClassVar[str] = "钉钉开放平台验证"
    type: Literal["dingtalk"] = "dingtalk"
    token_url: str = Field(
        DINGTALK_TOKEN_URL,
        title="Token endpoint",
        description="Where the access token is fetched with App Key and App Secret.",
    )
    legacy: bool = Field(
        False,
        title="Legacy (access_token in query)",
        description="The old API style: the token goes in the access_token query parameter.",
    )
    refresh_margin: float = _refresh_margin()

    @field_validator("token_url")
    @classmethod
    def _token_url(cls, value: str) -> str:
        return _check_url(value, "the token endpoint (auth.token_url)")

    @model_validator(mode="after")
    def _default_endpoint_follows_style(self) -> DingTalkAuth:
        # Ticking "legacy" with the default endpoint means the legacy default endpoint (and
        # back); an endpoint the user typed is left alone.
        defaults = {True: DINGTALK_LEGACY_TOKEN_URL, False: DINGTALK_TOKEN_URL}
        if self.token_url == defaults[not self.legacy]:
            object.__setattr__(self, "token_url", defaults[self.legacy])
        return self

    def account_fields(self) -> list[AccountField]:
        return [
            AccountField("app_key", "App Key", secret=False),
            AccountField("app_secret", "App Secret", secret=True),
        ]


class DingTalkZeroTrustAuth(_Scheme):
    """DingTalk zero-trust gateway (钉钉零信任网关): every request HMAC-signed.

    The wire protocol is not public; the signer assumes the HMAC gateway signature documented
    for DingTalk's dedicated open-platform gateway (see ``auth/zero_trust.py``).
    """

    label: ClassVar[str] = "DingTalk zero-trust gateway"
    label_zh: ClassVar[str] = "钉钉零信任网关"
    type: Literal["dingtalk_zero_trust"] = "dingtalk_zero_trust"
    api_key_header: str = Field(
        "apiKey", title="App Key header", description="The header that carries the App Key."
    )
    version: str = Field(
        "1.0", title="Signature version", description="The gateway's signature version."
    )
    # A name, not a function, so the choice is saved with the connector; the functions are
    # registered on the wire side (connector_lab.register_signer).
    signer: str = Field(
        "hmac_gateway",
        title="Signer",
        description="The registered signer that signs each request (default: hmac_gateway).",
    )

    @field_validator("api_key_header")
    @classmethod
    def _header(cls, value: str) -> str:
        return check_header_name(value, "auth.api_key_header")

    def account_fields(self) -> list[AccountField]:
        return [
            AccountField("app_key", "App Key", secret=False),
            AccountField("app_secret", "App Secret", secret=True),
        ]


class OAuth2ClientCredentialsAuth(SchemeBase):
    """OAuth2 client credentials (RFC 6749 §4.4, OAuth2 客户端凭据): an access token fetched
    from the token endpoint with the client id and secret, cached, and sent as
    ``Authorization: Bearer <token>``."""

    label: ClassVar[str] = "OAuth2 client credentials"
    label_zh: ClassVar[str] = "OAuth2 客户端凭据"
    type: Literal["oauth2_client_credentials"] = "oauth2_client_credentials"
    token_url: str = Field(
        default="",
        validate_default=True,
        title="Token endpoint",
        description="Where the access token is fetched (the authorization server's token URL).",
    )
    client_auth: Literal["body", "basic"] = Field(
        "body",
        title="Client authentication",
        description="Send the client id and secret in the form body or as HTTP basic.",
    )
    scope: str = Field(
        "", title="Scope", description="Space-separated scopes to ask for (empty: none)."
    )
    audience: str = Field(
        "",
        title="Audience",
        description="The API the token is for, when the server asks for one (empty: none).",
    )
    refresh_margin: float = _refresh_margin()

    @field_validator("token_url")
    @classmethod
    def _token_url(cls, value: str) -> str:
        return _check_url(value, "the token endpoint (auth.token_url)", OAUTH2_TOKEN_URL_EXAMPLE)

    def account_fields(self) -> list[AccountField]:
        return [
            AccountField("client_id", "Client ID", secret=False),
            AccountField("client_secret", "Client secret", secret=True),
        ]


#: Every scheme class by its ``type`` tag, in the order a form lists them; a registered
#: scheme is added at the end.
SCHEMES: dict[str, type[SchemeBase]] = {
    cls.model_fields["type"].default: cls
    for cls in (
        NoAuth,
        BasicAuth,
        ApiKeyAuth,
        AliyunAppCodeAuth,
        AliyunSignatureAuth,
        DingTalkAuth,
        DingTalkZeroTrustAuth,
        OAuth2ClientCredentialsAuth,
        BearerAuth,
    )
}

_PLUGIN_GROUP = "connector_lab.schemes"
_plugins_loaded = False


def load_scheme_plugins() -> None:
    """Load the ``connector_lab.schemes`` entry points of installed packages, once: each
    names a function run with no arguments (or a module imported) that registers schemes.
    A plugin that fails is reported as a warning, so one broken package cannot stop every
    connector from loading."""
    global _plugins_loaded
    if _plugins_loaded:
        return
    _plugins_loaded = True  # first: a plugin importing connector_lab must not recurse here
    for point in entry_points(group=_PLUGIN_GROUP):
        try:
            loaded = point.load()
            if callable(loaded) and not isinstance(loaded, type):
                loaded()
        except Exception as exc:  # any failure of a plugin is that plugin's
            warnings.warn(
                f"auth scheme plugin {point.name!r} ({point.value}) failed to load: "
                f"{type(exc).__name__}: {exc}",
                stacklevel=2,
            )


def scheme_class(scheme_type: Any) -> type[SchemeBase]:
    """The settings model of ``scheme_type``; a ValueError lists the known types."""
    if isinstance(scheme_type, str) and scheme_type not in SCHEMES:
        load_scheme_plugins()
    cls = SCHEMES.get(scheme_type) if isinstance(scheme_type, str) else None
    if cls is None:
        raise ValueError(
            f"{shown(scheme_type)} is not a known auth scheme type; known: "
            f"{', '.join(SCHEMES)} (a new one is added with connector_lab.register_scheme)"
        )
    return cls


def _by_type(value: Any, handler: Any) -> SchemeBase:
    # The union of schemes is not fixed (users register more), so the tag is looked up in
    # SCHEMES at validation time instead of in a static discriminated union.
    if isinstance(value, SchemeBase):
        return value
    if not isinstance(value, dict):
        raise ValueError(
            f"{shown(value)} is not an auth scheme; give a mapping with its 'type' "
            f"(one of {', '.join(SCHEMES)})"
        )
    if "type" not in value:
        raise ValueError(f"an auth scheme needs a 'type'; one of {', '.join(SCHEMES)}")
    return scheme_class(value["type"]).model_validate(value)


#: A connector's ``auth`` field: any scheme in :data:`SCHEMES`, written with all its fields.
AuthScheme = Annotated[SerializeAsAny[SchemeBase], WrapValidator(_by_type)]
