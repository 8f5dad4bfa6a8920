"""Finding a widget as it is displayed: walk the tree of ``.children`` from a form."""

from __future__ import annotations

from collections.abc import Iterator

import ipywidgets as w


def walk(widget: w.Widget) -> Iterator[w.Widget]:
    """The widget and everything displayed inside it (tabs and accordions included)."""
    yield widget
    for child in getattr(widget, "children", ()):
        yield from walk(child)


def displayed(root: w.Widget, css: str) -> w.Widget:
    """The one widget in ``root``'s tree that carries the class ``css``."""
    (found,) = [x for x in walk(root) if css in x._dom_classes]
    return found


def inside(root: w.Widget, kind: type) -> w.Widget:
    """The one widget of exactly this type in ``root``'s tree."""
    (found,) = [x for x in walk(root) if type(x) is kind]
    return found
