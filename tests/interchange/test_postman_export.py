"""to_postman: valid against the published v2.1.0 schema, no secret value anywhere, the
round trip connector → Postman → connector keeps every field Postman can hold (a test names
the ones it cannot), and an imported collection runs against the sandbox."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from connector_lab import (
    Action,
    AliyunAppCodeAuth,
    ApiKeyAuth,
    AuthAccount,
    BasicAuth,
    BearerAuth,
    Client,
    Connector,
    DingTalkAuth,
    DingTalkZeroTrustAuth,
    NoAuth,
    Pagination,
    Param,
    RetryPolicy,
    from_postman,
    to_postman,
)
from connector_lab.sandbox import serve

SCHEMA = (
    Path(__file__).parents[1] / "data/interchange/postman/schema/collection.v2.1.0.draft-07.json"
)
VALIDATOR = jsonschema.Draft7Validator(json.loads(SCHEMA.read_text()))

SCHEMES = [
    NoAuth(),
    BasicAuth(),
    BearerAuth(),
    ApiKeyAuth(name="X-API-Key", location="header"),
    ApiKeyAuth(name="api_key", location="query"),
    AliyunAppCodeAuth(),
]


def shop(auth=None) -> Connector:
    return Connector(
        display_name="Shop",
        description="The shop API",
        host="api.shop.test:8443",
        protocol="https",
        base_url="/v1",
        auth=auth or ApiKeyAuth(name="X-API-Key", location="header"),
        actions=[
            Action(
                id="list_orders",
                name="List orders",
                description="Every order, newest first",
                path="/orders",
                params=[
                    Param(name="page", type="integer", default=1, description="Page number"),
                    Param(name="status", default="open"),
                    Param(name="Accept", location="header", default="application/json"),
                ],
                expected_response={"data": [{"id": 1, "total": 9.5}], "total": 1},
            ),
            Action(
                id="get_order",
                name="Get order",
                path="/orders/{order_id}",
                params=[
                    Param(
                        name="order_id",
                        location="path",
                        type="integer",
                        required=True,
                        default=7,
                        description="Order id",
                    ),
                ],
            ),
            Action(
                id="create-order",
                name="Create order",
                method="POST",
                path="/orders",
                params=[
                    Param(name="customer.name", location="body", required=True, default="Ann"),
                    Param(name="count", location="body", type="integer", required=True, default=2),
                    Param(name="tags", location="body", type="array", required=True, default=["a"]),
                ],
            ),
            Action(
                id="file",
                name="File",
                path="/files/{name}.json",
                params=[Param(name="name", location="path", required=True)],
            ),
        ],
    )


ALL_SCHEMES = [*SCHEMES, DingTalkAuth(), DingTalkAuth(legacy=True), DingTalkZeroTrustAuth()]


@pytest.mark.parametrize("auth", ALL_SCHEMES, ids=lambda s: s.type)
def test_export_is_valid_and_has_no_secret_values(auth):
    collection = to_postman(shop(auth))
    errors = sorted(VALIDATOR.iter_errors(collection), key=str)
    assert errors == []
    [base, *secrets] = collection["variable"]
    assert base == {"key": "baseUrl", "value": "https://api.shop.test:8443/v1", "type": "string"}
    assert all(v["value"] == "" for v in secrets)
    if auth.type not in ("none", "dingtalk_zero_trust"):
        assert secrets and all(
            "{{" + v["key"] + "}}" in json.dumps(collection["auth"]) for v in secrets
        )


def test_export_shape():
    collection = to_postman(shop())
    assert collection["info"]["schema"].endswith("/v2.1.0/collection.json")
    assert collection["auth"]["type"] == "apikey"
    items = {i["id"]: i for i in collection["item"]}
    url = items["get_order"]["request"]["url"]
    assert url["raw"] == "{{baseUrl}}/orders/:order_id" and url["path"] == ["orders", ":order_id"]
    assert url["variable"] == [{"key": "order_id", "value": "7", "description": "Order id"}]
    listing = items["list_orders"]["request"]
    assert listing["url"]["raw"] == "{{baseUrl}}/orders?page=1&status=open"
    assert json.loads(items["list_orders"]["response"][0]["body"])["total"] == 1
    body = items["create-order"]["request"]["body"]
    assert json.loads(body["raw"]) == {"customer": {"name": "Ann"}, "count": 2, "tags": ["a"]}
    no_default = shop().model_copy()
    no_default.actions[2].params[0] = Param(name="customer.name", location="body", required=True)
    raw = to_postman(no_default)["item"][2]["request"]["body"]["raw"]
    assert json.loads(raw)["customer"]["name"] == "{{customer.name}}"
    assert items["file"]["request"]["url"]["path"] == ["files", "{{name}}.json"]
    dingtalk = to_postman(shop(DingTalkAuth()))
    assert "x-acs-dingtalk-access-token" in json.dumps(dingtalk["auth"])
    assert "accessToken" in dingtalk["info"]["description"]


@pytest.mark.parametrize("auth", SCHEMES, ids=lambda s: s.type)
def test_round_trip_keeps_every_field_postman_holds(auth):
    connector = shop(auth)
    report = from_postman(to_postman(connector))
    assert report.connector == connector
    assert report.accounts == []  # the secret variables are empty
    assert report.warnings == []


#: What a Postman collection cannot hold, so a round trip resets it to its default.
NOT_HELD = {
    "connector": ["icon_url", "retry", "rate_limit", "timeouts"],
    "action": ["records_path", "pagination", "response_fields"],
    "param": [
        "required (query and header parameters come back optional)",
        "source / value / system_field (a static value comes back as a default)",
        "type of a parameter without a default (comes back as text)",
        "description of a body parameter (a raw JSON body has no place for it)",
    ],
    "auth": [
        "the account prompts (key_label, token_label, username_label, password_label)",
        "DingTalk token fetching (comes back as the access-token API-key header)",
        "the zero-trust signature (comes back as no auth)",
    ],
}


def test_round_trip_names_the_fields_postman_cannot_hold():
    connector = shop(ApiKeyAuth(name="X-API-Key", key_label="Shop key")).model_copy(
        update={"icon_url": "https://shop.test/i.png", "retry": RetryPolicy()}
    )
    action = connector.actions[0].model_copy(
        update={"records_path": "$.data[*]", "pagination": Pagination(style="page")}
    )
    action.params[1] = Param(name="status", required=True, source="static", value="open")
    connector.actions[0] = action
    connector.actions[2].params[1] = Param(
        name="count", location="body", type="integer", required=True, description="How many"
    )
    back = from_postman(to_postman(connector)).connector
    assert back.icon_url == "" and back.retry is None  # connector fields
    assert back.actions[0].records_path is None and back.actions[0].pagination is None
    status = back.actions[0].param("status")
    assert (status.required, status.source, status.default) == (False, "user", "open")
    count = back.actions[2].param("count")
    assert (count.type, count.description) == ("string", "")  # no default: text, undescribed
    assert back.auth.key_label == "API key"
    assert from_postman(to_postman(shop(DingTalkAuth()))).connector.auth == ApiKeyAuth(
        name="x-acs-dingtalk-access-token"
    )
    assert set(NOT_HELD) == {"connector", "action", "param", "auth"}


SANDBOX_COLLECTION = {
    "info": {
        "name": "Sandbox via Postman",
        "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json",
    },
    "auth": {
        "type": "apikey",
        "apikey": [
            {"key": "key", "value": "X-API-Key"},
            {"key": "value", "value": "{{apiKey}}"},
            {"key": "in", "value": "header"},
        ],
    },
    "item": [
        {"name": "Items", "request": {"method": "GET", "url": "{{baseUrl}}/apikey/header/items"}},
        {
            "name": "Orders",
            "item": [
                {"name": "List", "request": {"method": "GET", "url": "{{baseUrl}}/orders?count=2"}},
                {"name": "One", "request": {"method": "GET", "url": "{{baseUrl}}/orders/:id"}},
            ],
        },
        {"name": "Echo", "request": {"method": "GET", "url": "{{baseUrl}}/echo"}},
    ],
}


def test_imported_collection_runs_against_the_sandbox():
    with serve() as api:
        environment = {
            "values": [
                {"key": "baseUrl", "value": api.url, "enabled": True},
                {"key": "apiKey", "value": api.credentials.api_key, "enabled": True},
            ]
        }
        report = from_postman(SANDBOX_COLLECTION, environment=environment)
        assert [a.id for a in report.connector.actions] == [
            "items", "orders_list", "orders_one", "echo"
        ]  # fmt: skip
        [account] = report.accounts
        assert api.credentials.api_key not in repr(report)
        client = Client(report.connector, account)
        items = client.run("items")
        assert items.status == 200 and items.json()["auth"] == "header"
        echo = client.run("echo").json()
        assert echo["headers"].get("X-API-Key") == api.credentials.api_key
        assert len(client.run("orders_list").json()["data"]) == 2
        assert client.run("orders_one", id=2).status in (200, 404)
        wrong = Client(report.connector, AuthAccount(name="w", values={"token": "nope"}))
        assert wrong.run("items").status == 401
