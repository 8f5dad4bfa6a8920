"""Shared fixtures.

Sandbox fixtures (F-9): ``sandbox`` is one server for the whole session — use it read-only
(no ``reset``, ``expire_tokens`` or ``token_ttl`` changes, no reliance on absolute counters);
``fresh_sandbox`` is a server of its own per test, for anything that changes or counts state.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from connector_lab.sandbox import SandboxAPI, serve


@pytest.fixture(scope="session")
def sandbox() -> Iterator[SandboxAPI]:
    """A sandbox API shared by the whole session (read-only use)."""
    with serve() as api:
        yield api


@pytest.fixture
def fresh_sandbox() -> Iterator[SandboxAPI]:
    """A sandbox API of this test alone: its own counters, tokens and rate limits."""
    with serve() as api:
        yield api


@pytest.fixture(scope="session")
def httpserver_listen_address():
    """pytest-httpserver on loopback, on a free port."""
    return ("127.0.0.1", 0)
