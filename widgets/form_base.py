"""The base of every step's form: its status line (where a failure is read), the loading
guard (no change events while a spec is loaded into the form) and its change events."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import ipywidgets as w

from .common import Translatable, error_html, note_html
from .messages import render_error


class FormBase(Translatable):
    """Mixed into each step's widget: call :meth:`_init_form` first and place the status line
    it returns; wire inputs with :meth:`watch` and buttons with :meth:`guard`."""

    def _init_form(self, language: str) -> w.HTML:
        self._init_labels(language)
        self._loading = False
        self._listeners: list[Callable[[], None]] = []
        self._shown_error: BaseException | None = None  # worded again on a language switch
        self.status_line = w.HTML()
        return self.status_line

    def show_status(self, message: str) -> None:
        """Show ``message`` as an error on the status line ("" clears it)."""
        self._shown_error = None
        self.status_line.value = error_html(message) if message else ""

    def show_exception(self, exc: BaseException) -> None:
        """Show ``exc`` as an error, worded in the form's language (never its class name)."""
        self.show_status(render_error(exc, self.language))
        self._shown_error = exc

    def set_language(self, language: str) -> None:
        super().set_language(language)
        if self._shown_error is not None:  # the error shown stays, in the new language
            self.show_exception(self._shown_error)

    def show_note(self, message: str) -> None:
        """Show ``message`` on the status line as a note, not an error ("" clears it): what
        is still missing before anything could run is no failure of the user's."""
        self._shown_error = None
        self.status_line.value = note_html(message) if message else ""

    @property
    def shows_error(self) -> bool:
        """Whether the status line shows an error now."""
        return "cl-error" in self.status_line.value

    def guard(self, callback: Callable) -> Callable:
        """``callback``, with any exception shown on the status line: ipywidgets swallows
        exceptions raised in handlers (they end up in a log nobody reads)."""

        def run(*args: Any, **kwargs: Any) -> Any:
            try:
                return callback(*args, **kwargs)
            except Exception as exc:  # broad on purpose: every failure must reach the user
                self.show_exception(exc)
                return None

        return run

    @contextmanager
    def loading(self) -> Iterator[None]:
        """While a spec is loaded into the form, the values it sets are no user's edits:
        watched handlers and change events stay quiet."""
        before, self._loading = self._loading, True
        try:
            yield
        finally:
            self._loading = before

    @property
    def is_loading(self) -> bool:
        return self._loading

    def watch(self, widget: w.ValueWidget, handler: Callable[[], None]) -> None:
        """Call ``handler()`` when ``widget``'s value changes, except while loading."""

        def changed(_change: dict) -> None:
            if not self._loading:
                self.guard(handler)()

        widget.observe(changed, names="value")

    def on_change(self, callback: Callable[[], None]) -> None:
        """Call ``callback()`` whenever what the form defines changes."""
        self._listeners.append(callback)

    def tell_listeners(self) -> None:
        """Tell the listeners; nothing while loading (the loader notifies once at the end)."""
        if self._loading:
            return
        for callback in self._listeners:
            callback()
