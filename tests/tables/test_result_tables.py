"""Result.to_frame / tables / records / check over real HTTP against the sandbox."""

from __future__ import annotations

import pytest

from connector_lab import Action, Client, Connector, ResponseParseError, SpecError


@pytest.fixture
def client(shop_client):
    return shop_client


def test_to_frame_detects_records_and_says_so(client):
    frame = client.run("orders_plain", count=12).to_frame()
    assert len(frame) == 12
    assert frame.attrs["records_path"] == "$.data[*]"
    assert frame.attrs["records_reason"] == "the well-known key 'data'"
    assert {"customer.name", "customer.address.city", "items"} <= set(frame.columns)


def test_jsonpath_given_or_from_the_action(client):
    result = client.run("orders_plain", count=4)
    assert result.to_frame("$.data[*].customer").columns.tolist()[:2] == ["id", "name"]
    assert client.run("users_by_path").to_frame().attrs["records_path"] == "$.items[*]"


def test_single_object_is_one_row(client):
    frame = client.run("order", id=2).to_frame()
    assert len(frame) == 1 and frame.loc[0, "id"] == 2
    assert frame.attrs["records_path"] == "$"


def test_explode_items_with_parent_fields(client):
    result = client.run("orders_plain", count=10)
    frame = result.to_frame(explode="items", meta=["id", "customer.name"])
    body = result.json()["data"]
    assert len(frame) == sum(len(order["items"]) for order in body)
    assert frame.columns.tolist()[-2:] == ["id", "customer.name"]
    assert frame["items.sku"].tolist()[0] == body[0]["items"][0]["sku"]


def test_child_tables_keyed_to_parents(client):
    tables = client.run("orders_plain", count=6).tables()
    assert sorted(tables) == ["data", "data.items"]
    orders, items = tables["data"], tables["data.items"]
    assert len(orders) == 6 and "items" not in orders.columns
    assert set(items["_parent_id"]) <= set(orders["_id"])


def test_dtypes_follow_the_expected_response_schema(client):
    typed = client.run("orders", count=5).to_frame()
    assert str(typed["id"].dtype) == "Int64"
    assert str(typed["total"].dtype) == "Float64"
    assert str(typed["paid"].dtype) == "boolean"
    plain = client.run("orders_plain", count=5).to_frame()
    assert str(plain["id"].dtype) == "int64"


def test_check_against_the_expected_response(client):
    report = client.run("orders", count=3).check()
    assert report.ok, str(report)
    wrong = client.run("order", id=1).check({"id": "text", "missing_field": 1})
    assert not wrong.ok
    assert wrong.missing == ["missing_field"]
    assert wrong.type_changes == [("id", "string", "integer")]
    with pytest.raises(SpecError, match="has no expected response"):
        client.run("order", id=1).check()


def test_csv_and_json_lines_bodies_become_frames(client):
    csv = client.run("fmt", kind="csv").to_frame()
    assert len(csv) > 0 and len(csv.columns) > 1
    jsonl = client.run("fmt", kind="jsonl").to_frame()
    assert len(jsonl) > 0 and jsonl.attrs["records_path"] == "$"


@pytest.mark.parametrize("kind", ["text", "xml", "binary"])
def test_frame_from_non_tabular_body_says_what_came_back(client, kind):
    with pytest.raises(ResponseParseError, match="expected JSON from action 'fmt' but the"):
        client.run("fmt", kind=kind).to_frame()


# The records path of each key, as detection prints it and as a user may give it.
QUOTED = {
    "data": "$.data[*]",
    "order-list": "$['order-list'][*]",
    "a.b": "$['a.b'][*]",
    "中文": "$['中文'][*]",
}


def frame_served(httpserver, body, records_path=None):
    """``to_frame()`` of ``body`` served over HTTP by an action that expects ``body``."""
    httpserver.expect_request("/body").respond_with_json(body)
    action = Action(
        id="body", name="Body", path="/body", records_path=records_path, expected_response=body
    )
    host = f"{httpserver.host}:{httpserver.port}"
    connector = Connector(display_name="Local", host=host, protocol="http", actions=[action])
    with Client(connector) as client:
        return client.run("body").to_frame()


@pytest.mark.parametrize("given", [False, True], ids=["detected", "given"])
@pytest.mark.parametrize("key", sorted(QUOTED))
def test_expected_response_types_apply_under_any_records_key(httpserver, key, given):
    body = {key: [{"id": 1, "total": 2.5, "paid": True}, {"id": 2, "total": 4.0, "paid": False}]}
    frame = frame_served(httpserver, body, QUOTED[key] if given else None)
    assert frame.attrs["records_path"] == QUOTED[key]
    assert frame["id"].tolist() == [1, 2]
    dtypes = {name: str(dtype) for name, dtype in frame.dtypes.items()}
    assert dtypes == {"id": "Int64", "total": "Float64", "paid": "boolean"}


def test_expected_response_types_reach_fields_whose_keys_hold_dots(httpserver):
    frame = frame_served(httpserver, {"data": [{"a.b": 1, "c": {"d.e": 2, "f": "x"}}]})
    dtypes = {name: str(dtype) for name, dtype in frame.dtypes.items()}
    assert dtypes == {"a.b": "Int64", "c.d.e": "Int64", "c.f": "string"}


def test_a_bad_json_lines_line_is_named_with_where_and_why():
    from connector_lab.tables.tabular import read_jsonl

    with pytest.raises(ResponseParseError) as error:
        read_jsonl(b'{"a": 1}\n\n{"a": 2,}\n')
    assert str(error.value) == (
        "line 3 of the JSON Lines body is not valid JSON (line 1, column 9: Expecting property "
        "name enclosed in double quotes): '{\"a\": 2,}'"
    )
    with pytest.raises(
        ResponseParseError,
        match=r"^line 1 of the JSON Lines body is not valid UTF-8 \('utf-8' codec",
    ):
        read_jsonl(b'{"a": "\xff"}\n')
