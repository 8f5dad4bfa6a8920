"""tests/support.py: a missing tool skips on a person's machine and fails under CI=true."""

from __future__ import annotations

import pytest

from tests.support import require_binary, require_module


def test_present_tools_are_returned(monkeypatch):
    monkeypatch.setenv("CI", "true")
    assert require_binary("python3").endswith("python3")
    assert require_module("json").__name__ == "json"


@pytest.mark.parametrize(
    "call",
    [lambda: require_binary("no-such-program-xyz"), lambda: require_module("no_such_module_xyz")],
    ids=["binary", "module"],
)
def test_missing_tool_skips_outside_ci_and_fails_in_ci(monkeypatch, call):
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="is not installed"):
        call()
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="CI must install it"):
        call()
