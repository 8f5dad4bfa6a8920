"""What the command line prints is safe for a terminal and lines up: control characters from
a server become escapes, wide (CJK) characters count two columns, long cells are clipped."""

from __future__ import annotations

import json

from connector_lab.cli.output import cell, printable, render_table, to_json, width


def test_escape_sequences_from_a_server_are_printed_as_text():
    hostile = "ok\x1b]0;pwned\x07\x1b[2J\r\nnext\x9b31m"
    shown = printable(hostile)
    assert shown == "ok\\x1b]0;pwned\\x07\\x1b[2J\\r\\nnext\\x9b31m"
    assert not any(ord(c) < 0x20 or 0x7F <= ord(c) <= 0x9F for c in shown)
    text = to_json({"a": "\x9b"})
    assert "\\u009b" in text and json.loads(text) == {"a": "\x9b"}


def test_cells_are_clipped_and_empty_for_missing_values():
    assert cell(None) == "" and cell(float("nan")) == ""
    assert cell({"a": [1, 2]}) == '{"a": [1, 2]}'
    assert cell("x" * 100, 10) == "x" * 9 + "…"


def test_columns_line_up_with_wide_characters():
    table = render_table(["name", "n"], [["茶叶", 1], ["Widget", 22]]).splitlines()
    assert table == ["name    n", "茶叶    1", "Widget  22"]  # 茶叶 takes 4 columns
    assert width("茶叶") == 4 and width("Widget") == 6
