"""Step 1's "Export" section (导出): the current connector as cURL commands, OpenAPI 3.1, a
Postman collection, a Python script or a dlt source — shown read-only to copy, and as a
download link. Exporters write credentials as environment-variable references, never values.

Only the formats whose exporter exists in this version are offered.
"""

from __future__ import annotations

import base64
import html
import json
import re
from collections.abc import Callable

import ipywidgets as w

from connector_lab import Connector

from .controls import control
from .form_base import FormBase
from .i18n import label
from .import_panel import available, interchange_function

#: format key → (label, exporter name in connector_lab.interchange)
EXPORTERS = {
    "curl": ("cURL", "to_curl_commands"),
    "openapi": ("OpenAPI 3.1", "to_openapi"),
    "postman": ("Postman v2.1", "to_postman"),
    "python": ("Python (requests)", "to_python"),
    "dlt": ("dlt rest_api", "to_dlt"),
}

#: format key → (file name suffix, MIME type)
FILES = {
    "curl": (".sh", "text/x-shellscript"),
    "openapi": (".openapi.json", "application/json"),
    "postman": (".postman_collection.json", "application/json"),
    "python": (".py", "text/x-python"),
    "dlt": ("_dlt.py", "text/x-python"),
}


def export_text(connector: Connector, key: str) -> str:
    """The connector in format ``key``, as the text of its file."""
    out = interchange_function(EXPORTERS[key][1])(connector)
    if key == "curl":
        return "\n\n".join(f"# {action_id}\n{command}" for action_id, command in out.items())
    if isinstance(out, dict):
        return json.dumps(out, indent=2, ensure_ascii=False)
    return out


def file_name(connector: Connector, key: str) -> str:
    stem = re.sub(r"[^A-Za-z0-9]+", "_", connector.display_name).strip("_").lower()
    return (stem or "connector") + FILES[key][0]


def download_html(text: str, name: str, mime: str, caption: str) -> str:
    """A link that downloads ``text`` as the file ``name`` (a data: URI, no server needed)."""
    data = base64.b64encode(text.encode("utf-8")).decode("ascii")
    return (
        f'<a class="cl-export-link" download="{html.escape(name)}" '
        f'href="data:{mime};charset=utf-8;base64,{data}">⬇ {html.escape(caption)} '
        f"{html.escape(name)}</a>"
    )


class ExportPanel(w.VBox, FormBase):
    """Format picker, Export button, the output (read-only) and a download link.

    ``source()`` gives the connector to export (the factory's current definition).
    """

    def __init__(self, source: Callable[[], Connector], *, language: str = "en"):
        self.message = self._init_form(language)
        self.source = source
        self._showing = False
        self.format = control(str, choices=available(EXPORTERS), width="220px").widget
        self.format.add_class("cl-export-format")
        self.button = self.labelled(w.Button(icon="download"), "export.show", "description")
        self.button.add_class("cl-export-show")
        self.output = control(str, width="100%", height="200px").widget
        self.output.add_class("cl-export-text")
        self.download = w.HTML()
        self.download.add_class("cl-export-download")
        self.button.on_click(self.guard(lambda _: self.show()))
        self.format.observe(lambda _: self._cleared(), names="value")
        self.output.observe(self._keep_read_only, names="value")
        super().__init__(
            [w.HBox([self.format, self.button]), self.message, self.output, self.download]
        )
        self.add_class("cl-export")

    def __repr__(self) -> str:
        return f"<ExportPanel: format={self.format.value!r}>"

    def _set_output(self, text: str) -> None:
        self._showing = True
        try:
            self.output.value = text
        finally:
            self._showing = False

    def _keep_read_only(self, change: dict) -> None:
        if not self._showing:  # an edit in the browser: put the export back
            self._set_output(change["old"])

    def _cleared(self) -> None:
        self._set_output("")
        self.download.value = ""

    def show(self) -> str:
        """Export the current connector in the chosen format; show it and its download."""
        self._cleared()
        self.show_status("")
        connector = self.source()
        key = self.format.value
        text = export_text(connector, key)
        self._set_output(text)
        self.download.value = download_html(
            text, file_name(connector, key), FILES[key][1], label("export.download", self.language)
        )
        return text


__all__ = ["EXPORTERS", "ExportPanel", "export_text"]
