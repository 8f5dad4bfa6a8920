"""The workspace: readable files with a schema version, list/load/save/rename/delete, sharing
one file, atomic saves (an exception mid-write and a killed process), concurrent saves, clear
load errors, migration of old files."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from connector_lab import Action, ApiKeyAuth, Connector, Param
from connector_lab.errors import ConflictError, LoadError, StoreError
from connector_lab.store import Workspace

DATA = Path(__file__).resolve().parents[1] / "data"


def shop(**changes) -> Connector:
    fields = {
        "display_name": "Sandbox Shop",
        "host": "127.0.0.1:8765",
        "protocol": "http",
        "auth": ApiKeyAuth(name="X-API-Key"),
        "actions": [
            Action(
                id="orders",
                name="List orders",
                path="/orders",
                params=[Param(name="count", type="integer", default=5)],
            )
        ],
    }
    return Connector(**{**fields, **changes})


@pytest.fixture
def ws(tmp_path) -> Workspace:
    return Workspace(tmp_path / "ws")


def test_saved_file_matches_the_golden_file_and_loads_back_equal(ws):
    connector_id = ws.save(shop())
    assert connector_id == "sandbox-shop"
    path = ws.root / "connectors" / "sandbox-shop.json"
    assert path.read_text(encoding="utf-8") == (DATA / "golden" / "sandbox-shop.json").read_text(
        encoding="utf-8"
    )
    assert ws.load("sandbox-shop") == shop()


def test_yaml_on_request_round_trips(ws):
    ws.save(shop(description="含中文"), format="yaml")
    path = ws.root / "connectors" / "sandbox-shop.yaml"
    assert path.read_text(encoding="utf-8").startswith("schema_version: 2\nconnector:\n")
    assert "含中文" in path.read_text(encoding="utf-8")
    assert ws.load("sandbox-shop") == shop(description="含中文")
    ws.save(shop())  # saving as JSON replaces the YAML file: one file per connector
    assert sorted(p.name for p in (ws.root / "connectors").iterdir()) == ["sandbox-shop.json"]


def test_list_rename_delete(ws):
    ws.save(shop())
    ws.save(shop(display_name="Other"), "other")
    assert [row["id"] for row in ws.list()] == ["other", "sandbox-shop"]
    ws.rename("other", "renamed")
    assert ws.ids() == ["renamed", "sandbox-shop"]
    with pytest.raises(ConflictError):
        ws.rename("renamed", "sandbox-shop")
    ws.delete("renamed")
    assert ws.ids() == ["sandbox-shop"]
    with pytest.raises(StoreError) as error:
        ws.load("renamed")
    assert str(error.value) == (f"no connector 'renamed' in {ws!r}; connectors: sandbox-shop")
    with pytest.raises(StoreError, match="is not a valid connector id"):
        ws.save(shop(), "Bad Id")


def test_share_and_import_with_clash_choices(ws, tmp_path):
    ws.save(shop())
    shared = ws.export_connector("sandbox-shop", tmp_path / "sandbox-shop.json")
    document = json.loads(shared.read_text())
    assert document["schema_version"] == 2 and "accounts" not in json.dumps(document)
    with pytest.raises(ConflictError) as error:
        ws.import_connector(shared)
    assert str(error.value) == (
        f"a connector 'sandbox-shop' already exists in {ws!r}; import with "
        "on_conflict='rename' (saved as 'sandbox-shop-2') or on_conflict='replace'"
    )
    assert ws.import_connector(shared, on_conflict="rename") == "sandbox-shop-2"
    assert ws.import_connector(shared, on_conflict="rename") == "sandbox-shop-3"
    assert ws.import_connector(shared, on_conflict="replace") == "sandbox-shop"
    other = Workspace(tmp_path / "elsewhere")
    assert other.import_connector(shared) == "sandbox-shop"
    assert other.load("sandbox-shop") == shop()


class Unserializable:
    pass


def test_an_exception_mid_save_leaves_the_old_file(ws):
    ws.save(shop())
    path = ws.root / "connectors" / "sandbox-shop.json"
    before = path.read_bytes()
    # The bad value sits after the connector's first fields, so the serializer has already
    # streamed part of the file when it fails. Validation refuses such a sample, so the action
    # is built unvalidated (as code that bypasses the models could).
    action = Action.model_construct(id="orders", name="x", expected_response=Unserializable())
    broken = shop(actions=[action])
    with pytest.raises(TypeError, match="Unserializable cannot be stored as JSON"):
        ws.save(broken)
    assert path.read_bytes() == before
    assert sorted(p.name for p in path.parent.iterdir()) == ["sandbox-shop.json"]


def test_a_process_killed_mid_save_leaves_the_old_file(ws):
    ws.save(shop())
    path = ws.root / "connectors" / "sandbox-shop.json"
    before = path.read_bytes()
    script = f"""
import os
import connector_lab.store.documents as documents
from connector_lab.store import Workspace
from connector_lab import Action, Connector

class Crash:
    pass

def die(value):
    os._exit(17)  # the process ends here, half-way through writing, as in a power cut

documents._json_default = die
# A long description fills the write buffer, so part of the file is on disk at the crash.
connector = Connector(display_name="Sandbox Shop", host="h.io", description="x" * 50_000,
                      actions=[Action.model_construct(id="a", name="A", expected_response=Crash())])
Workspace({str(ws.root)!r}).save(connector)
"""
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert done.returncode == 17, done.stderr
    leftovers = [p for p in path.parent.iterdir() if p.name != path.name]
    assert len(leftovers) == 1 and leftovers[0].stat().st_size > 0  # the half-written temp
    assert path.read_bytes() == before
    assert ws.ids() == ["sandbox-shop"]  # the leftover is not a connector
    assert ws.load("sandbox-shop") == shop()


def test_concurrent_saves_never_corrupt_the_file(ws):
    versions = [shop(description=f"version {i}" * 50) for i in range(8)]
    ws.save(versions[0])
    errors: list[BaseException] = []
    stop = threading.Event()

    def writer(version):
        for _ in range(25):
            ws.save(version)

    def reader():
        while not stop.is_set():
            try:
                assert ws.load("sandbox-shop") in versions
            except BaseException as exc:
                errors.append(exc)

    readers = [threading.Thread(target=reader) for _ in range(2)]
    writers = [threading.Thread(target=writer, args=(v,)) for v in versions]
    for thread in readers + writers:
        thread.start()
    for thread in writers:
        thread.join()
    stop.set()
    for thread in readers:
        thread.join()
    assert errors == []
    assert ws.load("sandbox-shop") in versions


def write(ws: Workspace, name: str, text: str) -> None:
    folder = ws.root / "connectors"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(text, encoding="utf-8")


def test_bad_files_name_file_field_and_problem_and_the_rest_still_load(ws):
    ws.save(shop())
    write(ws, "broken-json.json", '{"schema_version": 1, "connector": {')
    write(ws, "broken-yaml.yaml", "schema_version: 1\nconnector: [unclosed\n")
    write(ws, "future.json", '{"schema_version": 99, "connector": {}}')
    bad_rule = json.loads((DATA / "golden" / "sandbox-shop.json").read_text())
    bad_rule["connector"]["host"] = "https://api.example.com/"
    bad_rule["connector"]["actions"][0]["path"] = "/orders/{id}"
    write(ws, "bad-rule.json", json.dumps(bad_rule))
    report = ws.load_all()
    assert list(report.connectors) == ["sandbox-shop"]
    folder = ws.root / "connectors"
    assert str(report.errors["broken-json"]) == (
        f"{folder / 'broken-json.json'}: not valid JSON (line 1, column 37: Expecting "
        "property name enclosed in double quotes)"
    )
    assert str(report.errors["broken-yaml"]).startswith(
        f"{folder / 'broken-yaml.yaml'}: not valid YAML at line 3, column 1: "
    )
    assert str(report.errors["future"]) == (
        f"{folder / 'future.json'}: schema_version: the file has schema version 99; this "
        "connector_lab reads versions 0 to 2 — upgrade connector_lab to one that reads "
        "version 99"
    )
    assert str(report.errors["bad-rule"]) == (
        f"{folder / 'bad-rule.json'} (2 problems):\n"
        "  - connector.host: 'https://api.example.com/' includes the protocol; use host "
        "'api.example.com' and protocol 'https'\n"
        "  - connector.actions[0].path: placeholder {id} in path '/orders/{id}' has no path "
        "parameter; add a parameter named 'id' with location 'path'"
    )
    assert [row["error"] is None for row in ws.list()] == [False, False, False, False, True]
    with pytest.raises(LoadError):
        ws.load("future")


def test_an_old_version_file_loads_through_its_migration(ws):
    write(ws, "legacy.json", (DATA / "store" / "v0-connector.json").read_text())
    connector = ws.load("legacy")
    assert connector.auth == ApiKeyAuth(name="appkey", location="query")
    assert connector.action("today").path == "/weather/{city}"
    ws.save(connector, "legacy")  # saved again in the current version
    assert json.loads((ws.root / "connectors" / "legacy.json").read_text())["schema_version"] == 2


def test_files_are_readable_text(ws):
    ws.save(shop(description="含中文"))
    text = (ws.root / "connectors" / "sandbox-shop.json").read_text(encoding="utf-8")
    assert "含中文" in text and "\\u" not in text  # not escaped
    assert text.count("\n") > 20  # indented, one field a line
    assert os.stat(ws.root / "connectors" / "sandbox-shop.json").st_mode & 0o044  # shareable
