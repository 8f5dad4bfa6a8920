"""Step 1's Import and Export sections, headless: paste a cURL command for the sandbox,
Preview (the action and a masked account), Create (the forms filled), run it with 200; a bad
command names its problem; Export shows cURL and OpenAPI text without the secret."""

from __future__ import annotations

import base64
import json
from datetime import UTC, datetime

import ipywidgets as w
import pytest
from connector_lab.widgets import ConnectorFactory

from .tree import displayed, walk


@pytest.fixture
def factory() -> ConnectorFactory:
    return ConnectorFactory()


def curl_for(sandbox) -> str:
    return (
        f"curl '{sandbox.url}/apikey/header/items' \\\n"
        f"  -H 'X-API-Key: {sandbox.credentials.api_key}' --compressed -L -s"
    )


def texts(root) -> list[str]:
    return [str(x.value) for x in walk(root) if isinstance(x, w.HTML | w.Text | w.Textarea)]


def preview(factory, text: str, source: str = "curl"):
    displayed(factory, "cl-import-source").value = source
    displayed(factory, "cl-import-text").value = text
    displayed(factory, "cl-import-preview").click()
    return factory.import_panel


def test_the_sections_are_in_step_one_of_the_displayed_factory(factory):
    step_one = factory.tabs.children[0]
    for css in (
        "cl-interchange",
        "cl-import-source",
        "cl-import-text",
        "cl-import-file",
        "cl-import-preview",
        "cl-import-create",
        "cl-export-format",
        "cl-export-show",
        "cl-export-text",
        "cl-export-download",
    ):
        displayed(step_one, css)
    assert factory.interchange.titles == ("Import (cURL, OpenAPI, Postman)", "Export")
    assert ("cURL", "curl") in displayed(step_one, "cl-import-source").options
    factory.set_language("zh")
    assert factory.interchange.titles[1] == "导出"
    assert factory.import_panel.preview_button.description == "预览"


def test_preview_create_and_run_a_pasted_curl_command(factory, sandbox):
    panel = preview(factory, curl_for(sandbox))
    shown = panel.preview.value
    assert "get_header_items" in shown and "/apikey/header/items" in shown and "GET" in shown
    assert "imported: token=***" in shown
    assert "--compressed" in shown or "-L" in shown or "Ignored" not in shown
    assert sandbox.credentials.api_key not in panel.preview.value + panel.message.value
    assert factory.action_list.actions == []  # nothing created before Create
    assert panel.create_button.disabled is False

    displayed(factory, "cl-import-create").click()
    assert "created" in panel.message.value
    # the pasted command held the key: emptied, the key now only in step 3's password field
    assert panel.text.value == ""
    assert sandbox.credentials.api_key not in "".join(texts(factory.tabs.children[0]))
    form = factory.connector_form
    assert form.fields["host"].value == sandbox.host_port
    assert form.fields["protocol"].value == "http"
    assert form.auth_type.value == "api_key"
    assert form.settings.values()["name"] == "X-API-Key"
    assert [a.id for a in factory.action_list.actions] == ["get_header_items"]
    assert [a.name for a in factory.accounts] == ["imported"]

    factory.tabs.selected_index = 3
    run_panel = factory.run_panel
    assert run_panel.action.value == "get_header_items"
    assert run_panel.account.value == "imported"
    run_panel.run_button.click()
    assert run_panel.error.value == ""
    assert "HTTP 200 OK" in run_panel.status.value
    assert factory.result.status == 200
    assert sandbox.credentials.api_key not in "".join(texts(run_panel))


def test_the_imported_account_is_not_saved_until_save(sandbox, tmp_path):
    factory = ConnectorFactory(workspace=tmp_path / "ws")
    factory.connector_id.value = "old"
    preview(factory, curl_for(sandbox))
    factory.import_panel.create()
    assert factory.connector_id.value == ""
    connector_id = factory.save()
    assert [a.name for a in factory.workspace.accounts(connector_id)] == ["imported"]


def test_a_bad_command_shows_an_error_naming_the_problem(factory):
    panel = preview(factory, "curl -X")
    assert "cl-error" in panel.message.value and "-X" in panel.message.value
    assert "ImportFormatError" not in panel.message.value
    assert "cl-error" in panel.message.value
    assert panel.preview.value == "" and panel.create_button.disabled is True
    preview(factory, "   ")
    assert "nothing to import" in panel.message.value


def test_editing_the_input_disables_create_until_a_new_preview(factory, sandbox):
    panel = preview(factory, curl_for(sandbox))
    assert panel.create_button.disabled is False
    panel.text.value += " -H 'Accept: application/json'"
    assert panel.create_button.disabled is True and panel.report is None


def test_an_openapi_spec_pasted_or_uploaded_previews_its_operations(factory, sandbox):
    spec = {
        "openapi": "3.0.3",
        "info": {"title": "Sandbox", "version": "1"},
        "servers": [{"url": sandbox.url}],
        "paths": {
            "/orders": {
                "get": {
                    "operationId": "listOrders",
                    "parameters": [{"name": "count", "in": "query", "schema": {"type": "integer"}}],
                    "responses": {"200": {"description": "ok"}},
                }
            }
        },
    }
    panel = preview(factory, json.dumps(spec), source="openapi")
    assert panel.message.value == ""
    assert "listOrders" in panel.preview.value or "list_orders" in panel.preview.value
    assert "1 query" in panel.preview.value
    panel.text.value = ""
    panel.upload.value = (
        {
            "name": "spec.json",
            "type": "application/json",
            "size": 1,
            "content": memoryview(json.dumps(spec).encode()),
            "last_modified": datetime(2024, 1, 1, tzinfo=UTC),
        },
    )
    panel.preview_button.click()
    assert "1 query" in panel.preview.value
    panel.create()
    assert len(factory.action_list.actions) == 1


def test_a_broken_spec_names_where(factory):
    panel = preview(factory, '{"openapi": "3.0.3", "info": ', source="openapi")
    assert "cl-error" in panel.message.value and "line 1" in panel.message.value
    assert "ImportFormatError" not in panel.message.value


def test_export_shows_curl_and_openapi_without_the_secret(factory, sandbox):
    preview(factory, curl_for(sandbox))
    factory.import_panel.create()
    panel = factory.export_panel
    secret = sandbox.credentials.api_key
    displayed(factory, "cl-export-format").value = "curl"
    displayed(factory, "cl-export-show").click()
    assert panel.message.value == ""
    text = panel.output.value
    assert text.startswith("# get_header_items\ncurl") and "/apikey/header/items" in text
    assert "X-API-Key: ${" in text and secret not in text
    link = panel.download.value
    assert 'download="127_0_0_1.sh"' in link
    encoded = link.split("base64,")[1].split('"')[0]
    assert base64.b64decode(encoded).decode() == text

    panel.format.value = "openapi"
    assert panel.output.value == ""  # cleared until exported again
    panel.button.click()
    doc = json.loads(panel.output.value)
    assert doc["openapi"].startswith("3.1") and "/apikey/header/items" in doc["paths"]
    assert secret not in panel.output.value and secret not in panel.download.value


def test_the_export_box_is_read_only(factory, sandbox):
    preview(factory, curl_for(sandbox))
    factory.import_panel.create()
    factory.export_panel.show()
    before = factory.export_panel.output.value
    factory.export_panel.output.value = "edited"
    assert factory.export_panel.output.value == before


def test_export_of_an_incomplete_connector_says_what_is_missing(factory):
    factory.export_panel.button.click()
    assert "cl-error" in factory.export_panel.message.value


@pytest.mark.parametrize("key", ["postman", "python", "dlt"])
def test_exporters_built_in_parallel_are_offered_when_present(factory, sandbox, key):
    from connector_lab.widgets.export_panel import EXPORTERS
    from connector_lab.widgets.import_panel import interchange_function

    if interchange_function(EXPORTERS[key][1]) is None:
        pytest.skip(f"{EXPORTERS[key][1]} is not in this version")
    preview(factory, curl_for(sandbox))
    factory.import_panel.create()
    factory.export_panel.format.value = key
    text = factory.export_panel.show()
    assert text and sandbox.credentials.api_key not in text
