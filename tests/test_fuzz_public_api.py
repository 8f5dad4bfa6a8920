"""Hostile input to every public entry point: whatever goes in — deep, huge, NaN, control
characters, wrong shapes — what comes out is a result or one of the project's errors, never a
RecursionError, OverflowError, TypeError, UnicodeEncodeError or bare ValueError from deep
inside a library (issue 10's fuzzing criterion)."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from hypothesis import HealthCheck, find, given, settings
from hypothesis import strategies as st

from connector_lab import (
    Action,
    AuthAccount,
    Client,
    Connector,
    ConnectorLabError,
    Param,
    build_request,
)

# Fuzzed bodies may well hold "a.b" beside "a" → "b"; the warning saying so is expected here.
pytestmark = pytest.mark.filterwarnings("ignore::connector_lab.ColumnNameWarning")

SETTINGS = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])

texts = st.text(
    st.characters(codec="utf-8", exclude_categories=()) | st.sampled_from("\r\n\x00\x07 .{}/"),
    max_size=30,
)
scalars = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**400), max_value=10**400)
    | st.floats(allow_nan=True, allow_infinity=True)
    | texts
)
json_like = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(texts, inner, max_size=4),
    max_leaves=20,
)


class _Deep:
    """Shows a deep value as ``<list nested 3000 deep>``: hypothesis would recurse into it."""

    depth = 0

    def _repr_pretty_(self, printer, cycle):
        printer.text(f"<{type(self).__bases__[1].__name__} nested {self.depth} deep>")


class DeepList(_Deep, list):
    pass


class DeepDict(_Deep, dict):
    pass


def deep(depth: int, kind: str = "list"):
    value: object = 1
    for _ in range(depth):
        value = [value] if kind == "list" else {"k": value}
    outer = DeepList(value) if kind == "list" else DeepDict(value)
    outer.depth = depth
    return outer


deep_values = st.builds(deep, st.integers(1, 6000), st.sampled_from(["list", "dict"]))
anything = json_like | deep_values


def only_our_errors(call, *args, **kwargs):
    """Run ``call``; our own errors are a fine answer, anything else fails the test."""
    try:
        return call(*args, **kwargs)
    except ConnectorLabError:
        return None


@SETTINGS
@given(
    fields=st.dictionaries(
        st.sampled_from(
            ["display_name", "host", "protocol", "base_url", "auth", "actions", "description"]
        ),
        anything,
        max_size=6,
    )
)
def test_connector_construction(fields):
    only_our_errors(Connector, **fields)
    only_our_errors(Connector.model_validate, fields)


@SETTINGS
@given(text=texts | st.builds(lambda n: "[" * n, st.integers(1, 200_000)))
def test_connector_from_json_text(text):
    only_our_errors(Connector.from_json, text)
    only_our_errors(Connector.model_validate_json, text)


@SETTINGS
@given(
    fields=st.dictionaries(
        st.sampled_from(["name", "location", "type", "default", "value", "source", "required"]),
        anything,
        max_size=6,
    )
)
def test_param_construction(fields):
    only_our_errors(Param, **fields)


@SETTINGS
@given(values=anything, name=anything)
def test_account_construction(values, name):
    only_our_errors(AuthAccount, name=name, values=values)


SHOP = Connector(
    display_name="Fuzz",
    host="127.0.0.1:9",
    protocol="http",
    actions=[
        Action(
            id="all",
            name="All",
            method="POST",
            path="/items/{id}",
            params=[
                Param(name="id", location="path"),
                Param(name="q"),
                Param(name="n", type="number"),
                Param(name="i", type="integer"),
                Param(name="flag", type="boolean"),
                Param(name="X-Note", location="header"),
                Param(name="obj", location="body", type="object"),
                Param(name="arr", location="body", type="array"),
            ],
        )
    ],
)


@SETTINGS
@given(
    values=st.fixed_dictionaries(
        {},
        optional={
            name: anything
            for name in ("id", "q", "n", "i", "flag", "X-Note", "obj", "arr", "unknown")
        },
    )
)
def test_build_request_with_any_values(values):
    plan = only_our_errors(build_request, SHOP, "all", values)
    if plan is not None:
        json.loads(plan.body_bytes() or b"null")  # what is sent is valid JSON


# -- every Result method on any answer -----------------------------------------------------------
ANSWER: dict[str, object] = {"body": b"", "type": "application/json"}


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_GET(self):
        body = ANSWER["body"]
        self.send_response(200)
        self.send_header("Content-Type", str(ANSWER["type"]))
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def answering_client():
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    connector = Connector(
        display_name="Answers",
        host=f"127.0.0.1:{server.server_address[1]}",
        protocol="http",
        actions=[Action(id="get", name="Get", path="/")],
    )
    with Client(connector) as client:
        yield client
    server.shutdown()


def encoded(value) -> bytes:
    try:
        return json.dumps(value, allow_nan=True).encode()
    except (ValueError, RecursionError):
        return b"[" * 10_000 + b"]" * 10_000


bodies = (
    anything.map(encoded)
    | st.binary(max_size=200)
    | st.sampled_from([b"", b"null", b"{not json", b"<html>login</html>", b'{"a": "\xff"}'])
)
content_types = st.sampled_from(
    ["application/json", "text/csv", "application/x-ndjson", "text/html", "application/xml"]
)


@settings(max_examples=80, deadline=None, suppress_health_check=list(HealthCheck))
@given(body=bodies, content_type=content_types, sample=anything, records=texts | st.none())
def test_every_result_method_on_any_answer(answering_client, body, content_type, sample, records):
    ANSWER.update(body=body, type=content_type)
    result = answering_client.run("get")
    for call in (
        result.json,
        lambda: result.text,
        lambda: result.to_frame(records),
        lambda: result.to_frame(explode="items"),
        lambda: result.tables(records),
        lambda: result.records(records),
        lambda: result.check(sample if sample is not None else {"a": 1}),
        result.raise_for_status,
        lambda: str(result.request),
        result.curl,
        lambda: repr(result),
    ):
        only_our_errors(call)


def contains(value, test) -> bool:
    stack = [value]
    while stack:
        item = stack.pop()
        if test(item):
            return True
        if isinstance(item, dict):
            stack += list(item.values())
        elif isinstance(item, list):
            stack += item
    return False


@pytest.mark.filterwarnings("ignore:Generating overly large repr")  # find() describes the strategy
def test_the_fuzzer_reaches_the_guarded_shapes():
    # Positive controls: the strategies really produce what the guards are for — a value
    # nested past the recursion limit, NaN inside a container, an integer past float range,
    # a control character — so the tests above would meet them.
    deep_one = find(anything, lambda v: isinstance(v, _Deep) and v.depth > 1500)
    assert deep_one.depth > 1500
    find(json_like, lambda v: isinstance(v, list) and contains(v, lambda x: x != x))
    find(json_like, lambda v: contains(v, lambda x: isinstance(x, int) and abs(x) > 1e308))
    find(texts, lambda t: "\r" in t or "\x00" in t)
