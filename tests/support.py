"""Helpers the test modules share (not fixtures: those are in conftest.py).

A test that needs an outside tool (the curl binary, the duckdb module) skips on a person's
machine that lacks it, with the reason shown — but fails under ``CI=true``, where .ci/run
installs everything and a skip would hide a missing install step.
"""

from __future__ import annotations

import importlib
import os
import shutil
from types import ModuleType

import pytest


def in_ci() -> bool:
    return os.environ.get("CI") == "true"


def _missing(what: str) -> None:
    message = f"{what} is not installed"
    if in_ci():
        pytest.fail(f"{message}; CI must install it (.ci/run, pyproject.toml)")
    pytest.skip(message)


def require_binary(name: str) -> str:
    """The path of the program ``name``; skips (fails in CI) when it is not on PATH."""
    path = shutil.which(name)
    if path is None:
        _missing(f"the {name!r} program")
    return path


def require_module(name: str) -> ModuleType:
    """The module ``name`` imported; skips (fails in CI) when it cannot be imported."""
    try:
        return importlib.import_module(name)
    except ImportError:
        _missing(f"the Python module {name!r}")
        raise  # unreachable: _missing raises; keeps type checkers honest
