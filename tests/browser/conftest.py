"""Fixtures that drive JupyterLab in a real Chromium through Playwright.

Browser tests skip, with the reason shown, on a machine without Chromium — unless CI=true or
CONNECTOR_LAB_REQUIRE_BROWSER=1, where a missing browser is a failure.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import nbformat
import pytest

from tools.lab import CHROMIUM_FLAGS, NOTEBOOKS, running_lab


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
