"""The connector's host field (域名): a name or an IP address with an optional port, and an
error that says how to split a pasted URL into host, protocol and base URL.
"""

from __future__ import annotations

import ipaddress
import re
from urllib.parse import urlsplit

_HOST_LABEL = r"(?!-)[A-Za-z0-9_-]{1,63}(?<!-)"
_HOSTNAME = re.compile(rf"^{_HOST_LABEL}(\.{_HOST_LABEL})*$")


def check_host(value: str) -> str:
    """Validate a connector host (域名): a name or IP, optional ``:port``, nothing else."""
    host = value.strip()
    if not host:
        raise ValueError("a host is required, e.g. 'api.example.com' or '127.0.0.1:8765'")
    match = re.match(r"^([A-Za-z][A-Za-z0-9+.-]*)://", host)
    if match:
        parts = urlsplit(host)
        scheme, netloc, path = parts.scheme.lower(), parts.netloc, parts.path.rstrip("/")
        if path:
            fix = f"use host {netloc!r}, protocol {scheme!r} and base URL {path!r}"
        else:
            fix = f"use host {netloc!r} and protocol {scheme!r}"
        return _raise(f"{value!r} includes the protocol; {fix}")
    if "/" in host:
        netloc, _, rest = host.partition("/")
        path = "/" + rest.rstrip("/")
        if path == "/":
            return _raise(f"{value!r} ends with '/'; use host {netloc!r}")
        return _raise(f"{value!r} includes a path; use host {netloc!r} and base URL {path!r}")
    if any(c in host for c in "?#@ \t"):
        return _raise(
            f"{value!r} is not a valid host; use a name like 'api.example.com', an IP address "
            "or an IPv6 address in brackets, optionally with ':port'"
        )
    if host.startswith("["):
        address, _, port = host[1:].partition("]")
        try:
            ipaddress.IPv6Address(address)
        except ValueError:
            return _raise(f"{value!r} has an invalid IPv6 address in brackets")
        if port and not port.startswith(":"):
            return _raise(f"{value!r}: after ']' only ':port' may follow")
        _check_port(value, port[1:] if port else None)
        return host
    if host.count(":") > 1:
        return _raise(f"{value!r} looks like an IPv6 address; write it in brackets: '[{host}]'")
    name, _, port = host.partition(":")
    _check_port(value, port if ":" in host else None)
    if not _HOSTNAME.match(name):
        return _raise(
            f"{value!r} is not a valid host name; use letters, digits, '-' and '.' "
            "(e.g. 'api.example.com')"
        )
    return host


def _check_port(value: str, port: str | None) -> None:
    if port is None:
        return
    if not port.isdigit() or not 1 <= int(port) <= 65535:
        _raise(f"{value!r} has port {port!r}; a port is a number from 1 to 65535")


def _raise(message: str) -> str:
    raise ValueError(message)
