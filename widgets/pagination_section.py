"""The action form's pagination section (分页, spec F-10): a style picker, the fields the
chosen style uses and the stop rules — rows generated from the :class:`Pagination` model —
and "detect from a test run", which runs the action once and fills the section from what the
harvest stage detected.

Which fields a style uses is layout, not a rule of the model (the model holds them all): the
section shows those fields only, and stores only what is shown, so a value typed for another
style never rides along unseen.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import Any

import ipywidgets as w

from connector_lab import Result, SpecError
from connector_lab.spec import PAGINATION_STYLES, Pagination

from .common import error_html, problems_by_field
from .controls import control
from .form_base import FormBase
from .i18n import label
from .rows import FieldRow, field_help, model_rows

#: The style picker's value for an action that returns one page (``Action.pagination`` None).
NO_PAGINATION = "none"

#: The fields each style reads, in the order shown.
STYLE_FIELDS: dict[str, tuple[str, ...]] = {
    "auto": (),
    "page": ("page_param", "first_page", "size_param", "page_size"),
    "offset": ("offset_param", "size_param", "page_size"),
    "cursor": ("cursor_path", "cursor_header", "cursor_param", "cursor_in"),
    "next_url": ("next_url_path",),
    "link": (),
}
#: The stop rules, shown under every style.
STOP_FIELDS: tuple[str, ...] = (
    "total_path",
    "total_header",
    "stop_on_short_page",
    "max_pages",
    "max_records",
)


class PaginationSection(w.VBox, FormBase):
    """How the action's list continues over pages.

    ``to_spec()`` → :class:`Pagination` or None (no pagination); ``raw()`` is what the action
    is built from; ``from_spec(pagination)`` loads one. ``runner()`` runs the action once and
    returns the :class:`Result` that "detect" reads (the action form gives it).
    """

    def __init__(
        self,
        pagination: Pagination | None = None,
        *,
        language: str = "en",
        runner: Callable[[], Result] | None = None,
    ):
        status = self._init_form(language)
        self.runner = runner
        self.fields = model_rows(Pagination, self, prefix="pagination.", skip=("style",))
        style_input = control(str, NO_PAGINATION, choices=self._style_options())
        self.style = style_input.widget
        self.style_field = FieldRow(
            "pagination.style",
            style_input,
            self,
            css="cl-pagination-style",
            help=field_help(Pagination, "style"),
        )
        self.style_box = w.VBox()
        self.stop_box = w.VBox()
        self.stop_title = self.labelled(w.Label(), "pagination.stop")
        self.detect_button = self.labelled(
            w.Button(icon="search"), "pagination.detect", "description"
        )
        self.detect_button.add_class("cl-pagination-detect")
        self.detected = w.HTML()
        self.detected.add_class("cl-pagination-detected")
        self.detect_button.on_click(self.guard(lambda _: self.detect()))
        self.watch(self.style, self._style_changed)
        for name, field in self.fields.items():
            self.watch(field.control, lambda n=name: self._validate_field(n))
        title = self.labelled(w.HTML(), "pagination")
        super().__init__(
            [
                title,
                self.style_field,
                self.style_box,
                self.stop_box,
                self.detect_button,
                self.detected,
                status,
            ]
        )
        self.add_class("cl-pagination")
        self.from_spec(pagination)

    def __repr__(self) -> str:
        return f"<PaginationSection: {self.style.value!r}>"

    # -- language and layout -------------------------------------------------------------------
    def _style_options(self) -> list[tuple[str, str]]:
        options = [(label("pagination.none", self.language), NO_PAGINATION)]
        return options + [
            (label(f"pagination.style.{style}", self.language), style)
            for style in PAGINATION_STYLES
        ]

    def set_language(self, language: str) -> None:
        super().set_language(language)
        current = self.style.value
        with self.loading():
            self.style.options = self._style_options()
            self.style.value = current

    def shown_fields(self) -> tuple[str, ...]:
        """The fields on screen for the chosen style (none without pagination)."""
        style = self.style.value
        return () if style == NO_PAGINATION else STYLE_FIELDS[style] + STOP_FIELDS

    def _show_style(self) -> None:
        style = self.style.value
        self.style_box.children = [self.fields[n] for n in STYLE_FIELDS.get(style, ())]
        stops = [] if style == NO_PAGINATION else [self.fields[n] for n in STOP_FIELDS]
        self.stop_box.children = [self.stop_title, *stops] if stops else []

    def _style_changed(self) -> None:
        self._show_style()
        self.show_errors({})

    # -- spec ----------------------------------------------------------------------------------
    def raw(self) -> dict[str, Any] | None:
        """The shown fields' values with the style, or None without pagination."""
        if self.style.value == NO_PAGINATION:
            return None
        values = {name: self.fields[name].value for name in self.shown_fields()}
        return {"style": self.style.value, **values}

    def to_spec(self, *, show: bool = True) -> Pagination | None:
        raw = self.raw()
        try:
            pagination = None if raw is None else Pagination(**raw)
        except SpecError as error:
            if show:
                self.show_errors(problems_by_field(error, self.language))
            raise
        if show:
            self.show_errors({})
        return pagination

    def from_spec(self, pagination: Pagination | None) -> None:
        """Show ``pagination``; None shows "no pagination" over the model's defaults."""
        values = pagination or Pagination()
        with self.loading():
            self.style.value = pagination.style if pagination else NO_PAGINATION
            for name, field in self.fields.items():
                field.value = getattr(values, name)
        self._show_style()
        self.show_errors({})

    def show_errors(self, problems: dict[str, str]) -> None:
        """Each problem next to its field; one about the whole (``""``) next to the style."""
        for name, field in self.fields.items():
            field.show_error(problems.get(name))
        self.style_field.show_error(problems.get("style") or problems.get(""))

    def _validate_field(self, name: str) -> None:
        try:
            self.to_spec(show=False)
            self.fields[name].show_error(None)
        except SpecError as error:
            self.fields[name].show_error(problems_by_field(error, self.language).get(name))

    # -- detection -----------------------------------------------------------------------------
    def detect(self) -> Any:
        """Run the action once and fill the section from what the harvest stage detects.
        Returns the Detection (None when there is no detector or no way to run)."""
        self.detected.value = ""
        self.show_status("")
        if self.runner is None:
            self.detected.value = error_html(label("pagination.no_runner", self.language))
            return None
        try:
            # Imported on click, not with the module: the form must load, and say why detection
            # is unavailable, where the harvest stage is not installed.
            from connector_lab.harvest import detect_pagination
        except ImportError:
            self.detected.value = error_html(label("pagination.no_detector", self.language))
            return None
        result = self.runner()
        if not result.ok:
            raise ValueError(
                f"the test run answered HTTP {result.status}; make the action run first "
                "(step 4 shows the response), then detect"
            )
        detection = detect_pagination(result)
        self.apply_detection(detection)
        return detection

    def apply_detection(self, detection: Any) -> None:
        """Fill the section from a Detection and show which rule fired and why (a detection
        without pagination — a shape it would not guess — leaves the section as it is)."""
        if detection.pagination is not None:
            self.from_spec(detection.pagination)
        self.show_status("")
        title = label("pagination.detected", self.language)
        rule, reason = (html.escape(str(x)) for x in (detection.rule, detection.reason))
        self.detected.value = (
            f"<div class='cl-detection'><b>{html.escape(title)}:</b> "
            f"{html.escape(str(detection.style))} — <code>{rule}</code>: {reason}</div>"
        )


__all__ = ["NO_PAGINATION", "STOP_FIELDS", "STYLE_FIELDS", "PaginationSection"]
