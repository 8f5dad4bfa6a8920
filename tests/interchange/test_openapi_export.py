"""to_openapi: valid OpenAPI 3.1, no secret, and the round trip connector -> OpenAPI ->
connector keeps every field the format can hold (the others are named)."""

from __future__ import annotations

import json

from openapi_spec_validator import validate

from connector_lab import (
    Action,
    AliyunAppCodeAuth,
    ApiKeyAuth,
    Connector,
    DingTalkAuth,
    Pagination,
    Param,
    from_openapi,
    response_fields,
    to_openapi,
)
from connector_lab.interchange.openapi_export import NOT_HELD

SAMPLE = {"data": [{"id": 1, "customer": {"name": "Ann"}}], "total": 1}


def shop(auth=None) -> Connector:
    return Connector(
        display_name="Shop",
        description="A shop API.",
        host="api.shop.example:8443",
        protocol="https",
        base_url="/v2",
        auth=auth or ApiKeyAuth(name="X-API-Key", location="header"),
        actions=[
            Action(
                id="list_orders",
                name="List orders",
                description="Every order.",
                path="/orders",
                params=[
                    Param(name="count", type="integer", default=5, description="how many"),
                    Param(name="X-Trace", location="header", required=True),
                ],
                expected_response=SAMPLE,
                response_fields=response_fields(SAMPLE),
                records_path="$.data[*]",
                pagination=Pagination(style="page", size_param="per_page", page_size=50),
            ),
            Action(
                id="create_order",
                name="Create order",
                method="POST",
                path="/shops/{shop_id}/orders",
                params=[
                    Param(name="shop_id", location="path", required=True),
                    Param(name="customer.name", location="body", required=True, default="Ann"),
                    Param(name="customer.vip", location="body", type="boolean"),
                    Param(name="note", location="body", description="free text"),
                ],
            ),
        ],
    )


def test_export_validates_as_openapi_31():
    for auth in (None, AliyunAppCodeAuth(), DingTalkAuth()):
        doc = to_openapi(shop(auth))
        assert doc["openapi"] == "3.1.0"
        validate(json.loads(json.dumps(doc)))
    doc = to_openapi(shop(AliyunAppCodeAuth()))
    scheme = doc["components"]["securitySchemes"]["connectorAuth"]
    assert scheme["name"] == "Authorization" and "APPCODE" in scheme["description"]
    assert doc["servers"] == [{"url": "https://api.shop.example:8443/v2"}]


def test_round_trip_keeps_every_field_openapi_holds():
    original = shop()
    back = from_openapi(json.dumps(to_openapi(original))).connector
    assert back == original


def test_round_trip_names_what_openapi_cannot_hold():
    original = shop(DingTalkAuth(token_url="https://tokens.example.com/t")).model_copy(
        update={"icon_url": "https://shop.example/icon.png"}
    )
    back = from_openapi(to_openapi(original)).connector
    assert back.icon_url == ""  # icon_url: not held
    assert back.auth.type == "api_key"  # DingTalk scheme and its token URL: not held
    assert back.auth.name == "x-acs-dingtalk-access-token"
    assert back.model_copy(update={"auth": original.auth, "icon_url": original.icon_url}) == (
        original
    )
    for name in ("icon_url", "retry", "rate_limit", "timeouts", "DingTalk token_url", "accounts"):
        assert any(name in entry for entry in NOT_HELD), name
