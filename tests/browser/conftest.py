"""Fixtures that drive JupyterLab in a real Chromium through Playwright.

Browser tests skip, with the reason shown, on a machine without Chromium — unless CI=true or
CONNECTOR_LAB_REQUIRE_BROWSER=1, where a missing browser is a failure.
"""

from __future__ import annotations

import os
import shutil
import socket
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import nbformat
import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from tools.lab import (
    CHROMIUM_FLAGS,
    NOTEBOOKS,
    ServerDidNotStart,
    free_port,
    running_lab,
    running_server,
)


def pytest_collection_modifyitems(items) -> None:
    """A browser test that fails is run once more before it counts: on a 2-core CI machine a
    kernel start or a Voila page now and then takes longer than the test's wait (seen in two
    of four fresh-clone runs, each time in a different test, none failing on a second run
    locally). A test that fails twice still fails the suite."""
    for item in items:
        if item.get_closest_marker("browser") is not None:
            item.add_marker(pytest.mark.flaky(reruns=1, reruns_delay=2))


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


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """Keep each phase's report on the test, so that ``page`` knows at teardown whether the
    test failed."""
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


@pytest.fixture
def page(browser, tmp_path, request):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.set_default_timeout(60_000)
    yield page
    failed = getattr(request.node, "report_call", None)
    if failed is not None and failed.failed:
        # What the page showed when the test gave up: the one clue to a wait that timed out.
        name = "".join(c if c.isalnum() else "-" for c in request.node.name)
        attempt = getattr(request.node, "execution_count", 1)  # pytest-rerunfailures' count
        try:
            save_screenshot(page, tmp_path, f"failed-{name}-{attempt}.png")
        except Exception as exc:  # broad: a broken page must not hide the test's own error
            print(f"no screenshot of the failed page: {exc}")
    context.close()


@dataclass
class Lab:
    url: str
    token: str
    root: Path

    def notebook_url(self, name: str) -> str:
        return f"{self.url}/lab/tree/{name}?token={self.token}"


def _copy_notebooks_without_outputs(target: Path) -> None:
    """Serve a copy (Lab autosaves) whose outputs are cleared, so what the test sees was
    produced by running the notebook in the browser, not read back from the saved file.
    The course's sub-folders (``course/en``, ``course/zh``) are copied too."""
    target.mkdir()
    for source in NOTEBOOKS.rglob("*.ipynb"):
        if ".ipynb_checkpoints" in source.parts:
            continue
        nb = nbformat.read(source, as_version=4)
        for cell in nb.cells:
            if cell.cell_type == "code":
                cell.outputs, cell.execution_count = [], None
        copy = target / source.relative_to(NOTEBOOKS)
        copy.parent.mkdir(parents=True, exist_ok=True)
        nbformat.write(nb, copy)


@pytest.fixture
def jupyter_lab(tmp_path, chromium_path) -> Iterator[Lab]:
    root, token = tmp_path / "notebooks", "connector-lab-test"
    _copy_notebooks_without_outputs(root)
    try:
        with running_lab(root, tmp_path / "jupyter", tmp_path / "lab.log", token) as url:
            yield Lab(url=url, token=token, root=root)
    except RuntimeError as exc:  # the server did not start (the test's own errors skip this)
        pytest.fail(str(exc))


@pytest.fixture(scope="module")
def shared_lab(tmp_path_factory, chromium_path) -> Iterator[Lab]:
    """One JupyterLab for all the tests of a module (each opens its own notebook)."""
    base, token = tmp_path_factory.mktemp("lab"), "connector-lab-test"
    root = base / "notebooks"
    _copy_notebooks_without_outputs(root)
    try:
        with running_lab(root, base / "jupyter", base / "lab.log", token) as url:
            yield Lab(url=url, token=token, root=root)
    except RuntimeError as exc:  # the server did not start
        pytest.fail(str(exc))


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
    # ``reset``: Lab forgets the tabs an earlier test left open in this shared server, so
    # the status bar's "Idle" and Run All are this notebook's, not a restored one's.
    page.goto(lab.notebook_url(name) + "&reset")
    page.locator(".lm-TabBar-tab.jp-mod-current", has_text=name).wait_for(timeout=90_000)
    run_all_cells(page)


def _app_env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CONNECTOR_LAB_")}
    for name in ("CONFIG", "DATA", "RUNTIME"):
        env[f"JUPYTER_{name}_DIR"] = str(home / name.lower())
    return env


@contextmanager
def serve_app(base: Path, language: str = "en", lesson: int | None = None) -> Iterator[str]:
    """``connector-lab -w <base>/workspace app --port P --language L [--lesson N]`` (Voila)
    as a real subprocess on loopback; yields its URL, stops it on exit."""
    port, log = free_port(), base / "app.log"
    argv = [sys.executable, "-m", "connector_lab.cli", "-w", str(base / "workspace")]
    argv += ["app", "--port", str(port), "--language", language]
    argv += ["--lesson", str(lesson)] if lesson is not None else []

    def answers() -> None:  # a connect, not a GET: Voila starts a kernel for each page
        socket.create_connection(("127.0.0.1", port), timeout=1).close()

    app_env = _app_env(base / "jupyter")
    try:
        with running_server(argv, app_env, log, answers, "connector-lab app"):
            assert "network policy 'default'" in log.read_text()  # bound to loopback
            yield f"http://127.0.0.1:{port}/"
    except ServerDidNotStart as exc:
        pytest.fail(str(exc))


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


#: True once a cell of the page has started: its prompt shows [*] or [n], not [ ].
_CELL_STARTED = """() => [...document.querySelectorAll('.jp-InputArea-prompt')]
    .some(p => /\\[(\\*|\\d+)\\]/.test(p.textContent))"""


def run_all_cells(page, tries: int = 3) -> None:
    """Wait for an idle kernel, then Run ▸ Run All Cells — again when no cell has started
    after a while (a menu click made while Lab is still busy settling can be lost; a second
    Run All is only sent while every prompt is still empty, so nothing runs twice)."""
    page.wait_for_selector("#jp-main-statusbar >> text=Idle", timeout=90_000)
    for attempt in range(tries):
        page.click('.lm-MenuBar-itemLabel:text-is("Run")')
        page.click('.lm-Menu-item[data-command="runmenu:run-all"]')
        try:
            page.wait_for_function(_CELL_STARTED, timeout=20_000)
            return
        except PlaywrightTimeout:
            if attempt == tries - 1:
                raise


def type_until_previewed(scope, values: dict[str, str], shown: str, tries: int = 5) -> None:
    """Type ``values`` (parameter name → text) into the run panel's inputs until the request
    preview shows ``shown``: the preview is built in the kernel from the values it has, so it
    proves they arrived before the test presses a button that reads them. (Typing again
    covers the case the run panel now avoids: inputs rebuilt while text was being typed.)"""
    preview = scope.locator(".cl-preview-request")
    for attempt in range(tries):
        for name, text in values.items():
            scope.locator(f".cl-param-input-{name} input").fill(text)
        try:
            preview.filter(has_text=shown).wait_for(timeout=5_000)
            return
        except PlaywrightTimeout:
            if attempt == tries - 1:
                raise
