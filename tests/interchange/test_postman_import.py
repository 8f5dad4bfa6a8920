"""from_postman: the vendored real collections (Wise, Stripe) and hand-made v2.1 / v2.0
fixtures — folders, variables and environments, unresolved variables, path variables, auth
inheritance, disabled query parameters, saved examples, errors."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest

from connector_lab import ApiKeyAuth, BasicAuth, BearerAuth, NoAuth, from_postman
from connector_lab.errors import ImportFormatError
from tests.interchange.postman_fixtures import ENVIRONMENT, SHOP_V20, SHOP_V21, text

DATA = Path(__file__).parents[1] / "data" / "interchange" / "postman"


def test_wise_collection_with_its_environment():
    report = from_postman(
        DATA / "wise_api.postman_collection.json",
        environment=DATA / "wise_api.postman_environment.json",
    )
    c = report.connector
    assert (c.display_name, c.origin, c.base_url) == (
        "TW-API",
        "https://api.sandbox.transferwise.tech",
        "/",
    )
    assert len(c.actions) == 65 and len({a.id for a in c.actions}) == 65
    statement = c.action("borderless_get_borderless_accounts_accountid_statement")
    assert statement.path == "/v1/borderless-accounts/<accountId>/statement.json"
    assert [p.name for p in statement.params] == ["currency", "intervalStart", "intervalEnd"]
    directors = next(a for a in c.actions if a.path == "/v1/profiles/{id}/directors")
    assert directors.param("id", "path").required
    assert any("several hosts" in w and "api.transferwise.com" in w for w in report.warnings)
    assert any("disabled query parameter 'target'" in i for i in report.ignored)
    assert any(i.startswith("18 request bodies") for i in report.ignored)
    assert report.accounts == []  # the environment's TOKEN is empty


def test_wise_collection_without_environment_names_the_host_variable():
    with pytest.raises(ImportFormatError, match=r"\{\{host\}\}.*environment") as info:
        from_postman(DATA / "wise_api.postman_collection.json")
    assert info.value.format == "postman" and info.value.pointer.endswith("/url/host")


def test_stripe_collection_gzip():
    report = from_postman(DATA / "stripe_api.postman_collection.json.gz")
    c = report.connector
    assert (c.display_name, c.origin, c.base_url) == ("Stripe API", "https://api.stripe.com", "/")
    assert isinstance(c.auth, BearerAuth)
    assert report.accounts == []  # '<Bearer Token>' is a placeholder, not a credential
    assert len(c.actions) == 455
    assert c.action("accounts_create_an_account").method == "POST"
    one = c.action("accounts_retrieve_account")
    assert one.path == "/v1/accounts/{account}" and one.param("account", "path").required
    assert any("files.stripe.com" in w for w in report.warnings)
    assert any(i.startswith("224 request bodies") for i in report.ignored)


def test_folders_variables_environment_auth_and_examples():
    report = from_postman(text(SHOP_V21), environment=ENVIRONMENT)
    c = report.connector
    assert (c.host, c.protocol, c.base_url) == ("api.shop.test", "https", "/v2")
    assert c.auth == ApiKeyAuth(name="X-API-Key", location="header")
    [account] = report.accounts
    assert account.resolve("token") == "env-secret-key-123"
    assert "env-secret-key-123" not in repr(report) + repr(account)
    ids = [a.id for a in c.actions]
    assert ids == [
        "orders_list_orders",
        "orders_items_get_item",
        "create_order",
        "public_ping",
        "public_upload",  # kept, without its form-data body
    ]
    listing = c.action("orders_list_orders")
    assert listing.name == "Orders / List orders"
    assert {p.name: p.default for p in listing.params} == {
        "Accept": "application/json",  # X-API-Key, Connection and disabled X-Trace left out
        "page_size": 50,  # the environment overrides the collection
        "status": "open",
        "region": None,  # unresolved: a parameter without a default
    }
    assert listing.expected_response == {"data": [{"id": 1}], "total": 1}  # the 2xx example
    item = c.action("orders_items_get_item")
    assert item.path == "/orders/{order_id}/items/{itemId}"
    order_id = item.param("order_id", "path")
    assert (order_id.type, order_id.default, order_id.description) == ("integer", 42, "Order")
    create = c.action("create_order")
    assert {p.name: (p.type, p.default) for p in create.params} == {
        "customer.name": ("string", None),
        "customer.vip": ("boolean", True),
        "count": ("integer", 3),
        "note": ("string", "hi"),
    }
    unresolved = " ".join(report.ignored)
    for name in ("region", "itemId", "customer"):
        assert "{{" + name + "}}" in unresolved
    assert "disabled query parameter 'debug'" in unresolved
    assert "'Upload' (formdata)" in unresolved
    assert any("other.test" in w for w in report.warnings)
    assert any("'api_key' auth" in w and "2 request(s) use another" in w for w in report.warnings)


def test_without_environment_collection_values_apply_and_empty_ones_are_unresolved():
    report = from_postman(SHOP_V21)
    assert report.accounts == []
    listing = report.connector.action("orders_list_orders")
    assert listing.param("page_size").default == 20
    assert "{{apiKey}}" in " ".join(report.ignored)


def test_v20_collection():
    report = from_postman(json.dumps(SHOP_V20))
    c = report.connector
    assert (c.origin, c.base_url) == ("http://127.0.0.1:9", "/")
    # folder auth (bearer) for 2 requests beats the collection's basic for 2: the first seen
    assert [a.id for a in c.actions] == ["folder_me", "folder_bare", "root", "other"]
    assert isinstance(c.auth, BearerAuth)
    assert report.accounts[0].resolve("token") == "tok-v20"
    me = c.action("folder_me")
    assert me.path == "/users/{user_id}"
    assert [(p.location, p.name) for p in me.params] == [
        ("path", "user_id"),
        ("header", "Accept"),
        ("header", "X-Mode"),
        ("query", "fields"),
    ] or {(p.location, p.name) for p in me.params} == {
        ("path", "user_id"),
        ("header", "Accept"),
        ("header", "X-Mode"),
        ("query", "fields"),
    }
    assert c.action("root").method == "GET"
    assert any("v2.0" in w for w in report.warnings)
    assert any("'basic'" in w or "use another" in w for w in report.warnings)


def test_request_level_auth_wins_and_the_most_common_scheme_is_kept():
    collection = copy.deepcopy(SHOP_V20)
    collection["item"][1]["request"]["auth"] = {"type": "noauth"}
    collection["item"][2]["request"]["auth"] = {"type": "noauth"}
    collection["item"][0]["item"][1]["request"] = {"url": "{{host}}/health", "method": "GET",
                                                   "auth": {"type": "noauth"}}  # fmt: skip
    report = from_postman(collection)
    assert isinstance(report.connector.auth, NoAuth) and report.accounts == []
    collection["auth"] = {"type": "basic", "basic": [{"key": "username", "value": "u"}]}
    for item in collection["item"][1:]:
        del item["request"]["auth"]
    del collection["item"][0]["auth"]
    report = from_postman(collection)
    assert isinstance(report.connector.auth, BasicAuth)
    assert report.accounts[0].describe() == {"username": "set"}


def test_unsupported_auth_is_warned_and_appcode_recognised():
    collection = copy.deepcopy(SHOP_V20)
    collection["auth"] = {"type": "oauth2", "oauth2": []}
    del collection["item"][0]["auth"]
    report = from_postman(collection)
    assert isinstance(report.connector.auth, NoAuth)
    assert any("'oauth2' is not supported" in w for w in report.warnings)
    collection["auth"] = {
        "type": "apikey",
        "apikey": [
            {"key": "key", "value": "Authorization"},
            {"key": "value", "value": "APPCODE c0de"},
        ],
    }
    report = from_postman(collection)
    assert report.connector.auth.type == "aliyun_appcode"
    assert report.accounts[0].resolve("app_code") == "c0de"


@pytest.mark.parametrize(
    "source, message",
    [
        ("{not json", "not valid JSON"),
        ("[1]", "must be a JSON object"),
        ('{"info": {"name": "x"}, "requests": []}', "v1 collection"),
        ({"info": {"name": "x", "schema": "v2.1.0"}, "item": []}, "no request"),
        ("/no/such/file.json", "not a file"),
    ],
)
def test_bad_sources_are_clear_errors(source, message):
    with pytest.raises(ImportFormatError, match=message):
        from_postman(source)


def _one(request: dict) -> dict:
    return {
        "info": {"name": "One", "schema": "v2.1.0"},
        "item": [{"name": "Call", "request": request}],
    }


@pytest.mark.parametrize(
    "header, scheme, values",
    [
        ({"key": "Authorization", "value": "Basic YW5uOnMzY3JldA=="}, "basic",
         {"username": "ann", "password": "s3cret"}),
        ({"key": "Authorization", "value": "Bearer t0k"}, "bearer", {"token": "t0k"}),
        ({"key": "Authorization", "value": "APPCODE c0de"}, "aliyun_appcode", {"app_code": "c0de"}),
        ({"key": "X-API-Key", "value": "k3y"}, "api_key", {"token": "k3y"}),
    ],
)  # fmt: skip
def test_credentials_in_headers_become_the_auth_when_there_is_none(header, scheme, values):
    report = from_postman(_one({"method": "GET", "url": "https://a.test/x", "header": [header]}))
    assert report.connector.auth.type == scheme
    assert report.connector.actions[0].params == []  # the header is not a parameter
    assert {k: report.accounts[0].resolve(k) for k in values} == values


def test_credential_query_and_credential_like_names_never_keep_their_values():
    url = "https://a.test/x?api_key=k3y&session_id=abc&page=2"
    report = from_postman(_one({"method": "GET", "url": url, "header": [
        {"key": "X-Auth-Token", "value": "zzz"}]}))  # fmt: skip
    c = report.connector
    assert c.auth == ApiKeyAuth(name="api_key", location="query")
    assert report.accounts[0].resolve("token") == "k3y"
    assert {p.name: p.default for p in c.actions[0].params} == {
        "X-Auth-Token": None,
        "session_id": None,
        "page": 2,
    }
    assert "zzz" not in c.to_json() and "abc" not in c.to_json()
    assert any("credential-like" in i and "'X-Auth-Token'" in i for i in report.ignored)


def test_a_request_that_breaks_a_rule_is_left_out_not_the_import():
    collection = copy.deepcopy(SHOP_V20)
    collection["item"][1]["request"]["header"] = [{"key": "X-Note", "value": "a\nb"}]
    report = from_postman(collection)
    assert "root" not in [a.id for a in report.connector.actions]
    assert any(
        i.startswith("1 requests left out because") and "'Root'" in i for i in report.ignored
    )
