"""Notebook 01 as committed (issue 13, point 8): readable before it runs — each step shows a
screenshot of its tab, small enough to hand out — with no secret in what is saved, and a
"try it yourself" whose endpoint really checks the API key."""

from __future__ import annotations

import json
import re
import tempfile

import nbformat
import pytest
from connector_lab.widgets import ConnectorFactory

from connector_lab import ApiKeyAuth, Connector
from connector_lab.sandbox import DEMO_CREDENTIALS, serve
from connector_lab.sandbox.credentials import SECRET_FIELDS
from tools.lab import NOTEBOOKS
from tools.notebook_images import STEPS, step_image

PATH = NOTEBOOKS / "01_connector_factory.ipynb"
PNG = b"\x89PNG\r\n\x1a\n"
IMAGE_BUDGET = 300_000  # bytes per screenshot
TOTAL_BUDGET = 1_500_000  # the notebook and its images together


def markdown(heading: str) -> str:
    nb = nbformat.read(PATH, as_version=4)
    cells = [c.source for c in nb.cells if c.cell_type == "markdown"]
    return next(s for s in cells if s.startswith(heading))


@pytest.mark.parametrize("step", range(1, STEPS + 1))
def test_each_step_shows_a_screenshot_of_its_tab(step):
    image = step_image(step)
    assert f"](images/{image.name})" in markdown(f"## Step {step}")
    data = image.read_bytes()
    assert data.startswith(PNG) and 5_000 < len(data) <= IMAGE_BUDGET


def test_the_notebook_and_its_images_fit_the_budget():
    size = PATH.stat().st_size + sum(step_image(s).stat().st_size for s in range(1, STEPS + 1))
    assert size <= TOTAL_BUDGET


def test_no_secret_in_the_saved_metadata():
    """No widget state is saved (it would not render in an untrusted notebook, and it holds
    what the password fields hold); whatever the metadata holds, no sandbox secret."""
    nb = nbformat.read(PATH, as_version=4)
    assert "widgets" not in nb.metadata
    metadata = json.dumps(nb.metadata) + json.dumps([c.get("metadata") for c in nb.cells])
    secrets = [getattr(DEMO_CREDENTIALS, name) for name in sorted(SECRET_FIELDS)]
    assert [s for s in secrets if s in metadata] == []
    assert not [c for c in nb.cells if c.get("attachments")]


def try_it(api, key: str) -> ConnectorFactory:
    """Do what "Try it yourself" says, through the forms, with ``key`` as the account's key."""
    text = markdown("## Try it yourself")
    path = next(p for p in re.findall(r"`([^`]+)`", text) if p.startswith("/"))
    named = re.search(r"header `([^`]+)`", text)
    header = named.group(1) if named else "X-API-Key"  # the sandbox's header API-key name
    factory = ConnectorFactory(workspace=tempfile.mkdtemp())
    factory.connector_form.from_spec(
        Connector(
            display_name="Mine",
            host=api.host_port,
            protocol="http",
            auth=ApiKeyAuth(name=header, location="header"),
        )
    )
    actions = factory.action_list
    actions.start_new()
    actions.form.fields["id"].control.value = "mine"
    actions.form.fields["path"].control.value = path
    actions.apply.click()
    factory.account_list.form.inputs["token"].value = key
    factory.account_list.apply.click()
    factory.run_panel.action.value = "mine"
    factory.run_panel.run_button.click()
    return factory


def test_try_it_yourself_needs_the_key():
    assert f"`{DEMO_CREDENTIALS.api_key}`" in markdown("## Try it yourself")
    with serve() as api:
        assert try_it(api, "not-the-key").result.status == 401
        assert try_it(api, DEMO_CREDENTIALS.api_key).result.status == 200
