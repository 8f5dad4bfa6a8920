"""connector_lab — define, credential, test and harvest HTTP API connectors.

The engine, arranged by the stage a request goes through::

    spec/     the definition: connector, actions, parameters, auth schemes, accounts
    wire/     request building, auth on the wire, the credential-safe session, Result
    tables/   records, flattening, child tables, the expected-response check, file export
    store/    the workspace: connectors and accounts on disk, migrations, atomic writes,
              the run history
    harvest/  many requests for one job: every page of a list (styles, detection, stop rules,
              concurrency), into one table or a streamed file, and batch runs over a
              table of inputs
    interchange/  connectors in from cURL, OpenAPI and Postman; out to cURL, Python,
              OpenAPI, Postman and dlt
    sandbox/  the bundled demo API

Imports point one way — spec ← wire ← tables / store ← harvest ← interchange — and the
engine never imports ipywidgets (the forms live in ``connector_lab.widgets``). Everything
public is re-exported here and pinned by ``tests/test_public_api.py``. Names are loaded on
first use (PEP 562), so ``import connector_lab.spec`` does not pay for pandas and pyarrow.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from ._version import __version__
from .errors import (
    AuthError,
    BlockedAddressError,
    ColumnNameWarning,
    ConflictError,
    ConnectorLabError,
    ExportError,
    ExportWarning,
    FlattenError,
    HTTPStatusError,
    ImportFormatError,
    LoadError,
    PaginationError,
    PaginationLoopError,
    ParameterError,
    RequestTimeout,
    ResponseParseError,
    ResponseTooLarge,
    SpecError,
    StoreError,
    TransportError,
)

#: Where each lazily loaded public name lives.
_LAZY: dict[str, str] = {
    **dict.fromkeys(
        (
            "SCHEMES",
            "AccountField",
            "Action",
            "AliyunAppCodeAuth",
            "AliyunSignatureAuth",
            "ApiKeyAuth",
            "AuthAccount",
            "BasicAuth",
            "BearerAuth",
            "Connector",
            "DingTalkAuth",
            "DingTalkZeroTrustAuth",
            "NoAuth",
            "OAuth2ClientCredentialsAuth",
            "Pagination",
            "SchemeBase",
            "Param",
            "RateLimit",
            "ResponseField",
            "RetryPolicy",
            "SchemaNode",
            "SchemeBase",
            "Timeouts",
            "body_params",
            "infer_schema",
            "response_fields",
            "to_json_schema",
        ),
        "spec",
    ),
    **dict.fromkeys(
        (
            "Attempt",
            "Client",
            "CredentialAuth",
            "NetworkPolicy",
            "Redactor",
            "RequestPlan",
            "Result",
            "RunContext",
            "SentRequest",
            "TokenCache",
            "build_request",
            "register_scheme",
            "register_signer",
            "register_scheme",
            "register_signer",
        ),
        "wire",
    ),
    **dict.fromkeys(
        (
            "RecordSelection",
            "ResponseCheck",
            "check_response",
            "explode",
            "export",
            "flatten",
            "select_records",
            "to_csv",
            "to_duckdb",
            "to_excel",
            "to_jsonl",
            "to_parquet",
            "to_sqlite",
            "to_tables",
            "unescape_cells",
        ),
        "tables",
    ),
    **dict.fromkeys(("LoadReport", "RunHistory", "Workspace"), "store"),
    **dict.fromkeys(("BatchOutcome", "HarvestReport", "PageInfo", "detect_pagination"), "harvest"),
    **dict.fromkeys(
        (
            "ImportReport",
            "from_curl",
            "from_openapi",
            "from_postman",
            "to_curl_commands",
            "to_dlt",
            "to_openapi",
            "to_postman",
            "to_python",
        ),
        "interchange",
    ),
}

if TYPE_CHECKING:
    from .harvest import BatchOutcome, HarvestReport, PageInfo, detect_pagination
    from .interchange import (
        ImportReport,
        from_curl,
        from_openapi,
        from_postman,
        to_curl_commands,
        to_dlt,
        to_openapi,
        to_postman,
        to_python,
    )
    from .spec import (
        SCHEMES,
        AccountField,
        Action,
        AliyunAppCodeAuth,
        AliyunSignatureAuth,
        ApiKeyAuth,
        AuthAccount,
        BasicAuth,
        BearerAuth,
        Connector,
        DingTalkAuth,
        DingTalkZeroTrustAuth,
        NoAuth,
        OAuth2ClientCredentialsAuth,
        Pagination,
        Param,
        RateLimit,
        ResponseField,
        RetryPolicy,
        SchemaNode,
        SchemeBase,
        Timeouts,
        body_params,
        infer_schema,
        response_fields,
        to_json_schema,
    )
    from .store import LoadReport, RunHistory, Workspace
    from .tables import (
        RecordSelection,
        ResponseCheck,
        check_response,
        explode,
        export,
        flatten,
        select_records,
        to_csv,
        to_duckdb,
        to_excel,
        to_jsonl,
        to_parquet,
        to_sqlite,
        to_tables,
        unescape_cells,
    )
    from .wire import (
        Attempt,
        Client,
        CredentialAuth,
        NetworkPolicy,
        Redactor,
        RequestPlan,
        Result,
        RunContext,
        SentRequest,
        TokenCache,
        build_request,
        register_scheme,
        register_signer,
    )


def __getattr__(name: str) -> Any:
    stage = _LAZY.get(name)
    if stage is None:
        raise AttributeError(f"module 'connector_lab' has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{stage}", __name__), name)
    globals()[name] = value  # the next lookup is an ordinary attribute
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))


__all__ = [
    "SCHEMES",
    "AccountField",
    "Action",
    "AliyunAppCodeAuth",
    "AliyunSignatureAuth",
    "ApiKeyAuth",
    "Attempt",
    "AuthAccount",
    "AuthError",
    "BasicAuth",
    "BatchOutcome",
    "BearerAuth",
    "BlockedAddressError",
    "Client",
    "ColumnNameWarning",
    "ConflictError",
    "Connector",
    "ConnectorLabError",
    "CredentialAuth",
    "DingTalkAuth",
    "DingTalkZeroTrustAuth",
    "ExportError",
    "ExportWarning",
    "FlattenError",
    "HTTPStatusError",
    "HarvestReport",
    "ImportFormatError",
    "ImportReport",
    "LoadError",
    "LoadReport",
    "NetworkPolicy",
    "NoAuth",
    "OAuth2ClientCredentialsAuth",
    "PageInfo",
    "Pagination",
    "PaginationError",
    "PaginationLoopError",
    "Param",
    "ParameterError",
    "RateLimit",
    "RecordSelection",
    "Redactor",
    "RequestPlan",
    "RequestTimeout",
    "ResponseCheck",
    "ResponseField",
    "ResponseParseError",
    "ResponseTooLarge",
    "Result",
    "RetryPolicy",
    "RunContext",
    "RunHistory",
    "SchemaNode",
    "SchemeBase",
    "SentRequest",
    "SpecError",
    "StoreError",
    "Timeouts",
    "TokenCache",
    "TransportError",
    "Workspace",
    "__version__",
    "body_params",
    "build_request",
    "check_response",
    "detect_pagination",
    "explode",
    "export",
    "flatten",
    "from_curl",
    "from_openapi",
    "from_postman",
    "infer_schema",
    "register_scheme",
    "register_signer",
    "response_fields",
    "select_records",
    "to_csv",
    "to_curl_commands",
    "to_dlt",
    "to_duckdb",
    "to_excel",
    "to_json_schema",
    "to_jsonl",
    "to_openapi",
    "to_parquet",
    "to_postman",
    "to_python",
    "to_sqlite",
    "to_tables",
    "unescape_cells",
]
