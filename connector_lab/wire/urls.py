"""URLs on the wire, in one place: joining the parts of a request URL, encoding a path value
(and keeping it encoded after requests re-quotes the URL), the origin that decides "same
server", and every rewrite of a query string (read a value, set one, drop credential keys on a
redirect, mask values for display).

The rewrites parse the query with ``parse_qsl`` and write it back with ``urlencode`` — the
encoding requests itself gives the query it builds — so a rewritten URL carries the other
parameters byte for byte as before.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from urllib.parse import parse_qsl, quote, urlencode, urlsplit, urlunsplit

#: ``[(key, value), ...]`` in order, repeated keys kept.
Pairs = list[tuple[str, str]]


def join_url(origin: str, base_url: str, path: str) -> str:
    """``origin`` + base URL + action path with exactly one ``/`` between the parts."""
    base = base_url.strip("/")
    tail = path.lstrip("/")
    parts = [origin.rstrip("/")] + [p for p in (base, tail) if p]
    url = "/".join(parts)
    return url if (base or tail) else url + "/"


def encode_path_value(text: str) -> str:
    """Percent-encode one path value so it stays one path segment.

    >>> encode_path_value("a/b c")
    'a%2Fb%20c'
    >>> encode_path_value("..")
    '%2E%2E'
    """
    encoded = quote(text, safe="")
    if set(text) == {"."}:
        # "." and ".." are dot segments that URL normalisation would resolve away.
        encoded = "%2E" * len(text)
    return encoded


def keep_dot_segments_encoded(url: str) -> str:
    """``url`` with each ``.`` or ``..`` path segment percent-encoded again.

    requests re-quotes a prepared URL and decodes unreserved characters on the way, so the
    ``%2E%2E`` of :func:`encode_path_value` would go out as ``..`` (and the server would
    resolve it: ``/users/../orders`` is ``/orders``). urllib3 has already removed literal dot
    segments by then, so any dot segment left came from an encoded value.

    >>> keep_dot_segments_encoded("http://h/users/../orders?q=..")
    'http://h/users/%2E%2E/orders?q=..'
    """
    if "/." not in url:  # the common case, decided without parsing
        return url
    parts = urlsplit(url)
    segments = parts.path.split("/")
    if not any(segment in _DOT_SEGMENTS for segment in segments):
        return url
    path = "/".join(_DOT_SEGMENTS.get(segment, segment) for segment in segments)
    return urlunsplit(parts._replace(path=path))


_DOT_SEGMENTS = {".": "%2E", "..": "%2E%2E"}


def origin_of(url: str) -> tuple[str, str, int | None]:
    """(scheme, host, port) with default ports filled in: what "same server" means."""
    parts = urlsplit(url)
    default = {"http": 80, "https": 443}.get(parts.scheme)
    return parts.scheme, (parts.hostname or "").lower(), parts.port or default


def query_pairs(url: str) -> Pairs:
    """The query of ``url`` as decoded pairs, blank values kept."""
    return parse_qsl(urlsplit(url).query, keep_blank_values=True)


def with_query(url: str, pairs: Pairs, *, safe: str = "") -> str:
    """``url`` with its query replaced by ``pairs`` (``safe``: characters left unencoded)."""
    return urlunsplit(urlsplit(url)._replace(query=urlencode(pairs, safe=safe)))


def query_value(url: str, key: str) -> str | None:
    """The last value of ``key`` in the query of ``url`` (None when absent)."""
    values = [value for name, value in query_pairs(url) if name == key]
    return values[-1] if values else None


def set_query_value(url: str, key: str, value: str, *, replace: bool = True) -> str:
    """``url`` with ``key=value`` last in its query; ``replace`` drops earlier ``key`` values
    first, otherwise they stay (as requests does when it adds ``params``)."""
    pairs = [(k, v) for k, v in query_pairs(url) if not (replace and k == key)]
    return with_query(url, [*pairs, (key, value)])


def drop_query_keys(url: str, keys: Iterable[str]) -> str:
    """``url`` without the query parameters named in ``keys`` (case-insensitive); the very
    same string when none is there."""
    lowered = {key.lower() for key in keys}
    if not urlsplit(url).query:
        return url
    pairs = query_pairs(url)
    kept = [(k, v) for k, v in pairs if k.lower() not in lowered]
    return url if len(kept) == len(pairs) else with_query(url, kept)


def map_query_values(url: str, change: Callable[[str, str], str], *, safe: str = "") -> str:
    """``url`` with each query value replaced by ``change(key, value)`` (for masking)."""
    if not urlsplit(url).query:
        return url
    return with_query(url, [(k, change(k, v)) for k, v in query_pairs(url)], safe=safe)
