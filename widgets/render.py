"""HTML views of a Result for the run panel, each bounded in size whatever the response:
a 100,000-row answer must not send megabytes of HTML to the browser."""

from __future__ import annotations

import html
import json
from typing import Any

import pandas as pd

from connector_lab import ResponseParseError, Result, SentRequest

PREVIEW_ROWS = 20
TREE_ITEMS = 20  # items shown per list or object level of the JSON tree
TREE_DEPTH = 6
TEXT_CHARS = 2_000


def status_html(result: Result) -> str:
    colour = "#1b7f3b" if result.ok else "#b3261e"
    return (
        f'<div class="cl-status"><b style="color:{colour}">HTTP {result.status} '
        f"{html.escape(result.reason)}</b> · {result.elapsed * 1000:.0f} ms · "
        f"{html.escape(result.content_type or 'no content type')} · "
        f"{len(result.content):,} bytes</div>"
    )


def _scalar(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False)
    if len(text) > 200:
        text = text[:200] + "…"
    return f'<span style="color:#0b57d0">{html.escape(text)}</span>'


def json_tree(value: Any, *, depth: int = 0, key: str = "") -> str:
    """Collapsible JSON (``<details>``), at most TREE_ITEMS entries per level."""
    name = f"<b>{html.escape(key)}</b>: " if key else ""
    if isinstance(value, dict | list):
        items = list(value.items()) if isinstance(value, dict) else list(enumerate(value))
        kind = f"{{{len(items)} keys}}" if isinstance(value, dict) else f"[{len(items)} items]"
        if depth >= TREE_DEPTH:
            return f"<div>{name}{kind} …</div>"
        shown = "".join(json_tree(v, depth=depth + 1, key=str(k)) for k, v in items[:TREE_ITEMS])
        if len(items) > TREE_ITEMS:
            shown += f"<div>… {len(items) - TREE_ITEMS:,} more</div>"
        opened = " open" if depth < 2 else ""
        return (
            f"<details{opened} style='margin-left:{12 if depth else 0}px'><summary>{name}"
            f"{kind}</summary>{shown}</details>"
        )
    return f"<div style='margin-left:12px'>{name}{_scalar(value)}</div>"


def body_html(result: Result) -> str:
    try:
        return f'<div class="cl-json">{json_tree(result.json())}</div>'
    except ResponseParseError:  # not JSON: show the beginning of the text instead
        text = result.text[:TEXT_CHARS]
        more = "…" if len(result.text) > TEXT_CHARS else ""
        return f"<pre class='cl-text'>{html.escape(text)}{more}</pre>"


CELL_CHARS = 60


def _short(value: Any) -> Any:
    """A cell as the preview shows it: nested values as JSON, long text cut."""
    if isinstance(value, list | dict):
        value = json.dumps(value, ensure_ascii=False)
    if isinstance(value, str) and len(value) > CELL_CHARS:
        return value[:CELL_CHARS] + "…"
    return value


def frame_html(frame: pd.DataFrame, language_rows: str) -> str:
    """The first PREVIEW_ROWS rows as an HTML table, and how many rows there are."""
    shown = frame.head(PREVIEW_ROWS).copy()
    for name in shown.columns:
        if shown[name].dtype == object or str(shown[name].dtype).startswith(("str", "string")):
            shown[name] = shown[name].map(_short).astype(object)
    table = shown.to_html(
        max_cols=40, classes="dataframe cl-preview", border=0, na_rep="", escape=True
    )
    caption = language_rows.format(shown=len(shown), total=f"{len(frame):,}")
    return (
        f'<div class="cl-rows">{html.escape(caption)}</div>'
        "<style>.cl-preview td, .cl-preview th {white-space: nowrap}</style>"
        f'<div style="overflow:auto;max-height:420px;font-size:12px">{table}</div>'
    )


def request_html(request: SentRequest) -> str:
    return f"<pre class='cl-request'>{html.escape(str(request)[:TEXT_CHARS])}</pre>"


def headers_html(result: Result) -> str:
    rows = "".join(
        f"<tr><td>{html.escape(k)}</td><td>{html.escape(v)}</td></tr>"
        for k, v in result.headers.items()
    )
    return f"<table class='cl-headers'>{rows}</table>"
