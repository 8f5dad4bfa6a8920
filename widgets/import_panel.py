"""Step 1's "Import" section (导入): paste a cURL command, an OpenAPI / Swagger spec or a
Postman collection (or upload the file), Preview what will be created — the connector, its
actions, the auth scheme, the recognised account (masked), the warnings and what was ignored —
then Create, which hands the :class:`ImportReport` to the factory (the usual forms to adjust).

The importers are looked up when used: a format whose importer is not installed in this
version is not offered.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import Any

import ipywidgets as w

from connector_lab import ConnectorLabError

from .controls import control
from .form_base import FormBase
from .i18n import label

#: source key → (label, name of the importer in connector_lab.interchange)
IMPORTERS = {
    "curl": ("cURL", "from_curl"),
    "openapi": ("OpenAPI / Swagger", "from_openapi"),
    "postman": ("Postman", "from_postman"),
}


def interchange_function(name: str) -> Callable | None:
    """The function ``name`` of connector_lab.interchange, or None when not in this version."""
    from connector_lab import interchange

    return getattr(interchange, name, None)


def available(table: dict[str, tuple[str, str]]) -> list[tuple[str, str]]:
    """``(label, key)`` of the entries of ``table`` whose function exists."""
    return [(text, key) for key, (text, name) in table.items() if interchange_function(name)]


def uploaded(upload: w.FileUpload) -> bytes | None:
    """The content of the file chosen in ``upload`` (None when none)."""
    if not upload.value:
        return None
    return bytes(upload.value[0]["content"])


def _items(title: str, lines: list[str], css: str) -> str:
    if not lines:
        return ""
    rows = "".join(f"<li>{html.escape(line)}</li>" for line in lines)
    return f'<div class="{css}"><b>{html.escape(title)}</b><ul>{rows}</ul></div>'


def _param_counts(action) -> str:
    counts: dict[str, int] = {}
    for param in action.params:
        counts[param.location] = counts.get(param.location, 0) + 1
    return ", ".join(f"{n} {where}" for where, n in counts.items()) or "0"


def preview_html(report, t: Callable[[str], str]) -> str:
    """What an import will create, as HTML; account values are masked."""
    c = report.connector
    head = (
        f"<div><b>{html.escape(c.display_name)}</b> — {html.escape(c.protocol)}://"
        f"{html.escape(c.host)} · base URL <code>{html.escape(c.base_url)}</code> · "
        f"{html.escape(t('import.auth'))}: <code>{html.escape(c.auth.type)}</code></div>"
    )
    rows = "".join(
        f"<tr><td>{html.escape(a.id)}</td><td>{html.escape(a.method)}</td>"
        f"<td><code>{html.escape(a.path)}</code></td><td>{html.escape(_param_counts(a))}</td></tr>"
        for a in c.actions
    )
    table = (
        f'<table class="cl-import-actions"><tr><th>id</th><th>{html.escape(t("import.method"))}'
        f"</th><th>{html.escape(t('import.path'))}</th><th>{html.escape(t('import.params'))}"
        f"</th></tr>{rows}</table>"
    )
    accounts = [
        f"{a.name}: " + ", ".join(f"{key}=***" for key in a.values if a.is_set(key))
        for a in report.accounts
    ]
    return (
        head
        + table
        + _items(t("import.accounts"), accounts, "cl-import-accounts")
        + _items(t("import.warnings"), list(report.warnings), "cl-import-warnings")
        + _items(t("import.ignored"), list(report.ignored), "cl-import-ignored")
    )


class ImportPanel(w.VBox, FormBase):
    """Source picker, paste box, file upload, Preview and Create.

    ``on_create(report)`` is called with the previewed :class:`ImportReport` on Create;
    :attr:`report` holds the last preview's report (None before one or after an error).
    """

    def __init__(self, on_create: Callable[[Any], None], *, language: str = "en"):
        self.message = self._init_form(language)
        self.message.add_class("cl-import-status")
        self.on_create = on_create
        self.report = None
        self.source = w.ToggleButtons(options=available(IMPORTERS))
        self.source.add_class("cl-import-source")
        self.text = control(str, width="100%", height="120px").widget
        self.text.add_class("cl-import-text")
        self.upload = w.FileUpload(accept=".json,.yaml,.yml,.gz,.txt", multiple=False)
        self.labelled(self.upload, "upload", "description")
        self.upload.add_class("cl-import-file")
        self.preview_button = self.labelled(w.Button(icon="eye"), "import.preview", "description")
        self.preview_button.add_class("cl-import-preview")
        self.create_button = self.labelled(
            w.Button(icon="check", button_style="primary", disabled=True),
            "import.create",
            "description",
        )
        self.create_button.add_class("cl-import-create")
        self.preview = w.HTML()
        self.preview.add_class("cl-import-preview-out")
        self.preview_button.on_click(self.guard(lambda _: self.show_preview()))
        self.create_button.on_click(self.guard(lambda _: self.create()))
        for widget in (self.source, self.text, self.upload):
            widget.observe(lambda _: self._invalidate(), names="value")
        super().__init__(
            [
                self.source,
                self.labelled(w.HTML(), "import.hint"),
                self.text,
                w.HBox([self.upload, self.preview_button, self.create_button]),
                self.message,
                self.preview,
            ]
        )
        self.add_class("cl-import")

    def __repr__(self) -> str:
        return f"<ImportPanel: source={self.source.value!r}>"

    def _t(self, key: str) -> str:
        return label(key, self.language)

    def _invalidate(self) -> None:
        """The input changed: the preview no longer says what Create would make."""
        self.report = None
        self.create_button.disabled = True

    def read(self):
        """Run the chosen importer on the uploaded file, else on the pasted text."""
        key = self.source.value
        importer = interchange_function(IMPORTERS[key][1])
        content = uploaded(self.upload) if key != "curl" else None
        text = self.text.value
        if content is None and not text.strip():
            raise ValueError(self._t("import.empty"))
        if key == "curl":
            return importer(text)
        return importer(content if content is not None else text)

    def show_preview(self):
        """Import, show what would be created (or the error), and enable Create."""
        self._invalidate()
        self.preview.value = ""
        self.show_status("")
        try:
            report = self.read()
        except (ConnectorLabError, ValueError) as error:
            self.show_exception(error)
            return None
        self.report = report
        self.preview.value = preview_html(report, self._t)
        self.create_button.disabled = False
        return report

    def create(self):
        """Hand the previewed report to the factory, then empty the paste box and the upload:
        a pasted command may hold a credential, which now lives in step 3's password field."""
        report = self.report
        if report is None:
            raise ValueError(self._t("import.preview_first"))
        self.on_create(report)
        self.text.value = ""
        self.upload.value = ()
        self.message.value = (
            f"<span class='cl-imported'>{html.escape(self._t('import.created'))}</span>"
        )
        return report


__all__ = ["IMPORTERS", "ImportPanel", "available", "interchange_function", "preview_html"]
