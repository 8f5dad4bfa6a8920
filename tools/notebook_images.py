"""Screenshots of notebook 01's factory, one per step, for the saved notebook.

A notebook opened without running shows no widgets: JupyterLab renders a widget view only in
a *trusted* notebook, and a notebook handed to someone else is never trusted on their machine
(stored widget state was tried: Lab showed the ``text/plain`` repr; the state also holds what
password fields hold). Markdown images always render, in Lab, on GitHub and in nbviewer. So
this tool runs notebook 01 in JupyterLab in Chromium and saves what each tab of its factory
shows to ``notebooks/images/01_stepN.png``; the step headings of the notebook show them.

Run it after a change to the factory's look: ``make notebook-images`` (then review and commit
the PNGs). :func:`running_lab` is also what the saved-notebook browser test starts.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import nbformat

from tools.lab import NOTEBOOKS, lab_command

NOTEBOOK = "01_connector_factory.ipynb"
IMAGES = NOTEBOOKS / "images"
STEPS = 4
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


def step_image(step: int) -> Path:
    """Where the screenshot of step ``step`` (1-4) is kept."""
    return IMAGES / f"01_step{step}.png"


def _isolated_env(home: Path) -> dict[str, str]:
    """Jupyter folders of its own (no user settings, no news toast)."""
    settings = home / "settings"
    news = settings / "@jupyterlab" / "apputils-extension" / "notification.jupyterlab-settings"
    news.parent.mkdir(parents=True)
    news.write_text(json.dumps({"fetchNews": "false", "checkForUpdates": False}))
    return {
        **os.environ,
        "JUPYTER_CONFIG_DIR": str(home / "config"),
        "JUPYTER_DATA_DIR": str(home / "data"),
        "JUPYTER_RUNTIME_DIR": str(home / "runtime"),
        "JUPYTERLAB_SETTINGS_DIR": str(settings),
        "JUPYTERLAB_WORKSPACES_DIR": str(home / "workspaces"),
    }


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def running_lab(root: Path, home: Path, log: Path) -> Iterator[str]:
    """JupyterLab serving ``root``; yields the URL of ``NOTEBOOK`` (token included)."""
    port, token = _free_port(), "connector-lab-images"
    with log.open("w") as out:
        process = subprocess.Popen(
            lab_command(root, port=port, token=token, open_browser=False),
            env=_isolated_env(home),
            stdout=out,
            stderr=subprocess.STDOUT,
        )
        url = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + 60
            while True:
                if process.poll() is not None:
                    raise RuntimeError(f"JupyterLab exited early:\n{log.read_text()}")
                try:
                    with urllib.request.urlopen(f"{url}/api/status?token={token}", timeout=2):
                        break
                except OSError:
                    if time.monotonic() > deadline:
                        raise RuntimeError("JupyterLab did not answer within 60 s") from None
                    time.sleep(0.3)
            yield f"{url}/lab/tree/{NOTEBOOK}?token={token}"
        finally:
            process.terminate()
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()


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
            running_lab(tmp / "notebooks", tmp / "jupyter", tmp / "lab.log") as url,
            sync_playwright() as pw,
        ):
            browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_FLAGS)
            page = browser.new_page(viewport={"width": 1100, "height": 2600})
            page.set_default_timeout(60_000)
            page.goto(url)
            paths = _shoot_steps(page, out)
            browser.close()
    return paths


if __name__ == "__main__":
    for written in main(Path(sys.argv[1]) if len(sys.argv) > 1 else IMAGES):
        print(written, written.stat().st_size, "bytes")
