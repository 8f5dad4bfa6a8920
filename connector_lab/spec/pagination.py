"""How an action's list continues over pages (分页, spec F-10): the style, the names of the
parameters that move through the list, where the next cursor or URL is found, and when to stop.

Stored with the action, so a saved connector harvests the same way from a notebook, the forms
and the command line. The harvest stage (``connector_lab.harvest``) reads it; nothing here
sends a request.

Styles:

- ``page``      — ``page_param`` counts pages from ``first_page`` (``?page=1&per_page=100``);
- ``offset``    — ``offset_param`` counts records from 0 (``?offset=0&limit=100``);
- ``cursor``    — the next cursor is read from the body (``cursor_path``) or a header
  (``cursor_header``) and sent as ``cursor_param`` in the query or the JSON body;
- ``next_url``  — the body holds the next page's URL (``next_url_path``), absolute or relative;
- ``link``      — the ``Link`` header's ``rel="next"`` (RFC 8288), as GitHub sends it;
- ``auto``      — the style is detected from the first response, and the rule that fired is
  reported.

Stop rules, whichever style: an empty page; a short page (fewer records than ``page_size``);
the total (``total_path`` in the body or ``total_header``) reached; ``max_pages``;
``max_records``. A cursor or next URL seen before stops the run with a loop error.
"""

from __future__ import annotations

import re
from typing import Literal

from pydantic import Field, model_validator

from ..errors import SpecError
from .base import SpecModel
from .limits import shown
from .vocabulary import IDENTIFIER

PaginationStyle = Literal["auto", "page", "offset", "cursor", "next_url", "link"]
#: The styles in the order the forms offer them.
PAGINATION_STYLES: tuple[str, ...] = ("auto", "page", "offset", "cursor", "next_url", "link")

# A JSONPath as the tables stage reads it ($.a.b, $['a-b'], $.data[0].next) or a dotted
# path (a.b); checked loosely here — the spec stage has no JSONPath parser, and the harvest
# stage names a path that matches nothing when it meets one.
_PATH = re.compile(r"^(\$|[A-Za-z_\u0080-\uffff])[^\s]*$")
_HEADER = re.compile(r"^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$")


class Pagination(SpecModel):
    """How an action's list continues over pages (分页). See the module docstring."""

    style: PaginationStyle = Field(
        "auto",
        title="Style",
        description="How the next page is asked for; 'auto' detects it from the first page.",
        json_schema_extra={"enum": list(PAGINATION_STYLES)},
    )
    page_param: str = Field(
        "page", title="Page parameter", description="The query parameter holding the page."
    )
    first_page: int = Field(
        1, title="First page", description="The number of the first page (0 or 1)."
    )
    offset_param: str = Field(
        "offset",
        title="Offset parameter",
        description="The query parameter holding the index of the first record.",
    )
    size_param: str | None = Field(
        None,
        title="Page size parameter",
        description="The query parameter holding the page size (per_page, limit, pageSize).",
        json_schema_extra={"placeholder": "per_page (optional)"},
    )
    page_size: int | None = Field(
        None,
        title="Page size",
        description="Records per page to ask for; also what makes a page 'short'.",
    )
    cursor_param: str = Field(
        "cursor",
        title="Cursor parameter",
        description="The parameter the next cursor is sent as.",
    )
    cursor_in: Literal["query", "body"] = Field(
        "query", title="Cursor sent in", description="Send the cursor in the query or the body."
    )
    cursor_path: str | None = Field(
        None,
        title="Next cursor (JSONPath)",
        description="Where the body holds the next cursor.",
        json_schema_extra={"placeholder": "$.next_cursor"},
    )
    cursor_header: str | None = Field(
        None,
        title="Next cursor header",
        description="The response header holding the next cursor (instead of the body).",
        json_schema_extra={"placeholder": "X-Next-Cursor (optional)"},
    )
    next_url_path: str | None = Field(
        None,
        title="Next URL (JSONPath)",
        description="Where the body holds the next page's URL (absolute or relative).",
        json_schema_extra={"placeholder": "$.next"},
    )
    total_path: str | None = Field(
        None,
        title="Total (JSONPath)",
        description="Where the body holds the total number of records.",
        json_schema_extra={"placeholder": "$.total (optional)"},
    )
    total_header: str | None = Field(
        None,
        title="Total header",
        description="The response header holding the total number of records.",
        json_schema_extra={"placeholder": "X-Total-Count (optional)"},
    )
    stop_on_short_page: bool = Field(
        True,
        title="Stop on a short page",
        description="Stop when a page has fewer records than the page size.",
    )
    max_pages: int | None = Field(
        None, title="Max pages", description="Stop after this many pages (empty: no limit)."
    )
    max_records: int | None = Field(
        None, title="Max records", description="Stop after this many records (empty: no limit)."
    )

    @model_validator(mode="after")
    def _consistent(self) -> Pagination:
        problems = (
            _names(self) + _paths(self) + _headers(self) + _numbers(self) + _style_needs(self)
        )
        if problems:
            raise SpecError(problems, title="invalid pagination")
        return self

    def __repr__(self) -> str:
        fields = self.model_dump(exclude_defaults=True, exclude={"style"})
        shown_fields = ", ".join(f"{name}={value!r}" for name, value in fields.items())
        return f"Pagination({self.style!r}{', ' if shown_fields else ''}{shown_fields})"


def _names(p: Pagination) -> list[tuple[str, str]]:
    names = {
        "page_param": p.page_param,
        "offset_param": p.offset_param,
        "cursor_param": p.cursor_param,
        "size_param": p.size_param,
    }
    return [
        (
            field,
            f"{shown(value)} is not a parameter name; use letters, digits and '_' "
            "(e.g. 'page', 'per_page')",
        )
        for field, value in names.items()
        if value is not None and not _parameter_name(value)
    ]


def _parameter_name(value: str) -> bool:
    # Query names in the wild include dots and brackets (page[number], page.size).
    return bool(value) and bool(IDENTIFIER.match(value) or re.match(r"^[\w.\[\]-]+$", value))


def _paths(p: Pagination) -> list[tuple[str, str]]:
    paths = {
        "cursor_path": p.cursor_path,
        "next_url_path": p.next_url_path,
        "total_path": p.total_path,
    }
    return [
        (
            field,
            f"{shown(value)} is not a JSONPath; write e.g. '$.next_cursor' or "
            "'$.meta.next' (no spaces)",
        )
        for field, value in paths.items()
        if value is not None and not _PATH.match(value)
    ]


def _headers(p: Pagination) -> list[tuple[str, str]]:
    headers = {"cursor_header": p.cursor_header, "total_header": p.total_header}
    return [
        (field, f"{shown(value)} is not a header name; e.g. 'X-Total-Count'")
        for field, value in headers.items()
        if value is not None and not _HEADER.match(value)
    ]


def _numbers(p: Pagination) -> list[tuple[str, str]]:
    problems = []
    if p.first_page < 0:
        problems.append(("first_page", f"{p.first_page} is below 0; pages count from 0 or 1"))
    for field in ("page_size", "max_pages", "max_records"):
        value = getattr(p, field)
        if value is not None and value < 1:
            problems.append((field, f"{value} is below 1; leave it empty for no limit"))
    return problems


def _style_needs(p: Pagination) -> list[tuple[str, str]]:
    if p.style == "cursor" and not (p.cursor_path or p.cursor_header):
        return [
            (
                "cursor_path",
                "the cursor style needs where the next cursor is: a JSONPath "
                "(e.g. '$.next_cursor') or a header in 'cursor_header'",
            )
        ]
    if p.style == "cursor" and p.cursor_path and p.cursor_header:
        return [
            (
                "cursor_header",
                "give the next cursor's place once: a JSONPath or a header, not both",
            )
        ]
    if p.style == "next_url" and not p.next_url_path:
        return [
            (
                "next_url_path",
                "the next-URL style needs the JSONPath of the next URL (e.g. '$.next')",
            )
        ]
    return []
