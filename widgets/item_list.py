"""A list of definitions edited one at a time — the shared shell of the action and account
steps: pick an item to edit it, New, Remove, and Apply (validate the form, then store)."""

from __future__ import annotations

from typing import Any

import ipywidgets as w

from .form_base import FormBase


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
        self.new = self.labelled(w.Button(icon="plus"), self.new_key, "description")
        self.new.add_class(f"cl-new-{self.css}")
        self.remove = self.labelled(w.Button(icon="trash"), "remove", "description")
        self.apply = self.labelled(
            w.Button(button_style="primary", icon="check"), "apply", "description"
        )
        self.apply.add_class(f"cl-apply-{self.css}")
        self.form_box = w.VBox([self.make_form()])
        self.form.from_spec(self.blank())
        self.new.on_click(self.guard(lambda _: self.start_new()))
        self.remove.on_click(self.guard(lambda _: self.remove_selected()))
        self.apply.on_click(self.guard(lambda _: self.apply_form()))
        self.watch(self.picker, self._picked)
        super().__init__(
            [
                self.labelled(w.HTML(), self.title_key),
                w.HBox([self.picker, w.VBox([self.new, self.remove])]),
                self.form_box,
                w.HBox([self.apply, self.status]),
            ]
        )
        self._refresh()

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

    def _picked(self) -> None:
        item = next((i for i in self.items if self.key(i) == self.picker.value), None)
        if item is not None:
            # One form, reloaded: replacing it would race the browser's typing into it.
            self.form.from_spec(item)

    def start_new(self) -> None:
        self.picker.value = None
        self.form.from_spec(self.blank())
        self.show_status("")

    def apply_form(self) -> Any:
        """Validate the form and store its item — in the place of the one being edited (or
        of one with the same key), else at the end."""
        item = self.form.to_spec()
        replaced = {self.picker.value, self.key(item)}
        index = next(
            (i for i, old in enumerate(self.items) if self.key(old) in replaced), len(self.items)
        )
        kept = [old for old in self.items if self.key(old) not in replaced]
        kept.insert(min(index, len(kept)), item)
        self.items = kept
        self._refresh(self.key(item))
        self.show_status("")
        return item

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
