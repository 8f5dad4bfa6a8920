"""A list of definitions edited one at a time — the shared shell of the action and account
steps: pick an item to edit it, New, Remove, and Apply (validate the form, then store).

Apply never replaces another item silently: a new item (or a renamed one) whose key is taken
is refused next to its key field, and a Replace button appears for overwriting on purpose."""

from __future__ import annotations

import html
from collections.abc import Iterator
from typing import Any

import ipywidgets as w

from .form_base import FormBase
from .i18n import label

APPLIED_STYLE = "color:#1b7f3b;font-size:12px"


def _tree(widget: w.Widget) -> Iterator[w.Widget]:
    """The widget and every widget displayed inside it."""
    yield widget
    for child in getattr(widget, "children", ()):
        yield from _tree(child)


class ItemList(w.VBox, FormBase):
    """Subclasses say how an item is keyed and shown and which form edits it."""

    title_key = ""  # label of the list
    new_key = ""  # label of the New button
    css = ""  # class suffix: cl-<css>-picker, cl-new-<css>, cl-apply-<css>

    def __init__(self, items: list[Any] = (), *, language: str = "en"):
        self.status = self._init_form(language)
        self.items: list[Any] = list(items)
        self.picker = w.Select(rows=5, layout=w.Layout(width="300px"))
        self.picker.add_class(f"cl-{self.css}-picker")
        self._make_buttons()
        self._edit_watched: set[str] = set()
        self.form_box = w.VBox([self.make_form()])
        self.load_blank()
        self.new.on_click(self.guard(lambda _: self.start_new()))
        self.remove.on_click(self.guard(lambda _: self.remove_selected()))
        self.apply.on_click(self.guard(lambda _: self.apply_form()))
        self.apply_top.on_click(self.guard(lambda _: self.apply_form()))
        self.replace.on_click(self.guard(lambda _: self.apply_form(replace=True)))
        self.watch(self.picker, self._picked)
        super().__init__(
            [
                self.labelled(w.HTML(), self.title_key),
                w.HBox([self.picker, w.VBox([self.new, self.remove, self.apply_top])]),
                self.applied_top,
                self.form_box,
                w.HBox([self.apply, self.replace, self.status]),
                self.applied,
            ]
        )
        self._refresh()

    def _make_buttons(self) -> None:
        """New, Remove, Apply (twice: beside the picker and under the form), Replace, and
        the confirmation lines beside each Apply."""
        self.new = self.labelled(w.Button(icon="plus"), self.new_key, "description")
        self.new.add_class(f"cl-new-{self.css}")
        self.remove = self.labelled(w.Button(icon="trash"), "remove", "description")
        self.apply = self.labelled(
            w.Button(button_style="primary", icon="check"), "apply", "description"
        )
        self.apply.add_class(f"cl-apply-{self.css}")
        self.replace = self.labelled(
            w.Button(button_style="warning", icon="exchange"), "replace", "description"
        )
        self.replace.add_class(f"cl-replace-{self.css}")
        self.replace.layout.display = "none"
        # Apply again beside the picker: a long form puts the bottom one out of sight.
        self.apply_top = self.labelled(
            w.Button(button_style="primary", icon="check"), "apply", "description"
        )
        self.apply_top.add_class(f"cl-apply-{self.css}-top")
        self.applied_top, self.applied = w.HTML(), w.HTML()
        self.applied_top.add_class(f"cl-applied-{self.css}-top")
        self.applied.add_class(f"cl-applied-{self.css}")

    # -- what a subclass says ------------------------------------------------------------------
    def key(self, item: Any) -> str:
        raise NotImplementedError

    def option(self, item: Any) -> str:
        return self.key(item)

    def make_form(self) -> w.Widget:
        """The editing form: ``to_spec()`` and ``from_spec(item or None)``."""
        raise NotImplementedError

    def blank(self) -> Any:
        return None

    def load_blank(self) -> None:
        """Show a blank item in the form (a subclass may give it a free key)."""
        self.form.from_spec(self.blank())
        self.remember_form()

    def form_state(self) -> Any:
        """What the form holds, comparable with ``==`` (applied or not)."""
        return self.form.raw()

    def _state_or_problem(self) -> Any:
        try:
            return self.form_state()
        except Exception as exc:  # broad on purpose: a half-typed value is still an edit
            return ("unreadable", str(exc))

    def remember_form(self) -> None:
        """The form as it is now is what was shown: no edit of the user's."""
        self._shown = self._state_or_problem()

    @property
    def form_edited(self) -> bool:
        """Whether the form holds edits not applied to the list."""
        return self._state_or_problem() != self._shown

    def taken_message(self, key: str) -> str:
        """What the key field says when ``key`` is taken (``replace`` and ``taken`` labels)."""
        return label("item.taken", self.language).format(key=key)

    # -- the shell -----------------------------------------------------------------------------
    @property
    def form(self) -> Any:
        return self.form_box.children[0]

    def _translatable_children(self):
        return (self.form,)

    def _refresh(self, selected: str | None = None) -> None:
        self.picker.options = [(self.option(item), self.key(item)) for item in self.items]
        self.picker.value = selected
        self.tell_listeners()

    def _offer_replace(self, key: str | None) -> None:
        """Show the key field's "taken" error and the Replace button (``None`` hides both)."""
        self.form.show_key_error(self.taken_message(key) if key is not None else None)
        self.replace.layout.display = None if key is not None else "none"

    def _picked(self) -> None:
        self._unconfirm()
        self._offer_replace(None)
        item = next((i for i in self.items if self.key(i) == self.picker.value), None)
        if item is not None:
            # One form, reloaded: replacing it would race the browser's typing into it.
            self.form.from_spec(item)
            self.remember_form()

    def start_new(self) -> None:
        self._unconfirm()
        self.picker.value = None
        self.load_blank()
        self._offer_replace(None)
        self.show_status("")

    def apply_form(self, *, replace: bool = False) -> Any:
        """Validate the form and store its item in the place of the one being edited, else
        at the end. An item of another key with the same key is refused (the error shows at
        the key field, with a Replace button) unless ``replace``: then it is overwritten."""
        item = self.form.to_spec()
        taken = self.key(item) != self.picker.value and any(
            self.key(old) == self.key(item) for old in self.items
        )
        if taken and not replace:
            self._offer_replace(self.key(item))
            return None
        replaced = {self.picker.value, self.key(item)}
        index = next(
            (i for i, old in enumerate(self.items) if self.key(old) in replaced), len(self.items)
        )
        kept = [old for old in self.items if self.key(old) not in replaced]
        kept.insert(min(index, len(kept)), item)
        self.items = kept
        self._refresh(self.key(item))
        self.remember_form()
        self._offer_replace(None)
        self.show_status("")
        self._confirm(item)
        return item

    def _confirm(self, item: Any) -> None:
        """Say the item was applied (and that only Save keeps it), until the next edit."""
        kind = label(f"applied.{self.css}", self.language)
        text = label("applied", self.language).format(kind=kind, key=self.key(item))
        message = f'<div class="cl-applied" style="{APPLIED_STYLE}">{html.escape(text)}</div>'
        self.applied_top.value = self.applied.value = message
        self._watch_edits()

    def _watch_edits(self) -> None:
        """Every input of the form (and the picker) clears the confirmation when it changes;
        rows added later change their box's children, which clears it too."""
        for widget in _tree(self.form_box):
            names = [n for n in ("value", "children") if widget.has_trait(n)]
            if names and widget.model_id not in self._edit_watched:
                self._edit_watched.add(widget.model_id)
                widget.observe(self._unconfirm, names=names)

    def _unconfirm(self, _change: Any = None) -> None:
        self.applied_top.value = self.applied.value = ""

    def remove_selected(self) -> None:
        self.items = [i for i in self.items if self.key(i) != self.picker.value]
        self._refresh()

    def set_items(self, items: list[Any]) -> None:
        self.items = list(items)
        self._refresh(self.key(self.items[0]) if self.items else None)

    def get(self, key: str) -> Any:
        for item in self.items:
            if self.key(item) == key:
                return item
        raise KeyError(key)
