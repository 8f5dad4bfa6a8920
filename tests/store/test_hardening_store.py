"""Hostile files (issue 10, items 3, 7 and 13 in the store): connector files, shared files and
accounts files nested 100k deep in JSON and YAML, values nested beyond the limit, YAML that
refers to itself or holds an integer too long to read, a secret in the wrong shape in the
accounts file, and ids too long to echo — each a LoadError or StoreError naming the file and
the limit, never a RecursionError, a ValueError or a secret."""

from __future__ import annotations

import json
import os
import traceback
from pathlib import Path

import pytest

from connector_lab import Connector
from connector_lab.errors import LoadError, StoreError
from connector_lab.store import Workspace

CANARY = "cnry-store-secret-3e7d"
TOO_DEEP = "nested more than 200 levels deep"
DEEP = 100_000


@pytest.fixture
def ws(tmp_path) -> Workspace:
    return Workspace(tmp_path / "ws")


def connector_body(sample_text: str = "null") -> str:
    """A version-1 connector document whose one action has ``sample_text`` as its sample."""
    head = json.dumps({"display_name": "Deep", "host": "h.io"})[:-1]
    action = '{"id": "a", "name": "A", "expected_response": ' + sample_text + "}"
    return '{"schema_version": 1, "connector": ' + head + ', "actions": [' + action + "]}}"


def nested_json(levels: int) -> str:
    return "[" * levels + "]" * levels


def nested_yaml(levels: int) -> str:
    return "connector: " + "[" * levels + "]" * levels + "\n"


HOSTILE_FILES = {
    "deep.json": nested_json(DEEP),
    "deep-sample.json": connector_body(nested_json(DEEP)),
    "deep.yaml": nested_yaml(DEEP),
    "deep-block.yaml": "connector:\n" + "".join(f"{' ' * i}- \n" for i in range(3000)),
}


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("name", HOSTILE_FILES)
def test_a_connector_file_nested_100k_deep_is_a_load_error(ws, name):
    path = write(ws.connectors_dir / name, HOSTILE_FILES[name])
    connector_id = path.stem
    with pytest.raises(LoadError) as info:
        ws.load(connector_id)
    message = str(info.value)
    assert message.startswith(str(path)) and TOO_DEEP in message
    report = ws.load_all()  # the other connectors still load; this one is reported
    assert list(report.errors) == [connector_id]


@pytest.mark.parametrize("name", HOSTILE_FILES)
def test_a_shared_file_nested_100k_deep_is_a_load_error(ws, tmp_path, name):
    path = write(tmp_path / "shared" / name, HOSTILE_FILES[name])
    with pytest.raises(LoadError) as info:
        ws.import_connector(path)
    assert str(info.value).startswith(str(path))
    assert info.value.__context__ is None or isinstance(info.value.__context__, LoadError)
    assert ws.ids() == []


@pytest.mark.parametrize("suffix", [".json", ".yaml"])
def test_a_file_nested_100k_deep_names_the_limit(ws, tmp_path, suffix):
    text = nested_json(DEEP) if suffix == ".json" else nested_yaml(DEEP)
    path = write(tmp_path / f"shared{suffix}", text)
    with pytest.raises(LoadError) as info:
        ws.import_connector(path)
    language = "JSON" if suffix == ".json" else "YAML"
    assert str(info.value) == (
        f"{path}: the {language} text is nested more than 200 levels deep; connector_lab "
        "accepts at most 200 levels of lists and objects inside each other"
    )


def test_a_sample_within_the_parser_but_beyond_the_limit_names_its_field(ws, tmp_path):
    path = write(tmp_path / "shared.json", connector_body(nested_json(500)))
    with pytest.raises(LoadError) as info:
        ws.import_connector(path)
    (field, message), *_ = info.value.problems
    assert field == "connector.actions[0].expected_response"
    assert TOO_DEEP in message


def test_yaml_that_refers_to_itself_is_refused(ws, tmp_path):
    document = (
        "schema_version: 1\nconnector:\n  display_name: Loop\n  host: h.io\n  actions:\n"
        "  - id: a\n    name: A\n    expected_response: &loop [*loop]\n"
    )
    path = write(tmp_path / "loop.yaml", document)
    with pytest.raises(LoadError, match=r"alias \*loop is not allowed"):
        ws.import_connector(path)


def test_yaml_with_an_integer_too_long_to_read(ws, tmp_path):
    path = write(tmp_path / "long.yaml", f"schema_version: {'9' * 5000}\n")
    with pytest.raises(LoadError) as info:
        ws.import_connector(path)
    assert str(info.value).startswith(f"{path}: holds a value YAML cannot convert: ")
    assert len(str(info.value)) < len(str(path)) + 200


def test_a_round_trip_at_the_limit_is_kept(ws, tmp_path):
    sample = json.loads(nested_json(200))
    connector = Connector.model_validate(
        {"display_name": "Edge", "host": "h.io", "actions": [{"id": "a", "name": "A"}]}
    )
    connector.actions[0].expected_response = sample
    for fmt in ("json", "yaml"):
        connector_id = ws.save(connector, f"edge-{fmt}", format=fmt)
        assert ws.load(connector_id) == connector


# -- the accounts file ----------------------------------------------------------------------------
def write_accounts(ws: Workspace, text: str) -> None:
    write(ws.accounts_path, text)
    os.chmod(ws.accounts_path, 0o600)


def test_an_accounts_file_nested_100k_deep_is_a_load_error(ws):
    write_accounts(ws, '{"schema_version": 1, "accounts": ' + nested_json(DEEP) + "}")
    with pytest.raises(LoadError, match=TOO_DEEP):
        ws.accounts("shop")


@pytest.mark.parametrize("values", [CANARY, [CANARY], {"token": [CANARY]}, {"1": {"x": CANARY}}])
def test_a_secret_in_the_wrong_shape_in_the_accounts_file_is_never_shown(ws, values):
    document = {"schema_version": 1, "accounts": {"shop": [{"name": "t", "values": values}]}}
    write_accounts(ws, json.dumps(document))
    with pytest.raises(LoadError) as info:
        ws.accounts("shop")
    assert info.value.problems[0][0].startswith("accounts.shop[0].values")
    chain, exc = [], info.value
    while exc is not None:
        chain += [str(exc), repr(exc), *map(repr, exc.args), *traceback.format_exception_only(exc)]
        exc = exc.__cause__ or exc.__context__
    assert all(CANARY not in text for text in chain)


# -- bounded echoes ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    "call",
    [
        lambda ws: ws.load("x" * 100_000),
        lambda ws: ws.save(Connector(display_name="D", host="h.io"), "X" * 100_000),
        lambda ws: ws.account("shop", "n" * 100_000),
        lambda ws: ws.delete_account("shop", "n" * 100_000),
    ],
    ids=["load", "save", "account", "delete_account"],
)
def test_store_messages_echo_a_bounded_excerpt(ws, call):
    write_accounts(ws, '{"schema_version": 1, "accounts": {}}')
    with pytest.raises(StoreError) as info:
        call(ws)
    assert "… (100000 characters)" in str(info.value)
    assert len(str(info.value)) < 400


def test_a_schema_version_too_long_to_echo(ws, tmp_path):
    path = write(tmp_path / "v.json", '{"schema_version": "' + "9" * 100_000 + '"}')
    with pytest.raises(LoadError) as info:
        ws.import_connector(path)
    assert str(info.value) == (
        f"{path}: schema_version: {'9' * 60!r}… (100000 characters) is not a schema version; "
        "it is a whole number such as 1"
    )


def test_yaml_aliases_are_refused_so_a_billion_laughs_file_cannot_expand(tmp_path):
    laughs = ["connector: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    laughs += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 10)]
    path = tmp_path / "laughs.yaml"
    path.write_text("schema_version: 1\n" + "\n".join(laughs) + "\n")
    with pytest.raises(LoadError) as info:
        Workspace(tmp_path / "ws").import_connector(path)
    assert "alias *a0 is not allowed; write the value out in full" in str(info.value)
    assert "at line 3" in str(info.value)
