"""Fixtures that drive JupyterLab in a real Chromium through Playwright.

Browser tests skip, with the reason shown, on a machine without Chromium — unless CI=true or
CONNECTOR_LAB_REQUIRE_BROWSER=1, where a missing browser is a failure.
"""

from __future__ import annotations

import functools
import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import nbformat
import pytest

from tools.lab import NOTEBOOKS, lab_command

CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


def _browser_required() -> bool:
    return os.environ.get("CI") == "true" or os.environ.get("CONNECTOR_LAB_REQUIRE_BROWSER") == "1"


def _find_chromium() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        path = shutil.which(name)
        if path:
            return path
    return None


@pytest.fixture(scope="session")
def chromium_path() -> str:
    path = _find_chromium()
    if path is None:
        message = "no Chromium on this machine (apt-get install chromium)"
        if _browser_required():
            pytest.fail(f"browser tests are required here but {message}")
        pytest.skip(message)
    return path


@pytest.fixture(scope="session")
def browser(chromium_path):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium_path, args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, tmp_path):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.set_default_timeout(60_000)
    yield page
    context.close()


@dataclass
class Lab:
    url: str
    token: str
    root: Path

    def notebook_url(self, name: str) -> str:
        return f"{self.url}/lab/tree/{name}?token={self.token}"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _copy_notebooks_without_outputs(target: Path) -> None:
    """Serve a copy (Lab autosaves) whose outputs are cleared, so what the test sees was
    produced by running the notebook in the browser, not read back from the saved file."""
    target.mkdir()
    for source in NOTEBOOKS.glob("*.ipynb"):
        nb = nbformat.read(source, as_version=4)
        for cell in nb.cells:
            if cell.cell_type == "code":
                cell.outputs, cell.execution_count = [], None
        nbformat.write(nb, target / source.name)


@contextmanager
def serve_lab(base: Path) -> Iterator[Lab]:
    """JupyterLab on a free loopback port, with its own settings, over a copy of the
    notebooks in ``base``; stopped on exit."""
    root, home = base / "notebooks", base / "jupyter"
    _copy_notebooks_without_outputs(root)
    settings = home / "settings"
    news = settings / "@jupyterlab" / "apputils-extension" / "notification.jupyterlab-settings"
    news.parent.mkdir(parents=True)
    news.write_text(json.dumps({"fetchNews": "false", "checkForUpdates": False}))
    env = {
        **os.environ,
        "JUPYTER_CONFIG_DIR": str(home / "config"),
        "JUPYTER_DATA_DIR": str(home / "data"),
        "JUPYTER_RUNTIME_DIR": str(home / "runtime"),
        "JUPYTERLAB_SETTINGS_DIR": str(settings),
        "JUPYTERLAB_WORKSPACES_DIR": str(home / "workspaces"),
    }
    port, token = _free_port(), "connector-lab-test"
    log_path = base / "lab.log"
    with log_path.open("w") as log:
        process = subprocess.Popen(
            lab_command(root, port=port, token=token, open_browser=False),
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        url = f"http://127.0.0.1:{port}"
        try:
            probe = functools.partial(_http_answers, f"{url}/api/status?token={token}")
            _wait_until_up(process, probe, log_path, "JupyterLab")
            yield Lab(url=url, token=token, root=root)
        finally:
            _stop(process)


def _http_answers(url: str) -> None:
    with urllib.request.urlopen(url, timeout=2):
        pass


def _port_listens(port: int) -> None:
    # not a GET: Voila starts a kernel for each page it serves
    with socket.create_connection(("127.0.0.1", port), timeout=1):
        pass


def _wait_until_up(process: subprocess.Popen, probe, log: Path, what: str) -> None:
    """Until ``probe()`` stops raising OSError; fails at once if the process exits, or after
    60 s."""
    deadline = time.monotonic() + 60
    while True:
        if process.poll() is not None:
            pytest.fail(f"{what} exited early:\n{log.read_text()}")
        try:
            return probe()
        except OSError:
            if time.monotonic() > deadline:
                pytest.fail(f"{what} did not answer within 60 s:\n{log.read_text()}")
            time.sleep(0.3)


def _stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()


@pytest.fixture
def jupyter_lab(tmp_path, chromium_path) -> Iterator[Lab]:
    with serve_lab(tmp_path) as lab:
        yield lab


@pytest.fixture(scope="module")
def shared_lab(tmp_path_factory, chromium_path) -> Iterator[Lab]:
    """One JupyterLab for all the tests of a module (each opens its own notebook)."""
    with serve_lab(tmp_path_factory.mktemp("lab")) as lab:
        yield lab


def open_setup_notebook(lab: Lab, page, name: str, source: str) -> None:
    """Write a one-cell notebook of ``source`` beside the served notebooks, open it in
    ``page`` and run it (Run All Cells)."""
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(source)]
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    nbformat.write(nb, lab.root / name)
    page.goto(lab.notebook_url(name))
    run_all_cells(page)


def _isolated_env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CONNECTOR_LAB_")}
    for name in ("CONFIG", "DATA", "RUNTIME"):
        env[f"JUPYTER_{name}_DIR"] = str(home / name.lower())
    return env


@contextmanager
def serve_app(base: Path, language: str = "en") -> Iterator[str]:
    """``connector-lab -w <base>/workspace app --port P --language L`` (Voila) as a real
    subprocess on loopback; yields its URL, stops it on exit."""
    port, log_path = _free_port(), base / "app.log"
    argv = [sys.executable, "-m", "connector_lab.cli", "-w", str(base / "workspace")]
    argv += ["app", "--port", str(port), "--language", language]
    with log_path.open("w") as log:
        process = subprocess.Popen(
            argv, env=_isolated_env(base / "jupyter"), stdout=log, stderr=subprocess.STDOUT
        )
        try:
            probe = functools.partial(_port_listens, port)
            _wait_until_up(process, probe, log_path, "connector-lab app")
            assert "network policy 'default'" in log_path.read_text()  # bound to loopback
            yield f"http://127.0.0.1:{port}/"
        finally:
            _stop(process)


def loopback_only(page) -> None:
    """Voila asks a CDN for icon fonts: only loopback requests go out."""
    page.route(
        "**/*",
        lambda route: (
            route.continue_() if route.request.url.startswith("http://127.0.0.1") else route.abort()
        ),
    )


#: Screenshots are kept here too (gitignored), so a CI run leaves them as artifacts.
ARTIFACTS = Path(
    os.environ.get(
        "CONNECTOR_LAB_ARTIFACTS", Path(__file__).resolve().parents[2] / "test-artifacts"
    )
)


def save_screenshot(page, tmp_path: Path, name: str) -> Path:
    """A full-page screenshot in the test's temp dir and in the artifacts folder."""
    path = tmp_path / name
    page.screenshot(path=str(path), full_page=True)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / name).write_bytes(path.read_bytes())
    return path


def run_all_cells(page) -> None:
    """Wait for an idle kernel, then Run ▸ Run All Cells."""
    page.wait_for_selector("#jp-main-statusbar >> text=Idle", timeout=90_000)
    page.click('.lm-MenuBar-itemLabel:text-is("Run")')
    page.click('.lm-Menu-item[data-command="runmenu:run-all"]')
