"""Record detection (issue 10, item 20): an ordered list of named rules, tested shape by shape.
Each test asserts the chosen path, the reason (which says which rule fired), the rule's name,
and that the printed path reads back the same records."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from connector_lab.tables.records import RULES, detect_records, select_records

GITHUB = Path(__file__).resolve().parents[1] / "data" / "github-recorded"


def detected(body, path: str, reason: str, rule: str, rows: int):
    selection = detect_records(body)
    assert (selection.path, selection.reason, selection.rule) == (path, reason, rule)
    assert len(selection.records) == rows
    if selection.path != "$":  # the printed path finds the same records
        assert select_records(body, selection.path).records == selection.records
    return selection


def recorded(name: str, index: int = 0):
    return json.loads((GITHUB / f"{name}.json").read_text())[index]["response"]


def test_the_rules_are_named_and_in_order():
    assert [rule.__name__ for rule in RULES] == [
        "_json_rpc",
        "_graphql",
        "_envelope",
        "_resource",
        "_well_known",
        "_well_known_empty",
        "_error",
        "_longest_list",
        "_object_row",
    ]


def test_a_list_body_is_the_records():
    detected([{"a": 1}, {"a": 2}], "$", "the body is a list", "list", 2)


def test_a_single_value_is_one_row():
    detected(42, "$", "the body is a single value: one row", "value", 1)


def test_an_empty_last_page_beside_errors_is_no_records_not_error_rows():
    body = {"data": [], "errors": [{"message": "rate limited"}]}
    reason = "the well-known key 'data' is an empty list: no records"
    detected(body, "$.data[*]", reason, "envelope", 0)


def test_json_rpc_result_list():
    body = {"jsonrpc": "2.0", "id": 1, "result": [{"n": 1}, {"n": 2}]}
    detected(body, "$.result[*]", "the JSON-RPC 'result' list", "json-rpc", 2)


def test_json_rpc_without_the_version_key():
    body = {"id": 1, "result": [{"n": 1}, {"n": 2}, {"n": 3}]}
    detected(body, "$.result[*]", "the JSON-RPC 'result' list", "json-rpc", 3)


def test_json_rpc_result_object_is_detected_in_turn():
    body = {"jsonrpc": "2.0", "id": 7, "result": {"total": 2, "items": [{"n": 1}, {"n": 2}]}}
    reason = "in the JSON-RPC 'result', the well-known key 'items'"
    detected(body, "$.result.items[*]", reason, "json-rpc", 2)


def test_json_rpc_error_is_one_row():
    body = {"jsonrpc": "2.0", "id": 7, "error": {"code": -32601, "message": "no method"}}
    detected(body, "$", "a JSON-RPC error: the object is one row", "json-rpc", 1)


def test_an_id_beside_a_data_list_is_an_envelope():
    body = {"id": "req-42", "data": [{"n": 1}, {"n": 2}], "meta": {"page": 1}}
    reason = "the well-known key 'data', beside 'id': an envelope, not one record"
    detected(body, "$.data[*]", reason, "envelope", 2)


def test_graphql_connection_edges_node():
    body = {
        "data": {
            "viewer": {
                "repositories": {
                    "totalCount": 2,
                    "edges": [{"cursor": "a", "node": {"name": "x"}}, {"node": {"name": "y"}}],
                    "pageInfo": {"hasNextPage": False},
                }
            }
        }
    }
    reason = "the GraphQL connection 'data.viewer.repositories': each edge's node"
    selection = detected(body, "$.data.viewer.repositories.edges[*].node", reason, "graphql", 2)
    assert selection.records == [{"name": "x"}, {"name": "y"}]


def test_graphql_connection_nodes():
    body = {"data": {"search": {"nodes": [{"n": 1}, {"n": 2}]}}, "errors": []}
    reason = "the GraphQL connection 'data.search': its nodes"
    detected(body, "$.data.search.nodes[*]", reason, "graphql", 2)


def test_a_list_of_plain_values_is_one_row_each():
    reason = "the well-known key 'data' holds 3 values: one row each"
    detected({"data": [1, 2, 3]}, "$.data[*]", reason, "envelope", 3)


def test_an_object_with_an_id_is_one_record():
    body = {"id": 7, "items": [{"sku": "a"}]}
    detected(body, "$", "the object has an 'id': one row", "resource", 1)


def test_a_well_known_key_below_the_top():
    body = {"result": {"items": [{"n": 1}]}, "page": {"rows": 1}}
    detected(body, "$.result.items[*]", "the well-known key 'items'", "well-known", 1)


def test_an_empty_well_known_list_beats_other_lists_of_objects():
    body = {"items": [], "facets": [{"name": "color"}]}
    reason = "the well-known key 'items' is an empty list: no records"
    detected(body, "$.items[*]", reason, "well-known-empty", 0)


def test_an_error_body_is_one_row_not_rows_of_errors():
    body = recorded("errors")  # GitHub's 422: message, errors[], documentation_url
    detected(body, "$", "an error body ('errors'): the object is one row", "error", 1)


def test_among_many_lists_the_longest_and_the_reason_says_so():
    body = {"links": [{"rel": "next"}], "stuff": {"things": [{"n": 1}, {"n": 2}, {"n": 3}]}}
    reason = "the longest list of objects, 'things' (3 items; 2 lists of objects)"
    detected(body, "$.stuff.things[*]", reason, "longest-list", 3)


def test_the_only_list_of_objects():
    body = {"payload": {"things": [{"n": 1}]}}
    detected(body, "$.payload.things[*]", "the only list of objects, 'things'", "longest-list", 1)


def test_no_list_of_objects_is_one_row():
    detected(
        {"name": "x", "tags": ["a"]}, "$", "no list of objects: the object is one row", "one-row", 1
    )


# -- recorded real responses (GitHub REST, tests/data/github-recorded) ----------------------
def test_recorded_search_results():
    body = recorded("search-issues")
    detected(body, "$.items[*]", "the well-known key 'items'", "well-known", len(body["items"]))


@pytest.mark.parametrize("name", ["get-repository", "project-cards"])
def test_recorded_single_resources(name):
    detected(recorded(name), "$", "the object has an 'id': one row", "resource", 1)


def test_recorded_list_pages():
    body = recorded("paginate-issues")
    detected(body, "$", "the body is a list", "list", len(body))


def test_a_given_jsonpath_is_the_given_rule():
    assert select_records({"a": [{"n": 1}]}, "$.a[*]").rule == "given"
