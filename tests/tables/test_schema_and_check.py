"""Schema inference from samples, JSON Schema, body parameters, and the expected-response
check."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from connector_lab import Param
from connector_lab.spec.samples import body_params, infer_schema, merge, to_json_schema
from connector_lab.tables.check import check_response

GITHUB = Path(__file__).resolve().parents[1] / "data" / "github-recorded"


def test_types_of_every_json_kind():
    node = infer_schema({"s": "x", "n": 1.5, "i": 2, "b": True, "o": {}, "a": [], "z": None})
    assert {name: child.type for name, child in node.fields.items()} == {
        "s": "string",
        "n": "number",
        "i": "integer",
        "b": "boolean",
        "o": "object",
        "a": "array",
        "z": "null",
    }


def test_arrays_of_objects_merge_their_fields():
    node = infer_schema({"items": [{"id": 1, "tag": "a"}, {"id": 2.5, "extra": None}]})
    items = node.fields["items"].items
    assert set(items.fields) == {"id", "tag", "extra"}
    assert items.fields["id"].type == "number"  # integer + number
    assert items.required == {"id"}  # only fields every item has


def test_arrays_of_scalars_keep_the_item_type():
    assert infer_schema(["a", "b"]).items.type == "string"
    assert infer_schema([1, None]).items.types == {"integer", "null"}
    assert infer_schema([1, "x"]).items.type == "mixed"


def test_json_schema():
    schema = to_json_schema(infer_schema({"id": 1, "tags": ["a"], "c": {"n": None}}))
    assert schema == {
        "type": "object",
        "properties": {
            "id": {"type": "integer"},
            "tags": {"type": "array", "items": {"type": "string"}},
            "c": {"type": "object", "properties": {"n": {"type": "null"}}, "required": ["n"]},
        },
        "required": ["id", "tags", "c"],
    }
    assert to_json_schema(merge(infer_schema(1), infer_schema(None))) == {
        "type": ["integer", "null"]
    }


def test_schema_of_a_real_github_response():
    exchanges = json.loads((GITHUB / "search-issues.json").read_text())
    node = infer_schema(exchanges[0]["response"])
    item = node.fields["items"].items
    assert item.fields["user"].fields["login"].type == "string"
    assert item.fields["labels"].type == "array"
    paths = [path for path, _ in node.walk()]
    assert "items[].user.login" in paths


def test_body_parameters_from_a_sample():
    params = body_params(
        {"name": "Ann", "age": 30, "address": {"city": "Hangzhou"}, "tags": ["a"], "note": None}
    )
    assert params == [
        Param(name="name", location="body", type="string", required=True, default="Ann"),
        Param(name="age", location="body", type="integer", required=True, default=30),
        Param(
            name="address.city", location="body", type="string", required=True, default="Hangzhou"
        ),
        Param(name="tags", location="body", type="array", required=True, default=["a"]),
        Param(name="note", location="body", type="string", required=True),
    ]
    with pytest.raises(ValueError, match="must be a JSON object"):
        body_params([1, 2])


def test_check_reports_missing_extra_and_type_changes():
    expected = {"data": [{"id": 1, "name": "a", "price": 1.5, "c": {"n": "x"}}], "total": 1}
    actual = {"data": [{"id": "1", "price": 2, "c": {}, "new": True}], "more": False}
    report = check_response(expected, actual, status=200)
    assert not report.ok
    assert report.missing == ["data[].name", "data[].c.n", "total"]
    assert report.extra == ["data[].new", "more"]
    assert report.type_changes == [("data[].id", "integer", "string")]
    assert str(report) == (
        "✗ does not match the expected response (HTTP 200)\n"
        "  missing (3): data[].name, data[].c.n, total\n"
        "  type changed: data[].id expected integer, got string\n"
        "  extra (2): data[].new, more"
    )


def test_check_passes_with_compatible_types_and_fails_on_status():
    assert check_response({"n": 1.5, "x": None}, {"n": 2, "x": "now set"}).ok
    failed = check_response({"n": 1}, {"n": 1}, status=500)
    assert not failed.ok
    assert "status 500 is not 2xx" in str(failed)


def test_response_fields_carry_required_marks():
    from connector_lab import ResponseField, response_fields

    fields = response_fields({"data": [{"id": 1, "note": None}, {"id": 2}], "total": 2})
    assert fields == [
        ResponseField(path="data", type="array", required=True),
        ResponseField(path="data[].id", type="integer", required=True),
        ResponseField(path="data[].note", type="null", required=False),
        ResponseField(path="total", type="integer", required=True),
    ]


def test_optional_fields_may_be_absent():
    expected = {"id": 1, "nickname": "x"}
    report = check_response(expected, {"id": 2}, optional=["nickname"])
    assert report.ok
    assert report.optional_missing == ["nickname"]
    assert "absent, optional (1): nickname" in str(report)
    assert not check_response(expected, {"id": 2}).ok
