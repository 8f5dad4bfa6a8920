"""Issue 13's end-to-end flows, in a real Chromium, (a) in JupyterLab and (b) in the Voila app
(``connector-lab app``), each in English and in 中文: from a blank factory, a connector with
API-key auth on the sandbox, an action with a path and a query parameter, an account, Run,
the table, Save, then a fresh factory Loads it from the list. One flow function drives all
four; a screenshot per step goes to test-artifacts/flow-{lab|voila}-{en|zh}-NN-step.png.

Elements are found by their .cl-* classes and tab positions, never by label text (labels
change with the language and with the layout work); the texts checked come from i18n."""

from __future__ import annotations

import itertools
import re
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from connector_lab.widgets import ConnectorFactory, label

from connector_lab import SCHEMES, Connector
from connector_lab.sandbox import DEMO_CREDENTIALS, start

from .conftest import (
    loopback_only,
    open_setup_notebook,
    run_all_cells,
    save_screenshot,
    serve_app,
    type_until_previewed,
)

pytestmark = [pytest.mark.browser, pytest.mark.slow]

TAB = ".lm-TabBar-tab"
ACTION_ID = "order_by_id"


@pytest.fixture(scope="module")
def sandbox() -> Iterator:
    """The sandbox in this process: the kernels of Lab and Voila call it on loopback."""
    api = start()
    yield api
    api.stop()


@pytest.fixture(scope="module")
def workspace(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("flows") / "workspace"


@pytest.fixture(scope="module")
def voila_app(tmp_path_factory, chromium_path) -> Iterator[str]:
    """One Voila app for both languages: each page load is a fresh kernel and factory."""
    with serve_app(tmp_path_factory.mktemp("voila"), "en") as url:
        yield url


class Flow:
    """Screenshots numbered in order, named flow-<where>-<language>-NN-<step>.png."""

    def __init__(self, page, tmp_path: Path, where: str, language: str):
        self.page, self.tmp_path = page, tmp_path
        self.prefix = f"flow-{where}-{language}"
        self.language = language
        self.count = itertools.count(1)

    def shot(self, step: str, focus=None) -> None:
        if focus is not None:
            focus.scroll_into_view_if_needed()
        self.page.wait_for_timeout(300)  # let the widgets settle before the picture
        name = f"{self.prefix}-{next(self.count):02d}-{step}.png"
        assert save_screenshot(self.page, self.tmp_path, name).stat().st_size > 10_000


def choose_language(flow: Flow, factory) -> None:
    """中文 by the toolbar's picker (its second button); the tab titles follow."""
    if flow.language == "en":
        return
    factory.locator(".cl-language button").nth(1).click()
    title = label(ConnectorFactory.STEPS[0], "zh")
    factory.locator(TAB).first.filter(has_text=title).wait_for()


def fill_connector(factory, host: str) -> None:
    factory.locator(TAB).nth(0).click()
    factory.locator(".cl-display-name input").fill("Flow shop")
    factory.locator(".cl-host input").fill(host)
    protocols = Connector.model_fields["protocol"].annotation.__args__
    factory.locator(".cl-protocol select").select_option(index=protocols.index("http"))
    factory.locator(".cl-auth-type select").select_option(index=list(SCHEMES).index("api_key"))
    factory.locator(".cl-auth-name input").fill("X-API-Key")


def fill_action(factory) -> None:
    """An action on /apikey/header/orders/{order_id} with a query parameter ``fields``."""
    factory.locator(TAB).nth(1).click()
    factory.locator(".cl-new-action").click()
    factory.locator(".cl-action-id input").fill(ACTION_ID)
    factory.locator(".cl-action-path input").fill("/apikey/header/orders/{order_id}")
    # the path made its parameter
    factory.locator(".cl-param-path .cl-param-auto-name", has_text="order_id").wait_for()
    factory.locator(".cl-add-query").click()
    factory.locator(".cl-param-query .cl-param-name input").first.fill("fields")
    factory.locator(".cl-apply-action").click()
    picked = factory.locator(".cl-action-picker select option", has_text=ACTION_ID)
    picked.wait_for(state="attached")


def fill_account(factory) -> None:
    factory.locator(TAB).nth(2).click()
    secret = factory.locator(".cl-account-token input")
    assert secret.get_attribute("type") == "password"
    secret.fill(DEMO_CREDENTIALS.api_key)
    factory.locator(".cl-apply-account").click()
    factory.locator(".cl-account-picker select option").first.wait_for(state="attached")


def run_and_read_table(flow: Flow, factory) -> None:
    factory.locator(TAB).nth(3).click()
    values = {"order_id": "42", "fields": "id,number,status"}
    type_until_previewed(factory, values, shown="/apikey/header/orders/42?fields=")
    flow.shot("run-form", factory.locator(".cl-run"))
    factory.locator(".cl-run").click()
    factory.locator(".cl-test-status", has_text="HTTP 200").wait_for(timeout=60_000)
    grid = factory.locator(".cl-table .cl-grid")
    cell = grid.locator("tbody td", has_text="SO-07-000042")
    cell.wait_for(timeout=60_000)
    assert "number" in grid.locator("thead").first.inner_text()
    assert DEMO_CREDENTIALS.api_key not in factory.locator(".cl-test-panel").inner_text()
    flow.shot("table", grid)


def save_table_file(flow: Flow, factory) -> None:
    """The test step's Save table: the CSV is written to the workspace's exports folder and
    offered as a download."""
    factory.locator(".cl-save-table").click()
    saved = factory.locator(".cl-save-table-status .cl-table-saved")
    saved.wait_for(timeout=60_000)
    written = Path(re.search(r"/\S+\.csv", saved.inner_text())[0])
    assert written.name == f"{ACTION_ID}.csv" and written.parent.name == "exports"
    assert "SO-07-000042" in written.read_text(encoding="utf-8")
    assert factory.locator(".cl-save-table-link").count() == 1
    flow.shot("table-saved", saved)


def save(factory, connector_id: str) -> None:
    factory.locator(".cl-connector-id input").fill(connector_id)
    factory.locator(".cl-save").click()
    factory.locator(".cl-saved").wait_for()


def load_in_fresh(flow: Flow, factory, connector_id: str) -> None:
    """A fresh factory: blank, its Load list offers the saved connector; Load brings the
    action (with both parameters) and the account back."""
    assert factory.locator(".cl-host input").input_value() == ""
    assert factory.locator(".cl-action-picker select option").count() == 0
    choose_language(flow, factory)
    factory.locator(".cl-load-picker select").select_option(label=connector_id)
    flow.shot("fresh", factory.locator(".cl-load-picker"))
    factory.locator(".cl-load").click()
    factory.locator(".cl-loaded").wait_for()
    assert factory.locator(".cl-host input").input_value() != ""
    factory.locator(TAB).nth(1).click()
    option = factory.locator(".cl-action-picker select option", has_text=ACTION_ID)
    option.wait_for(state="attached")
    factory.locator(TAB).nth(3).click()
    factory.locator(".cl-param-input-order_id input").wait_for()
    factory.locator(".cl-param-input-fields input").wait_for()
    factory.locator(".cl-test-account select option").first.wait_for(state="attached")
    flow.shot("loaded", factory.locator(".cl-run"))


def run_flow(flow: Flow, blank, fresh: Callable, host: str, connector_id: str) -> None:
    """The whole flow from the ``blank`` factory's locator; ``fresh()`` makes a new factory
    (a re-run cell, a reloaded page) and returns its locator."""
    blank.locator(".cl-host input").wait_for(timeout=90_000)
    flow.shot("blank", blank)
    choose_language(flow, blank)
    flow.shot("language", blank)
    fill_connector(blank, host)
    flow.shot("connector", blank.locator(".cl-auth-name"))
    fill_action(blank)
    flow.shot("action", blank.locator(".cl-apply-action"))
    fill_account(blank)
    flow.shot("account", blank.locator(".cl-apply-account"))
    run_and_read_table(flow, blank)
    save_table_file(flow, blank)
    save(blank, connector_id)
    flow.shot("saved", blank.locator(".cl-save"))
    load_in_fresh(flow, fresh(), connector_id)


LAB_SETUP = """\
import itertools

from connector_lab.widgets import ConnectorFactory

if "runs" not in globals():  # a re-run of the notebook makes factory 2, 3, …
    runs = itertools.count(1)
ConnectorFactory(workspace=r"{workspace}", css_class=f"cl-flow-{{next(runs)}}")
"""


@pytest.mark.parametrize("language", ["en", "zh"])
def test_flow_in_jupyterlab(shared_lab, page, tmp_path, sandbox, workspace, language):
    # A notebook and a connector id of their own per attempt: a rerun reusing the name would
    # get the first attempt's kernel back, whose counter has moved on (its factory would not be
    # cl-flow-1), and would be asked to replace the first attempt's saved connector.
    attempt = uuid.uuid4().hex[:8]
    name = f"flow_{language}_{attempt}.ipynb"
    open_setup_notebook(shared_lab, page, name, LAB_SETUP.format(workspace=workspace))
    flow = Flow(page, tmp_path, "lab", language)

    def fresh():
        run_all_cells(page)  # again: the cell's output is replaced by a new factory
        factory = page.locator(".cl-flow-2")
        factory.locator(".cl-host input").wait_for(timeout=90_000)
        return factory

    run_flow(
        flow, page.locator(".cl-flow-1"), fresh, sandbox.host_port, f"lab_{language}_{attempt}"
    )


@pytest.mark.parametrize("language", ["en", "zh"])
def test_flow_in_the_voila_app(voila_app, page, tmp_path, sandbox, language):
    loopback_only(page)
    page.goto(voila_app)
    flow = Flow(page, tmp_path, "voila", language)

    def fresh():
        page.reload()  # a new kernel, a new factory over the same workspace
        factory = page.locator(".cl-factory")
        factory.locator(".cl-host input").wait_for(timeout=90_000)
        return factory

    # an id of its own per attempt: a rerun in the same workspace would be asked to replace
    # the first attempt's connector
    connector_id = f"voila_{language}_{uuid.uuid4().hex[:8]}"
    run_flow(flow, page.locator(".cl-factory"), fresh, sandbox.host_port, connector_id)
