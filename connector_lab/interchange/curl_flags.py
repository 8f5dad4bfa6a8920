"""The words of a cURL command read as curl reads them: :func:`parse_flags` →
:class:`CurlRequest` (method, URL, headers, body, user) plus the flags that were ignored.

Short flags combine (``-sSL``) and take their value attached or next (``-XPOST``,
``-X POST``); long flags take the next word. Body flags follow curl: ``-d``/``--data``/
``--data-ascii`` and ``--data-binary`` read ``@file`` (which cannot be imported: a warning),
``--data-raw`` never does, ``--data-urlencode`` encodes (``name=value``, ``=value``,
``value``), ``--json`` also sets the JSON ``Content-Type`` and ``Accept``; several pieces join
with ``&``; ``-G`` moves them into the query string.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import quote

from ..errors import ImportFormatError

# canonical name -> its spellings. Flags that take a value are in _VALUED.
_SPELLINGS: dict[str, tuple[str, ...]] = {
    "request": ("-X", "--request"),
    "header": ("-H", "--header"),
    "data": ("-d", "--data", "--data-ascii"),
    "data-raw": ("--data-raw",),
    "data-binary": ("--data-binary",),
    "data-urlencode": ("--data-urlencode",),
    "json": ("--json",),
    "get": ("-G", "--get"),
    "head": ("-I", "--head"),
    "user": ("-u", "--user"),
    "url": ("--url",),
    "cookie": ("-b", "--cookie"),
    "user-agent": ("-A", "--user-agent"),
    "referer": ("-e", "--referer"),
    "oauth2-bearer": ("--oauth2-bearer",),
    "compressed": ("--compressed",),
    "location": ("-L", "--location"),
    "insecure": ("-k", "--insecure"),
    # read and dropped: they change what curl prints or where, not the request
    "silent": ("-s", "--silent"),
    "show-error": ("-S", "--show-error"),
    "include": ("-i", "--include"),
    "verbose": ("-v", "--verbose"),
    "fail": ("-f", "--fail"),
    "no-progress": ("-#", "--progress-bar", "--no-progress-meter"),
    "output": ("-o", "--output"),
    "remote-name": ("-O", "--remote-name"),
    "write-out": ("-w", "--write-out"),
    "dump-header": ("-D", "--dump-header"),
    "max-time": ("-m", "--max-time"),
    "connect-timeout": ("--connect-timeout",),
    "form": ("-F", "--form"),
    "proxy": ("-x", "--proxy"),
    "cookie-jar": ("-c", "--cookie-jar"),
    "retry": ("--retry",),
}
_VALUED = frozenset(
    [
        "request",
        "header",
        "data",
        "data-raw",
        "data-binary",
        "data-urlencode",
        "json",
        "user",
        "url",
        "cookie",
        "user-agent",
        "referer",
        "oauth2-bearer",
        "output",
        "write-out",
        "dump-header",
        "max-time",
        "connect-timeout",
        "form",
        "proxy",
        "cookie-jar",
        "retry",
    ]
)
#: Flags read silently: what they do is what the client does anyway, or concerns the output.
QUIET = frozenset(
    [
        "compressed",
        "location",
        "silent",
        "show-error",
        "include",
        "verbose",
        "fail",
        "no-progress",
        "output",
        "remote-name",
        "write-out",
        "dump-header",
    ]
)
_BY_SPELLING = {s: name for name, spellings in _SPELLINGS.items() for s in spellings}
_FILE_READERS = frozenset({"data", "data-binary", "json"})


@dataclass
class CurlRequest:
    """What a cURL command would send, before it becomes a connector."""

    method: str | None = None
    urls: list[str] = field(default_factory=list)
    headers: list[tuple[str, str]] = field(default_factory=list)
    data: list[str] = field(default_factory=list)
    get: bool = False
    head: bool = False
    json: bool = False
    user: str | None = None
    bearer: str | None = None
    flags: set[str] = field(default_factory=set)
    ignored: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def body(self) -> str | None:
        return "&".join(self.data) if self.data else None

    @property
    def effective_method(self) -> str:
        if self.method:
            return self.method.upper()
        if self.head:
            return "HEAD"
        return "POST" if self.data and not self.get else "GET"


def _flag_error(flag: str, message: str) -> ImportFormatError:
    return ImportFormatError(f"{flag}: {message}", format="curl", pointer=flag)


def split_flag(word: str) -> list[tuple[str, str | None]]:
    """``-sSLXPOST`` → ``[("-s", None), ("-S", None), ("-L", None), ("-X", "POST")]``; a
    long flag or a lone short one → ``[(word, None)]``."""
    if word.startswith("--") or len(word) <= 2:
        return [(word, None)]
    out: list[tuple[str, str | None]] = []
    for index, char in enumerate(word[1:], start=1):
        flag = "-" + char
        name = _BY_SPELLING.get(flag)
        if name in _VALUED:
            rest = word[index + 1 :]
            out.append((flag, rest or None))
            return out
        out.append((flag, None))
    return out


def parse_flags(words: list[str]) -> CurlRequest:
    """Read the words after ``curl``; a flag without its value raises
    :class:`ImportFormatError` naming the flag."""
    req = CurlRequest()
    i = 0
    while i < len(words):
        word = words[i]
        i += 1
        if not word.startswith("-") or word == "-":
            req.urls.append(word)
            continue
        for flag, attached in split_flag(word):
            name = _BY_SPELLING.get(flag)
            if name is None:
                req.ignored.append(flag)
                continue
            value = attached
            if name in _VALUED and value is None:
                if i >= len(words):
                    raise _flag_error(flag, "needs a value, and the command ends here")
                value = words[i]
                i += 1
            _apply(req, name, flag, value)
    return req


def _apply(req: CurlRequest, name: str, flag: str, value: str | None) -> None:
    req.flags.add(name)
    if name == "request":
        req.method = value
    elif name == "header":
        _header(req, flag, value or "")
    elif name in ("data", "data-raw", "data-binary", "data-urlencode", "json"):
        _data(req, name, flag, value or "")
    elif name == "get":
        req.get = True
    elif name == "head":
        req.head = True
    elif name == "user":
        req.user = value
    elif name == "url":
        req.urls.append(value or "")
    elif name == "cookie":
        _cookie(req, flag, value or "")
    elif name == "user-agent":
        req.headers.append(("User-Agent", value or ""))
    elif name == "referer":
        req.headers.append(("Referer", value or ""))
    elif name == "oauth2-bearer":
        req.bearer = value
    elif name == "insecure":
        req.warnings.append(
            f"{flag}: certificate checks are not turned off; the connector verifies TLS"
        )
    elif name not in QUIET:
        req.ignored.append(flag if value is None else f"{flag} {value}")


def _header(req: CurlRequest, flag: str, value: str) -> None:
    if value.startswith("@"):
        req.warnings.append(f"{flag} {value}: headers read from a file are not imported")
        return
    if ":" in value:
        name, _, text = value.partition(":")
        if not text.strip():
            return  # "Name:" removes a header curl would send
        req.headers.append((name.strip(), text.strip()))
    elif value.endswith(";"):
        req.headers.append((value[:-1].strip(), ""))  # "Name;" sends it empty
    else:
        raise _flag_error(flag, f"{value[:40]!r} is not a header; write 'Name: value'")


def _data(req: CurlRequest, name: str, flag: str, value: str) -> None:
    if name in _FILE_READERS and value.startswith("@"):
        req.warnings.append(
            f"{flag} {value}: the body is read from a file, which cannot be imported; "
            "paste the body itself with --data-raw"
        )
        return
    if name == "data-urlencode":
        value = _urlencoded(req, flag, value)
        if value is None:
            return
    if name == "json":
        req.json = True
    req.data.append(value)


def _urlencoded(req: CurlRequest, flag: str, value: str) -> str | None:
    equals, at = value.find("="), value.find("@")
    if at >= 0 and (equals < 0 or at < equals):
        req.warnings.append(f"{flag} {value}: content read from a file is not imported")
        return None
    if equals < 0:
        return quote(value, safe="")
    key, content = value[:equals], value[equals + 1 :]
    return quote(content, safe="") if key == "" else f"{key}={quote(content, safe='')}"


def _cookie(req: CurlRequest, flag: str, value: str) -> None:
    if "=" not in value:
        req.warnings.append(f"{flag} {value}: cookies read from a file are not imported")
        return
    req.headers.append(("Cookie", value))
