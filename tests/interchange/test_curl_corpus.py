"""Every command of the vendored corpus (tests/data/interchange/curl) imports as recorded."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from connector_lab import from_curl
from connector_lab.wire.urls import join_url

CORPUS = Path(__file__).resolve().parent.parent / "data" / "interchange" / "curl"
ENTRIES = yaml.safe_load((CORPUS / "commands.yaml").read_text(encoding="utf-8"))


def test_the_corpus_is_large_enough_and_sourced():
    assert len(ENTRIES) >= 20
    assert all(entry["source"] for entry in ENTRIES)
    assert (CORPUS / "README.md").exists()


@pytest.mark.parametrize("entry", ENTRIES, ids=[e["id"] for e in ENTRIES])
def test_corpus_command_imports_as_recorded(entry):
    expect = entry["expect"]
    report = from_curl(entry["command"])
    connector = report.connector
    (action,) = connector.actions
    assert action.method == expect["method"]
    assert connector.host == expect["host"]
    url = join_url(connector.origin, connector.base_url, action.path)
    assert url == f"{connector.origin}{expect['url_path']}"
    assert connector.auth.type == expect["auth"]
    assert [f"{p.location}:{p.name}" for p in action.params] == expect["params"]
    assert action.body_style == expect.get("body_style", "json")
    assert len(report.warnings) == expect.get("warnings", 0), report.warnings
    assert len(report.ignored) == expect.get("ignored", 0), report.ignored
    wants_account = expect.get("account", expect["auth"] != "none")
    assert [a.name for a in report.accounts] == (["imported"] if wants_account else [])
    for account in report.accounts:  # every value masked or an env: reference
        assert all(v in ("***", "''") or "env:" in v for v in _shown(account))


def _shown(account) -> list[str]:
    text = repr(account)
    inner = text[text.index("{") + 1 : text.rindex("}")]
    return [part.split(": ", 1)[1].strip("'") for part in inner.split(", ") if ": " in part]
