"""The one check of a value before it goes into an HTTP header: header parameters, account
secrets (typed in or read from ``env:NAME`` when a request is sent) and fetched access tokens.

A header carries Latin-1 text without control characters. Without this check, http.client
refuses the value deep in the send with ``ValueError: Invalid header value b'Bearer …'`` or a
``UnicodeEncodeError`` — the secret printed in the message. Here the problem is described by
position and kind, never by quoting the value, so the same sentence serves secrets too.
"""

from __future__ import annotations

from .._rules import has_line_break, line_break_problem

_CONTROL_NAMES = {0x00: "NUL", 0x07: "BEL", 0x08: "BS", 0x1B: "ESC", 0x7F: "DEL"}


def _control(char: str) -> bool:
    # Tab is allowed inside a header value; every other C0 control and DEL is not.
    return (char < " " and char != "\t") or char == "\x7f"


def header_value_problem(value: str, what: str, *, fix: str = "remove it") -> str | None:
    """Why ``value`` cannot be sent as a header value, as one sentence about ``what`` ending
    with ``fix``; None when it can be sent. The value itself is never quoted.

    >>> header_value_problem("Bearer abc", "the token") is None
    True
    >>> header_value_problem("a\\x07b", "X")
    'X contains a control character (BEL, position 2), which an HTTP header cannot carry; remove it'
    """
    if value.isascii() and value.isprintable():  # the common case, in C
        return None
    if has_line_break(value):
        return line_break_problem(what).replace("remove it", fix)
    for position, char in enumerate(value, 1):
        if _control(char):
            name = _CONTROL_NAMES.get(ord(char), f"U+{ord(char):04X}")
            kind = f"a control character ({name}, position {position})"
        elif ord(char) > 0xFF:
            kind = f"text outside Latin-1 (position {position})"
        else:
            continue
        return f"{what} contains {kind}, which an HTTP header cannot carry; {fix}"
    return None
