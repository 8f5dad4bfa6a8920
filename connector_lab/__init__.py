"""connector_lab — define, credential, test and harvest HTTP API connectors.

The engine package. It never imports ipywidgets: the forms live in ``connector_lab.widgets``
(the top-level ``widgets/`` folder) and sit on top of it. Everything public is re-exported
here explicitly; ``tests/test_public_api.py`` pins the list.
"""

from ._version import __version__
from .accounts import AuthAccount
from .auth import TokenCache
from .check import ResponseCheck, check_response
from .client import Client
from .errors import (
    AuthError,
    ConflictError,
    ConnectorLabError,
    ExportError,
    FlattenError,
    HTTPStatusError,
    LoadError,
    ParameterError,
    RequestTimeout,
    ResponseParseError,
    SpecError,
    StoreError,
    TransportError,
)
from .export import export, to_csv, to_duckdb, to_excel, to_jsonl, to_parquet, to_sqlite
from .flatten import explode, flatten, to_tables
from .records import RecordSelection, select_records
from .redact import Redactor
from .request import RequestPlan, RunContext, build_request
from .result import Result, SentRequest
from .schema import SchemaNode, body_params, infer_schema, response_fields, to_json_schema
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
from .spec import Action, Connector, Param, ResponseField
from .store import Workspace

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
    "ConflictError",
    "Connector",
    "ConnectorLabError",
    "DingTalkAuth",
    "DingTalkZeroTrustAuth",
    "ExportError",
    "FlattenError",
    "HTTPStatusError",
    "LoadError",
    "NoAuth",
    "Param",
    "ParameterError",
    "RecordSelection",
    "Redactor",
    "RequestPlan",
    "RequestTimeout",
    "ResponseCheck",
    "ResponseField",
    "ResponseParseError",
    "Result",
    "RunContext",
    "SchemaNode",
    "SentRequest",
    "SpecError",
    "StoreError",
    "TokenCache",
    "TransportError",
    "Workspace",
    "__version__",
    "body_params",
    "build_request",
    "check_response",
    "explode",
    "export",
    "flatten",
    "infer_schema",
    "response_fields",
    "select_records",
    "to_csv",
    "to_duckdb",
    "to_excel",
    "to_json_schema",
    "to_jsonl",
    "to_parquet",
    "to_sqlite",
    "to_tables",
]
