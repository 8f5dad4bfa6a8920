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


class Budget:
    """One budget, in characters of HTML, for everything a run panel renders: each view takes
    what it needs up to its own share and what is left, so no response however large or wide
    renders more than :data:`RENDER_BUDGET` characters in total."""

    def __init__(self, total: int = 0):
        self.left = total or RENDER_BUDGET

    def take(self, text: str, share: int) -> str:
        """``text`` cut to ``share`` and to what is left, marked "…" when cut."""
        room = min(share, self.left)
        if len(text) > room:
            text = text[: max(room - 1, 0)] + "…"
        self.left -= len(text)
        return text


RENDER_BUDGET = 200_000  # characters of HTML a run panel renders at most, all views together
BODY_SHARE = 150_000
TEXT_SHARE = 8_000  # each of the request, the cURL text and the headers


class _Tree:
    """Builds the JSON tree within ``room`` characters in total (not per level)."""

    def __init__(self, room: int):
        self.room = room

    def node(self, value: Any, depth: int, key: str) -> str:
        name = f"<b>{html.escape(key)}</b>: " if key else ""
        if not isinstance(value, dict | list):
            return self.spend(f"<div style='margin-left:12px'>{name}{_scalar(value)}</div>")
        items = list(value.items()) if isinstance(value, dict) else list(enumerate(value))
        kind = f"{{{len(items)} keys}}" if isinstance(value, dict) else f"[{len(items)} items]"
        if depth >= TREE_DEPTH:
            return self.spend(f"<div>{name}{kind} …</div>")
        opened = " open" if depth < 2 else ""
        head = self.spend(
            f"<details{opened} style='margin-left:{12 if depth else 0}px'><summary>{name}"
            f"{kind}</summary>"
        )
        parts, shown = [head], 0
        for k, v in items[:TREE_ITEMS]:
            if self.room <= 0:
                break
            parts.append(self.node(v, depth + 1, str(k)))
            shown += 1
        if shown < len(items):
            parts.append(self.spend(f"<div>… {len(items) - shown:,} more</div>", force=True))
        parts.append("</details>")
        return "".join(parts)

    def spend(self, text: str, force: bool = False) -> str:
        if self.room <= 0 and not force:
            return ""
        self.room -= len(text)
        return text


def json_tree(value: Any, *, budget: Budget | None = None, share: int = BODY_SHARE) -> str:
    """Collapsible JSON (``<details>``): at most TREE_ITEMS entries per level and ``share``
    characters (and what is left of ``budget``) in total, "… N more" where it stops."""
    budget = budget or Budget()
    tree = _Tree(min(share, budget.left))
    text = tree.node(value, 0, "")
    budget.left -= len(text)
    return text


def body_html(result: Result, budget: Budget | None = None) -> str:
    budget = budget or Budget()
    try:
        return f'<div class="cl-json">{json_tree(result.json(), budget=budget)}</div>'
    except ResponseParseError:  # not JSON: show the beginning of the text instead
        text = budget.take(result.text, TEXT_CHARS)
        return f"<pre class='cl-text'>{html.escape(text)}</pre>"


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


def request_html(request: SentRequest, budget: Budget | None = None) -> str:
    text = (budget or Budget()).take(str(request), TEXT_CHARS)
    return (
        "<pre class='cl-request' style='white-space:pre-wrap;overflow-wrap:anywhere'>"
        f"{html.escape(text)}</pre>"
    )


def curl_text(result: Result, budget: Budget | None = None) -> str:
    """The cURL command, cut to its share of the budget (a huge JSON body is sent in it)."""
    return (budget or Budget()).take(result.curl(), TEXT_SHARE)


HEADER_CHARS = 300  # of one header's value


def headers_html(result: Result, budget: Budget | None = None) -> str:
    budget = budget or Budget()
    rows = []
    for k, v in result.headers.items():
        value = v if len(v) <= HEADER_CHARS else v[:HEADER_CHARS] + "…"
        rows.append(f"<tr><td>{html.escape(k)}</td><td>{html.escape(value)}</td></tr>")
    table = budget.take("".join(rows), TEXT_SHARE)
    if not table.endswith("</tr>"):  # cut: close what was cut and say so
        table = table[: table.rfind("<tr>")] + "<tr><td colspan=2>…</td></tr>"
    return f"<table class='cl-headers'>{table}</table>"
