"""A cURL command line split into words as bash would split it — without running anything.

Handled: ``\\`` line continuations, single quotes, double quotes (``\\`` escapes ``$ ` " \\``
and a newline), ``$'…'`` ANSI-C quoting (``\\n``, ``\\t``, ``\\xHH``, ``\\uHHHH``, ``\\'``, …),
backslash escapes outside quotes, ``#`` comments, a leading ``$ `` prompt, and the end of the
command at an unquoted ``|``, ``;``, ``&`` or ``>`` (what follows is reported, not read).
Variables are not expanded: ``$TOKEN`` stays ``$TOKEN`` (the importer reads ``$NAME`` as an
environment reference). A Windows ``cmd`` copy (``^`` continuations and ``^"`` escapes, as
Chrome's "Copy as cURL (cmd)" writes) is unescaped first and then split the same way.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..errors import ImportFormatError

_SIMPLE_ESCAPES = {
    "a": "\a",
    "b": "\b",
    "e": "\x1b",
    "E": "\x1b",
    "f": "\f",
    "n": "\n",
    "r": "\r",
    "t": "\t",
    "v": "\v",
    "\\": "\\",
    "'": "'",
    '"': '"',
    "?": "?",
}
_ANSI_NUMERIC = re.compile(r"x[0-9A-Fa-f]{1,2}|u[0-9A-Fa-f]{1,4}|U[0-9A-Fa-f]{1,8}|[0-7]{1,3}")
_DOUBLE_ESCAPABLE = '$`"\\\n'
_COMMAND_END = "|;&>"


@dataclass
class Words:
    """The words of the command and what came after its end (a pipe, a redirect)."""

    words: list[str] = field(default_factory=list)
    rest: str = ""


def position(text: str, index: int) -> str:
    """``line L, column C`` (1-based) of ``index`` in ``text``."""
    line = text.count("\n", 0, index) + 1
    column = index - (text.rfind("\n", 0, index) + 1) + 1
    return f"line {line}, column {column}"


def looks_like_cmd(text: str) -> bool:
    """A Windows ``cmd`` copy: lines ending in ``^`` or ``^"``-quoted words."""
    return bool(re.search(r"\^\r?\n", text) or re.search(r'(^|\s)\^"', text))


def from_cmd(text: str) -> str:
    """Undo cmd's escaping: ``^`` + newline continues the line, ``^x`` is ``x``; the quotes
    that remain follow the C runtime's rules, which the bash split reads the same way for
    the words Chrome writes (``\\"`` inside double quotes is a quote)."""
    text = re.sub(r"\^\r?\n", " ", text)
    return re.sub(r"\^(.)", r"\1", text)


def split_words(text: str) -> Words:
    """Split a command line into words; an unterminated quote raises
    :class:`ImportFormatError` naming where it opened."""
    if looks_like_cmd(text):
        text = from_cmd(text)
    return _Splitter(text).run()


class _Splitter:
    def __init__(self, text: str):
        self.text = text
        self.i = 0
        self.out = Words()
        self.word: list[str] | None = None

    def run(self) -> Words:
        text = self.text
        self._skip_prompt()
        while self.i < len(text):
            char = text[self.i]
            if char in " \t\r\n":
                self._end_word()
                self.i += 1
            elif char == "#" and self.word is None:
                end = text.find("\n", self.i)
                self.i = len(text) if end < 0 else end
            elif char in _COMMAND_END:
                self._end_word()
                self.out.rest = text[self.i :].strip()
                break
            else:
                self._word_part(char)
        self._end_word()
        return self.out

    def _skip_prompt(self) -> None:
        match = re.match(r"\s*\$\s+(?=curl\b)", self.text)
        if match:
            self.i = match.end()

    def _end_word(self) -> None:
        if self.word is not None:
            self.out.words.append("".join(self.word))
            self.word = None

    def _add(self, piece: str) -> None:
        if self.word is None:
            self.word = []
        self.word.append(piece)

    def _word_part(self, char: str) -> None:
        text = self.text
        if char == "\\":
            nxt = text[self.i + 1 : self.i + 2]
            if nxt == "\n":
                self.i += 2  # a line continuation
                return
            if nxt == "\r" and text[self.i + 2 : self.i + 3] == "\n":
                self.i += 3
                return
            self._add(nxt)
            self.i += 2
        elif char == "'":
            self._single()
        elif char == '"':
            self._double()
        elif char == "$" and text[self.i + 1 : self.i + 2] == "'":
            self._ansi_c()
        else:
            self._add(char)
            self.i += 1

    def _closing(self, quote: str, start: int) -> int:
        end = self.text.find(quote, start + 1)
        if end < 0:
            raise _unterminated(self.text, start, quote)
        return end

    def _single(self) -> None:
        end = self._closing("'", self.i)
        self._add(self.text[self.i + 1 : end])
        self.i = end + 1

    def _double(self) -> None:
        start, text, j = self.i, self.text, self.i + 1
        parts: list[str] = []
        while j < len(text) and text[j] != '"':
            if text[j] == "\\" and j + 1 < len(text) and text[j + 1] in _DOUBLE_ESCAPABLE:
                parts.append("" if text[j + 1] == "\n" else text[j + 1])
                j += 2
            else:
                parts.append(text[j])
                j += 1
        if j >= len(text):
            raise _unterminated(text, start, '"')
        self._add("".join(parts))
        self.i = j + 1

    def _ansi_c(self) -> None:
        start, text, j = self.i, self.text, self.i + 2
        parts: list[str] = []
        while j < len(text) and text[j] != "'":
            if text[j] == "\\" and j + 1 < len(text):
                piece, j = _ansi_escape(text, j + 1)
                parts.append(piece)
            else:
                parts.append(text[j])
                j += 1
        if j >= len(text):
            raise _unterminated(text, start, "$'")
        self._add("".join(parts))
        self.i = j + 1


def _ansi_escape(text: str, j: int) -> tuple[str, int]:
    """The character of the escape starting at ``text[j]`` (after the backslash)."""
    char = text[j]
    if char in _SIMPLE_ESCAPES:
        return _SIMPLE_ESCAPES[char], j + 1
    if char == "c" and j + 1 < len(text):
        return chr(ord(text[j + 1]) & 0x1F), j + 2
    match = _ANSI_NUMERIC.match(text, j)
    if match:
        digits = match.group()
        value = int(digits, 8) if digits[0].isdigit() else int(digits[1:], 16)
        return chr(min(value, 0x10FFFF)), match.end()
    return "\\" + char, j + 1


def _unterminated(text: str, start: int, quote: str) -> ImportFormatError:
    where = position(text, start)
    return ImportFormatError(
        f"the quote {quote} opened at {where} is never closed; close it (a value that "
        "contains the same quote must escape it, e.g. 'it'\\''s' or $'it\\'s')",
        format="curl",
        pointer=where,
    )
