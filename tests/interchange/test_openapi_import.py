"""from_openapi on real vendored specs (tests/data/interchange/openapi/README.md), errors with
their JSON pointer, tag / path filters, a spec served on loopback, and an imported spec run
against the bundled sandbox."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from connector_lab import Action, AuthAccount, Client, Connector, Param, from_openapi, to_openapi
from connector_lab.errors import ImportFormatError

DATA = Path(__file__).parent.parent / "data" / "interchange" / "openapi"


@pytest.mark.slow
def test_netbox_1124_operations_import():
    # Its import time is a benchmark figure (bench/import_openapi.py), not a pass/fail rule.
    report = from_openapi(DATA / "netbox-4.2.2.openapi.yaml.gz")
    connector = report.connector
    assert len(connector.actions) == 1124 and not report.ignored
    assert connector.auth.type == "api_key" and connector.auth.name == "Authorization"
    assert any("cookieAuth" in w for w in report.warnings)
    assert connector.host == "api.example.com"  # NetBox names no server: placeholder + warning
    listing = connector.action("circuits_circuit_group_assignments_list")
    assert listing.path == "/api/circuits/circuit-group-assignments/"
    circuit_id = listing.param("circuit_id", "query")
    assert circuit_id.type == "array" and not circuit_id.required


def test_vault_1049_operations_with_validation_problems_as_warnings():
    with pytest.raises(ImportFormatError) as caught:
        from_openapi(DATA / "vault-1.15.0.openapi.json.gz")
    assert caught.value.format == "openapi" and caught.value.pointer
    report = from_openapi(DATA / "vault-1.15.0.openapi.json.gz", strict=False)
    assert len(report.connector.actions) == 1049
    assert any(w.startswith("spec not valid at") for w in report.warnings)


def test_xkcd_servers_and_path_parameter():
    report = from_openapi(str(DATA / "xkcd-1.0.0.openapi.yaml"))
    connector = report.connector
    assert (connector.protocol, connector.host, connector.base_url) == ("http", "xkcd.com", "/")
    assert len(connector.actions) == 2
    by_comic = next(a for a in connector.actions if a.placeholders() == ["comicId"])
    param = by_comic.param("comicId", "path")
    assert param.type == "number" and param.required
    assert set(by_comic.expected_response) >= {"alt", "num", "safe_title"}
    assert {f.path for f in by_comic.response_fields} >= {"num", "title"}


def test_swagger2_petstore_host_base_path_schemes():
    report = from_openapi(DATA / "petstore-v2.swagger.json", strict=False)
    connector = report.connector
    assert connector.origin == "http://petstore.swagger.io" and connector.base_url == "/v1"
    assert [a.id for a in connector.actions] == ["listPets", "createPets", "showPetById"]
    limit = connector.action("listPets").param("limit")
    assert limit.type == "integer" and limit.description.startswith("How many")
    assert connector.action("listPets").expected_response == [{"id": 0, "name": "", "tag": ""}]


def test_swagger2_kubernetes_826_operations():
    report = from_openapi(DATA / "kubernetes-1.12.2.swagger.json.gz", strict=False)
    connector = report.connector
    assert len(connector.actions) == 826
    ids = [a.id for a in connector.actions]
    assert len(set(ids)) == len(ids)  # duplicate operationIds made unique
    assert any("operationId 'getAPIVersions' became" in w for w in report.warnings)
    assert connector.auth.type == "api_key" and connector.auth.name == "authorization"


def test_invalid_spec_error_carries_the_json_pointer():
    spec = {
        "openapi": "3.0.3",
        "info": {"title": "t", "version": "1"},
        "paths": {"/a": {"get": {"responses": {"200": {"description": 5}}}}},
    }
    with pytest.raises(ImportFormatError) as caught:
        from_openapi(spec)
    assert caught.value.pointer.startswith("/paths/~1a/get/responses/200")
    assert caught.value.pointer in str(caught.value)


def test_bad_yaml_names_line_and_not_a_spec():
    with pytest.raises(ImportFormatError, match="line 2"):
        from_openapi("openapi: 3.0.0\n  bad: [\n")
    with pytest.raises(ImportFormatError, match="openapi"):
        from_openapi({"info": {}})


def test_tag_and_path_filters():
    netbox = DATA / "netbox-4.2.2.openapi.yaml.gz"
    circuits = from_openapi(netbox, tags="circuits").connector.actions
    assert circuits and all(a.path.startswith("/api/circuits/") for a in circuits)
    pets = from_openapi(DATA / "petstore-v2.swagger.json", paths="/pets/*", strict=False)
    assert [a.id for a in pets.connector.actions] == ["showPetById"]
    prefix = from_openapi(DATA / "petstore-v2.swagger.json", paths=["/pets"], strict=False)
    assert len(prefix.connector.actions) == 3


SPEC = {
    "openapi": "3.1.0",
    "info": {"title": "Sandbox", "version": "1"},
    "servers": [{"url": "http://{host}", "variables": {"host": {"default": "HOST"}}}],
    "components": {
        "securitySchemes": {"key": {"type": "apiKey", "in": "header", "name": "X-API-Key"}},
        "schemas": {"Order": {"type": "object", "properties": {"id": {"type": "integer"}}}},
    },
    "security": [{"key": []}],
    "paths": {
        "/orders": {
            "get": {
                "operationId": "list orders!",
                "parameters": [
                    {"name": "count", "in": "query", "schema": {"type": "integer", "default": 3}}
                ],
                "responses": {
                    "200": {
                        "description": "ok",
                        "content": {
                            "application/json": {
                                "schema": {
                                    "type": "object",
                                    "properties": {
                                        "data": {
                                            "type": "array",
                                            "items": {"$ref": "#/components/schemas/Order"},
                                        },
                                        "total": {"type": "integer"},
                                    },
                                }
                            }
                        },
                    }
                },
            }
        },
        "/apikey/header/items": {
            "get": {"operationId": "items", "responses": {"200": {"description": "ok"}}}
        },
    },
}


def test_spec_by_loopback_url_then_run_against_the_sandbox(httpserver, sandbox):
    spec = json.loads(json.dumps(SPEC).replace("HOST", sandbox.host_port))
    httpserver.expect_request("/openapi.json").respond_with_json(spec)
    report = from_openapi(httpserver.url_for("/openapi.json"))
    connector = report.connector
    assert connector.origin == f"http://{sandbox.host_port}"
    assert [a.id for a in connector.actions] == ["list_orders", "items"]
    assert connector.action("list_orders").expected_response == {"data": [{"id": 0}], "total": 0}
    account = AuthAccount(name="t", values={"token": sandbox.credentials.api_key})
    result = Client(connector, account).run("list_orders")
    assert result.status == 200 and result.json()["total"] == 3
    assert Client(connector, account).run("items").status == 200


def test_only_loopback_urls_are_fetched():
    with pytest.raises(ImportFormatError, match="loopback"):
        from_openapi("https://example.com/openapi.json")


def test_relative_file_refs(tmp_path):
    (tmp_path / "common.yaml").write_text(
        "Pet:\n  type: object\n  required: [name]\n  properties:\n"
        "    name: {type: string, description: the name}\n    age: {type: integer}\n"
    )
    (tmp_path / "api.yaml").write_text(
        "openapi: 3.0.3\ninfo: {title: Pets, version: '1'}\n"
        "servers: [{url: 'https://pets.example.com/v2'}]\n"
        "paths:\n  /pets:\n    post:\n      operationId: addPet\n"
        "      requestBody:\n        content:\n          application/json:\n"
        "            schema:\n              allOf:\n                - $ref: 'common.yaml#/Pet'\n"
        "                - {type: object, properties: {tag: {type: string}}}\n"
        "      responses: {'201': {description: ok}}\n"
    )
    action = from_openapi(tmp_path / "api.yaml").connector.action("addPet")
    body = {p.name: p for p in action.params if p.location == "body"}
    assert set(body) == {"name", "age", "tag"}
    assert body["name"].required and body["name"].description == "the name"
    assert body["age"].type == "integer" and not body["age"].required


_FORM_SCHEMA = {
    "type": "object",
    "required": ["name"],
    "properties": {
        "name": {"type": "string"},
        "count": {"type": "integer", "default": 2},
        "owner": {"type": "object", "properties": {"id": {"type": "integer"}}},
    },
}


def test_an_urlencoded_request_body_becomes_a_form_action():
    spec = {
        "openapi": "3.0.3",
        "info": {"title": "t", "version": "1"},
        "servers": [{"url": "https://api.example.com"}],
        "paths": {
            "/pets": {
                "post": {
                    "operationId": "addPet",
                    "requestBody": {
                        "content": {"application/x-www-form-urlencoded": {"schema": _FORM_SCHEMA}}
                    },
                    "responses": {"200": {"description": "ok"}},
                }
            }
        },
    }
    report = from_openapi(spec)
    (action,) = report.connector.actions
    assert action.body_style == "form"
    assert [(p.location, p.name, p.type, p.required, p.default) for p in action.params] == [
        ("body", "name", "string", True, None),
        ("body", "count", "integer", False, 2),
    ]
    assert any("form field 'owner.id' left out: a form body is flat" in w for w in report.warnings)
    assert not any("form or cookie" in w for w in report.warnings)


def test_swagger2_form_data_becomes_a_form_action_without_its_files():
    spec = {
        "swagger": "2.0",
        "info": {"title": "t", "version": "1"},
        "host": "api.example.com",
        "paths": {
            "/pets/{id}": {
                "post": {
                    "operationId": "updatePetWithForm",
                    "consumes": ["application/x-www-form-urlencoded"],
                    "parameters": [
                        {"name": "id", "in": "path", "required": True, "type": "integer"},
                        {"name": "name", "in": "formData", "type": "string"},
                        {"name": "status", "in": "formData", "type": "string"},
                        {"name": "photo", "in": "formData", "type": "file"},
                    ],
                    "responses": {"200": {"description": "ok"}},
                }
            }
        },
    }
    report = from_openapi(spec)
    (action,) = report.connector.actions
    assert action.body_style == "form"
    assert [(p.location, p.name) for p in action.params] == [
        ("path", "id"),
        ("body", "name"),
        ("body", "status"),
    ]
    assert any("file field(s) 'photo' left out" in w for w in report.warnings)


def test_a_form_action_round_trips_through_openapi():
    action = Action(
        id="submit",
        name="Submit",
        method="POST",
        path="/submit",
        body_style="form",
        params=[Param(name="note", location="body", required=True)],
    )
    connector = Connector(display_name="F", host="api.example.com", actions=[action])
    document = to_openapi(connector)
    body = document["paths"]["/submit"]["post"]["requestBody"]["content"]
    assert list(body) == ["application/x-www-form-urlencoded"]
    (back,) = from_openapi(document).connector.actions
    assert (back.body_style, [p.name for p in back.params]) == ("form", ["note"])
