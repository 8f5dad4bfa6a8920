"""Screenshots of notebook 01's factory, one per step, for the saved notebook.

A notebook opened without running shows no widgets: JupyterLab renders a widget view only in
a *trusted* notebook, and a notebook handed to someone else is never trusted on their machine
(stored widget state was tried: Lab showed the ``text/plain`` repr; the state also holds what
password fields hold). Markdown images always render, in Lab, on GitHub and in nbviewer. So
this tool runs notebook 01 in JupyterLab in Chromium and saves what each tab of its factory
shows to ``notebooks/images/01_stepN.png``; the step headings of the notebook show them.

Run it after a change to the factory's look: ``make notebook-images`` (then review and commit
the PNGs). The Lab it starts is :func:`tools.lab.running_lab`, as in the browser tests.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import nbformat

from tools.lab import CHROMIUM_FLAGS, NOTEBOOKS, running_lab

NOTEBOOK = "01_connector_factory.ipynb"
IMAGES = NOTEBOOKS / "images"
STEPS = 4


def step_image(step: int) -> Path:
    """Where the screenshot of step ``step`` (1-4) is kept."""
    return IMAGES / f"01_step{step}.png"


def _copy_cleared(root: Path) -> None:
    """The notebook without outputs: the screenshots show what running it produces."""
    root.mkdir()
    nb = nbformat.read(NOTEBOOKS / NOTEBOOK, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    nbformat.write(nb, root / NOTEBOOK)


def _shoot_steps(page, out: Path) -> list[Path]:
    """Run all cells, then screenshot the first factory once per tab."""
    page.wait_for_selector("#jp-main-statusbar >> text=Idle", timeout=90_000)
    page.click('.lm-MenuBar-itemLabel:text-is("Run")')
    page.click('.lm-Menu-item[data-command="runmenu:run-all"]')
    page.locator(".cl-try-it").wait_for(timeout=90_000)
    factory = page.locator(".cl-factory").first
    factory.locator(".cl-table .dt-scroll-body table").wait_for(timeout=60_000)
    page.wait_for_selector("#jp-main-statusbar >> text=Idle", timeout=90_000)
    paths = []
    for step in range(1, STEPS + 1):
        factory.locator(".lm-TabBar-tab").nth(step - 1).click()
        page.wait_for_timeout(700)  # the tab's layout settles (itables draws after showing)
        factory.scroll_into_view_if_needed()
        path = out / step_image(step).name
        factory.screenshot(path=str(path))
        paths.append(path)
    return paths


def main(out: Path = IMAGES) -> list[Path]:
    """Regenerate the step screenshots into ``out``; returns their paths."""
    from playwright.sync_api import sync_playwright

    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        _copy_cleared(tmp / "notebooks")
        with (
            running_lab(tmp / "notebooks", tmp / "jupyter", tmp / "lab.log", "images") as url,
            sync_playwright() as pw,
        ):
            browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_FLAGS)
            page = browser.new_page(viewport={"width": 1100, "height": 2600})
            page.set_default_timeout(60_000)
            page.goto(f"{url}/lab/tree/{NOTEBOOK}?token=images")
            paths = _shoot_steps(page, out)
            browser.close()
    return paths


if __name__ == "__main__":
    for written in main(Path(sys.argv[1]) if len(sys.argv) > 1 else IMAGES):
        print(written, written.stat().st_size, "bytes")
