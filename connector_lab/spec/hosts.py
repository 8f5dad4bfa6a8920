"""The connector's host field (域名): a name or an IP address with an optional port, and an
error that says how to split a pasted URL into host, protocol and base URL.
"""

from __future__ import annotations

import ipaddress
import re
from urllib.parse import urlsplit

from .._rules import Rule
from .limits import shown

_HOST_LABEL = r"(?!-)[A-Za-z0-9_-]{1,63}(?<!-)"
_HOSTNAME = re.compile(rf"^{_HOST_LABEL}(\.{_HOST_LABEL})*$")
_PROTOCOL = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*)://")
_PROTOCOLS = ("http", "https")


def check_host(value: str) -> str:
    """Validate a connector host (域名): a name or IP, optional ``:port``, nothing else."""
    host = value.strip()
    if not host:
        raise Rule(
            "a host is required, e.g. 'api.example.com' or '127.0.0.1:8765'", "host.required"
        )
    match = _PROTOCOL.match(host)
    if match:
        raise _pasted_url(value, host, match.group(1).lower())
    if "/" in host:
        raise _with_path(value, host)
    if any(c in host for c in "?#@ \t"):
        return _raise(
            f"{shown(value)} is not a valid host; use a name like 'api.example.com', an IP "
            "address or an IPv6 address in brackets, optionally with ':port'",
            "host.invalid",
            value=shown(value),
        )
    if host.startswith("["):
        return _check_bracketed(value, host)
    if host.count(":") > 1:
        return _raise(
            f"{shown(value)} looks like an IPv6 address; write it in brackets: "
            f"{shown(f'[{host}]')}",
            "host.ipv6_brackets",
            value=shown(value),
            host=shown(f"[{host}]"),
        )
    name, _, port = host.partition(":")
    _check_port(value, port if ":" in host else None)
    if not _HOSTNAME.match(name):
        return _raise(
            f"{shown(value)} is not a valid host name; use letters, digits, '-' and '.' "
            "(e.g. 'api.example.com')",
            "host.invalid_name",
            value=shown(value),
        )
    return host


def _with_path(value: str, host: str) -> ValueError:
    """A host with a path after it: the host, and the path as the base URL."""
    netloc, _, rest = host.partition("/")
    path = "/" + rest.rstrip("/")
    if path == "/":
        return Rule(
            f"{shown(value)} ends with '/'; use host {shown(netloc)}",
            "host.trailing_slash",
            value=shown(value),
            host=shown(netloc),
        )
    return Rule(
        f"{shown(value)} includes a path; use host {shown(netloc)} and base URL {shown(path)}",
        "host.has_path",
        value=shown(value),
        host=shown(netloc),
        base_url=shown(path),
    )


def _pasted_url(value: str, host: str, scheme: str) -> ValueError:
    """What to do with a whole URL typed as the host: split it (http and https), or say the
    protocol is not one a connector speaks — never suggest it."""
    if scheme not in _PROTOCOLS:
        return Rule(
            f"{shown(value)} starts with protocol {shown(scheme)}, which is not supported; a "
            "connector speaks http or https — give only the host name, e.g. 'api.example.com'",
            "host.unsupported_protocol",
            value=shown(value),
            protocol=shown(scheme),
        )
    try:
        parts = urlsplit(host)
        netloc, path = parts.netloc, parts.path.rstrip("/")
    except ValueError:  # urlsplit refuses e.g. an unclosed '[': no split to suggest
        netloc, path = "", ""
    params = {"value": shown(value), "protocol": scheme}
    if not netloc:
        message = (
            f"{shown(value)} includes the protocol; give only the host name and choose "
            f"protocol {scheme!r}"
        )
        return Rule(message, "host.protocol_only", **params)
    params["host"] = shown(netloc)
    if path:
        fix = f"use host {shown(netloc)}, protocol {scheme!r} and base URL {shown(path)}"
        return Rule(
            f"{shown(value)} includes the protocol; {fix}",
            "host.has_protocol_path",
            **params,
            base_url=shown(path),
        )
    fix = f"use host {shown(netloc)} and protocol {scheme!r}"
    return Rule(f"{shown(value)} includes the protocol; {fix}", "host.has_protocol", **params)


def _check_bracketed(value: str, host: str) -> str:
    address, _, port = host[1:].partition("]")
    try:
        ipaddress.IPv6Address(address)
    except ValueError:
        return _raise(
            f"{shown(value)} has an invalid IPv6 address in brackets",
            "host.ipv6_invalid",
            value=shown(value),
        )
    if port and not port.startswith(":"):
        return _raise(
            f"{shown(value)}: after ']' only ':port' may follow", "host.invalid", value=shown(value)
        )
    _check_port(value, port[1:] if port else None)
    return host


def _check_port(value: str, port: str | None) -> None:
    if port is None:
        return
    # Five digits at most before int(): a longer run is no port, and int() of 4,300+ digits
    # would raise Python's own limit error instead of this message.
    if not (port.isascii() and port.isdigit() and len(port) <= 5 and 1 <= int(port) <= 65535):
        _raise(
            f"{shown(value)} has port {shown(port)}; a port is a number from 1 to 65535",
            "host.port",
            value=shown(value),
            port=shown(port),
        )


def _raise(message: str, code: str, **params: str) -> str:
    raise Rule(message, code, **params)
