"""The public surface is explicit: this list changes only on purpose."""

import connector_lab

PUBLIC = [
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


def test_public_names_are_pinned():
    assert sorted(connector_lab.__all__) == sorted(PUBLIC)


def test_every_public_name_exists():
    missing = [name for name in connector_lab.__all__ if not hasattr(connector_lab, name)]
    assert missing == []


def test_errors_form_one_tree():
    errors = [
        connector_lab.SpecError,
        connector_lab.ParameterError,
        connector_lab.AuthError,
        connector_lab.TransportError,
        connector_lab.RequestTimeout,
        connector_lab.HTTPStatusError,
        connector_lab.ResponseParseError,
    ]
    assert all(issubclass(e, connector_lab.ConnectorLabError) for e in errors)
