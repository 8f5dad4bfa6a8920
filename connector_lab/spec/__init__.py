"""Stage 1 — the definition: validated models of a connector, its actions, parameters, auth
schemes and auth accounts (spec F-1 … F-4), the parameter types, the vocabulary the forms
offer, and samples turned into body parameters and expected-response fields.

Pure data and rules: nothing here sends a request or imports pandas.
"""

from .accounts import AuthAccount
from .actions import Action
from .connectors import Connector
from .hosts import check_host
from .pagination import PAGINATION_STYLES, Pagination
from .params import Param, ResponseField
from .policies import RateLimit, RetryPolicy, Timeouts
from .samples import SchemaNode, body_params, infer_schema, response_fields, to_json_schema
from .schemes import (
    SCHEMES,
    AccountField,
    AliyunAppCodeAuth,
    AliyunSignatureAuth,
    ApiKeyAuth,
    AuthScheme,
    BasicAuth,
    BearerAuth,
    DingTalkAuth,
    DingTalkZeroTrustAuth,
    NoAuth,
    OAuth2ClientCredentialsAuth,
    SchemeBase,
    load_scheme_plugins,
)
from .types import convert
from .vocabulary import (
    BODY_STYLES,
    BODYLESS_METHODS,
    LOCATIONS,
    METHODS,
    PARAM_TYPES,
    SOURCES,
    SYSTEM_FIELDS,
    placeholders,
)

__all__ = [
    "BODYLESS_METHODS",
    "BODY_STYLES",
    "LOCATIONS",
    "METHODS",
    "PAGINATION_STYLES",
    "PARAM_TYPES",
    "SCHEMES",
    "SOURCES",
    "SYSTEM_FIELDS",
    "AccountField",
    "Action",
    "AliyunAppCodeAuth",
    "AliyunSignatureAuth",
    "ApiKeyAuth",
    "AuthAccount",
    "AuthScheme",
    "BasicAuth",
    "BearerAuth",
    "Connector",
    "DingTalkAuth",
    "DingTalkZeroTrustAuth",
    "NoAuth",
    "OAuth2ClientCredentialsAuth",
    "Pagination",
    "Param",
    "RateLimit",
    "ResponseField",
    "RetryPolicy",
    "SchemaNode",
    "SchemeBase",
    "Timeouts",
    "body_params",
    "check_host",
    "convert",
    "infer_schema",
    "load_scheme_plugins",
    "placeholders",
    "response_fields",
    "to_json_schema",
]
