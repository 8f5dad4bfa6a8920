"""The standalone web app: ``connector-lab app`` started as a real subprocess on 127.0.0.1
with a free port, opened in Chromium; Voila renders the factory's tabs, in each language."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from connector_lab.widgets import label
from connector_lab.widgets.app import ConnectorFactory

from tools.lab import free_port

from .conftest import save_screenshot

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def _isolated_env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CONNECTOR_LAB_")}
    for name in ("CONFIG", "DATA", "RUNTIME"):
        env[f"JUPYTER_{name}_DIR"] = str(home / name.lower())
    return env


def _wait_for_port(process: subprocess.Popen, port: int, log: Path) -> None:
    deadline = time.monotonic() + 60
    while True:
        if process.poll() is not None:
            pytest.fail(f"connector-lab app exited early:\n{log.read_text()}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            if time.monotonic() > deadline:
                pytest.fail(f"connector-lab app did not listen within 60 s:\n{log.read_text()}")
            time.sleep(0.3)


@pytest.fixture
def web_app(request, tmp_path, chromium_path) -> Iterator[str]:
    """``connector-lab -w <tmp> app --port P --language <param>``; yields its URL."""
    port, log = free_port(), tmp_path / "app.log"
    argv = [sys.executable, "-m", "connector_lab.cli", "-w", str(tmp_path / "workspace")]
    argv += ["app", "--port", str(port), "--language", request.param]
    with log.open("w") as out:
        process = subprocess.Popen(
            argv, env=_isolated_env(tmp_path / "jupyter"), stdout=out, stderr=subprocess.STDOUT
        )
    try:
        _wait_for_port(process, port, log)
        assert "network policy 'default'" in log.read_text()  # bound to loopback
        yield f"http://127.0.0.1:{port}/"
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()


@pytest.mark.parametrize("web_app", ["en", "zh"], indirect=True)
def test_the_web_app_renders_the_factory_tabs(web_app, page, tmp_path, request):
    language = request.node.callspec.params["web_app"]
    # Voila asks a CDN for icon fonts: only loopback requests go out.
    page.route(
        "**/*",
        lambda route: (
            route.continue_() if route.request.url.startswith("http://127.0.0.1") else route.abort()
        ),
    )
    page.goto(web_app)
    factory = page.locator(".cl-factory")
    factory.wait_for(timeout=90_000)
    tabs = factory.locator(".lm-TabBar-tab")
    titles = [label(step, language) for step in ConnectorFactory.STEPS]
    for title in titles:
        tabs.filter(has_text=title).first.wait_for()
    assert tabs.count() >= len(titles)
    # with a workspace: the toolbar's Save and Load
    factory.locator(".widget-button", has_text=label("save", language)).first.wait_for()
    factory.locator(".cl-language").wait_for()
    tabs.filter(has_text=titles[1]).first.click()  # the tabs respond: step 2 opens
    page.wait_for_timeout(500)
    shot = save_screenshot(page, tmp_path, f"webapp_{language}.png")
    assert shot.stat().st_size > 10_000
