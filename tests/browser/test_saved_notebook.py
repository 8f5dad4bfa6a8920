"""Notebook 01 exactly as committed, opened in JupyterLab WITHOUT running it (issue 13, point
8): a trainer hands it out as a document, so each step must show its form — as the screenshot
that tools/notebook_images.py took — before any cell runs."""

from __future__ import annotations

import shutil

import pytest

from tools.lab import NOTEBOOKS, running_lab
from tools.notebook_images import NOTEBOOK, STEPS, step_image

from .conftest import save_screenshot

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def test_saved_notebook_shows_each_step_before_it_runs(chromium_path, page, tmp_path):
    root = tmp_path / "notebooks"
    root.mkdir()
    shutil.copy(NOTEBOOKS / NOTEBOOK, root)  # outputs kept: what a trainee opens
    shutil.copytree(NOTEBOOKS / "images", root / "images")
    with running_lab(root, tmp_path / "jupyter", tmp_path / "lab.log", "saved") as url:
        page.goto(f"{url}/lab/tree/{NOTEBOOK}?token=saved")
        for step in range(1, STEPS + 1):
            image = page.locator(f'.jp-RenderedMarkdown img[src*="{step_image(step).name}"]')
            image.scroll_into_view_if_needed()
            image.wait_for(state="visible")
            # Loaded, not a broken-image icon: the browser decoded the PNG at its full size.
            size = image.evaluate("img => [img.complete, img.naturalWidth, img.naturalHeight]")
            assert size[0] and size[1] > 400 and size[2] > 200, (step, size)
            if step == 1:
                save_screenshot(page, tmp_path, "nb01-saved-step1.png")
        save_screenshot(page, tmp_path, "nb01-saved-step4.png")
        # Nothing ran: the execution counts are the saved ones, no widget view is live.
        assert page.locator(".jp-OutputArea-output .widget-button").count() == 0
