"""A lesson per test module, each with a sandbox of its own (checks reset its counters)."""

from __future__ import annotations

import pytest

from connector_lab.course import start_lesson


@pytest.fixture(scope="module")
def lesson(request):
    """The lesson named by the module's ``LESSON`` number, started in English."""
    with start_lesson(request.module.LESSON) as run:
        yield run
