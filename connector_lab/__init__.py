"""connector_lab — define, credential, test and harvest HTTP API connectors.

The engine package. It never imports ipywidgets: the forms live in ``connector_lab.widgets``
(the top-level ``widgets/`` folder) and sit on top of it. Everything public is re-exported
here explicitly; ``tests/test_public_api.py`` pins the list.
"""

from ._version import __version__
from .accounts import AuthAccount
from .auth import TokenCache
from .client import Client
from .errors import (
    AuthError,
    ConnectorLabError,
    HTTPStatusError,
    ParameterError,
    RequestTimeout,
    ResponseParseError,
    SpecError,
    TransportError,
)
from .redact import Redactor
from .request import RequestPlan, RunContext, build_request
from .result import Result, SentRequest
from .schemes import (
    SCHEMES,
    AccountField,
    AliyunAppCodeAuth,
    ApiKeyAuth,
    BasicAuth,
    BearerAuth,
    DingTalkAuth,
    DingTalkZeroTrustAuth,
    NoAuth,
)
from .spec import Action, Connector, Param

__all__ = [
    "SCHEMES",
    "AccountField",
    "Action",
    "AliyunAppCodeAuth",
    "ApiKeyAuth",
    "AuthAccount",
    "AuthError",
    "BasicAuth",
    "BearerAuth",
    "Client",
    "Connector",
    "ConnectorLabError",
    "DingTalkAuth",
    "DingTalkZeroTrustAuth",
    "HTTPStatusError",
    "NoAuth",
    "Param",
    "ParameterError",
    "Redactor",
    "RequestPlan",
    "RequestTimeout",
    "ResponseParseError",
    "Result",
    "RunContext",
    "SentRequest",
    "SpecError",
    "TokenCache",
    "TransportError",
    "__version__",
    "build_request",
]
