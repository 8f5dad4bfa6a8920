"""Where a client may connect: a :class:`NetworkPolicy` checks each address a new connection
is about to use — after name resolution, at connect time, on every redirect hop and for token
endpoints — and refuses link-local and cloud-metadata ranges (in ``"public_only"`` mode also
loopback, private and other non-public ranges) unless explicitly allowed.

Why the resolved address and not the host string: a name can resolve anywhere (and resolve
differently a second later), and one address has many spellings — ``2852039166``,
``0xa9fea9fe``, ``0251.0376.0251.0376`` and ``::ffff:169.254.169.254`` are all
169.254.169.254. So the host is resolved once, every address is checked, and the connection
goes to the exact address that was checked (``transport.py`` does the connecting).

>>> NetworkPolicy().refused_range("0xa9fea9fe", "169.254.169.254").network
IPv4Network('169.254.0.0/16')
"""

from __future__ import annotations

import ipaddress
import re
import socket
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass

from urllib3.util.connection import allowed_gai_family

from ..errors import BlockedAddressError, SpecError

Address = ipaddress.IPv4Address | ipaddress.IPv6Address
Network = ipaddress.IPv4Network | ipaddress.IPv6Network
#: ``resolver(host, port)`` -> the addresses to try, as text (``"127.0.0.1"``, ``"::1"``).
Resolver = Callable[[str, int], Sequence[str]]

MODES = ("default", "public_only")


@dataclass(frozen=True)
class AddressRange:
    """A range the policy refuses, with what it is (the error names both)."""

    network: Network
    label: str

    def __str__(self) -> str:
        return f"{self.network} ({self.label})"


def _ranges(*pairs: tuple[str, str]) -> tuple[AddressRange, ...]:
    return tuple(AddressRange(ipaddress.ip_network(net), label) for net, label in pairs)


#: Refused in every mode: where clouds answer with instance credentials.
METADATA_RANGES = _ranges(
    ("169.254.0.0/16", "link-local; cloud instance metadata lives at 169.254.169.254"),
    ("fe80::/10", "IPv6 link-local"),
    ("fd00:ec2::254/128", "AWS instance metadata over IPv6"),
    ("100.100.100.200/32", "Alibaba Cloud instance metadata"),
)

#: Also refused in ``"public_only"`` mode: everything that is not the public internet.
NON_PUBLIC_RANGES = _ranges(
    ("0.0.0.0/8", "'this network', which reaches the local machine"),
    ("10.0.0.0/8", "private"),
    ("100.64.0.0/10", "shared address space (carrier-grade NAT)"),
    ("127.0.0.0/8", "loopback"),
    ("172.16.0.0/12", "private"),
    ("192.0.0.0/24", "IETF protocol assignments"),
    ("192.0.2.0/24", "documentation"),
    ("192.168.0.0/16", "private"),
    ("198.18.0.0/15", "benchmarking"),
    ("198.51.100.0/24", "documentation"),
    ("203.0.113.0/24", "documentation"),
    ("224.0.0.0/4", "multicast"),
    ("240.0.0.0/4", "reserved and broadcast"),
    ("::/128", "unspecified"),
    ("::1/128", "loopback"),
    ("100::/64", "discard-only"),
    ("2001:db8::/32", "documentation"),
    ("fc00::/7", "unique local (private)"),
    ("ff00::/8", "multicast"),
)

_NUMBER = re.compile(r"0[xX][0-9a-fA-F]*|[0-9]+")
_NAT64 = ipaddress.ip_network("64:ff9b::/96")
_V4_COMPATIBLE = ipaddress.ip_network("::/96")


def _number(part: str) -> int | None:
    """One part of an IPv4 spelling: decimal, octal (leading 0) or hex (0x), as inet_aton."""
    if not _NUMBER.fullmatch(part):
        return None
    if part[:2].lower() == "0x":
        return int(part[2:] or "0", 16)
    if len(part) > 1 and part[0] == "0":
        return int(part, 8) if set(part) <= set("01234567") else None
    return int(part)


def _ipv4(text: str) -> ipaddress.IPv4Address | None:
    """``a.b.c.d``, ``a.b.c``, ``a.b`` or ``a`` — every form the C library's inet_aton takes
    (the last part fills the remaining bytes: ``169.254.43518``, ``2852039166``)."""
    parts = text.split(".")
    values = [_number(part) for part in parts] if len(parts) <= 4 else [None]
    if None in values:
        return None
    *head, last = values
    tail_bits = 8 * (5 - len(parts))
    if any(v > 255 for v in head) or last >= 1 << tail_bits:  # type: ignore[operator]
        return None
    value = 0
    for v in head:
        value = value << 8 | v  # type: ignore[operator]
    return ipaddress.IPv4Address(value << tail_bits | last)  # type: ignore[operator]


def parse_address(host: str) -> Address | None:
    """The address a host string spells, in any spelling; None for a name.

    >>> str(parse_address("2852039166")), str(parse_address("[fd00:ec2:0:0:0:0:0:254]"))
    ('169.254.169.254', 'fd00:ec2::254')
    """
    text = host.strip().rstrip(".")
    if text.startswith("[") and text.endswith("]"):
        text = text[1:-1]
    if ":" not in text:
        return _ipv4(text)
    try:
        return ipaddress.IPv6Address(text.split("%", 1)[0])  # without an interface zone
    except ValueError:
        return None


def embedded_forms(address: Address) -> Iterator[Address]:
    """The address, then any IPv4 address an IPv6 one carries (mapped ``::ffff:a.b.c.d``,
    6to4, NAT64, IPv4-compatible): a range refused for IPv4 is refused in these too."""
    yield address
    if not isinstance(address, ipaddress.IPv6Address):
        return
    if address.ipv4_mapped is not None:
        yield address.ipv4_mapped
    if address.sixtofour is not None:
        yield address.sixtofour
    if address in _NAT64 or (address in _V4_COMPATIBLE and int(address) > 1):
        yield ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)


def system_resolver(host: str, port: int) -> list[str]:
    """The addresses of ``host``: an address literal as itself (in any spelling, without a
    lookup), a name through the system resolver, in its order, without repeats."""
    literal = parse_address(host)
    if literal is not None:
        return [str(literal)]
    infos = socket.getaddrinfo(host, port, allowed_gai_family(), socket.SOCK_STREAM)
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


def _networks(entries: Iterable[str], field: str) -> tuple[list[Network], set[str]]:
    """Split allow/block entries into networks (CIDRs, addresses in any spelling) and names."""
    networks: list[Network] = []
    names: set[str] = set()
    for entry in entries:
        if not isinstance(entry, str) or not entry.strip():
            raise SpecError([(field, f"{entry!r} is not a host name, address or CIDR range")])
        literal = parse_address(entry)
        if literal is not None:
            networks.append(ipaddress.ip_network(literal))
            continue
        try:
            networks.append(ipaddress.ip_network(entry.strip(), strict=False))
        except ValueError:
            if "/" in entry or " " in entry.strip():
                raise SpecError([(field, f"{entry!r} is not a valid CIDR range")]) from None
            names.add(entry.strip().rstrip(".").lower())
    return networks, names


class NetworkPolicy:
    """Which addresses a client may connect to.

    ``mode="default"`` (notebooks) refuses link-local and cloud-metadata addresses;
    ``mode="public_only"`` (a served app) also refuses loopback, private and other non-public
    ranges. ``allow`` lists host names (allowed wherever they resolve) and addresses or CIDR
    ranges that are allowed even so; ``block`` adds ranges to refuse. ``resolver(host, port)``
    returns the addresses to check and connect to (default: :func:`system_resolver`).
    """

    def __init__(
        self,
        mode: str = "default",
        *,
        allow: Iterable[str] = (),
        block: Iterable[str] = (),
        resolver: Resolver | None = None,
    ):
        if mode not in MODES:
            raise SpecError(
                [("mode", f"{mode!r} is not a network policy mode; use one of {MODES}")]
            )
        for field, value in (("allow", allow), ("block", block)):
            if isinstance(value, str):
                raise SpecError([(field, f"give a list, e.g. {field}=[{value!r}]")])
        self.mode = mode
        self.allow = tuple(allow)
        self.block = tuple(block)
        self._allowed_networks, self._allowed_hosts = _networks(self.allow, "allow")
        blocked, names = _networks(self.block, "block")
        if names:
            raise SpecError([("block", f"{sorted(names)}: block takes addresses or CIDR ranges")])
        extra = [AddressRange(net, "blocked by this policy") for net in blocked]
        public = NON_PUBLIC_RANGES if mode == "public_only" else ()
        self.ranges: tuple[AddressRange, ...] = (*METADATA_RANGES, *extra, *public)
        self.resolver: Resolver = resolver or system_resolver

    def refused_range(self, host: str, address: str) -> AddressRange | None:
        """The refused range ``address`` (reached as ``host``) lies in; None if allowed."""
        if host.rstrip(".").lower() in self._allowed_hosts:
            return None
        parsed = parse_address(address)
        if parsed is None:
            raise ValueError(f"{address!r} is not an IP address")
        forms = list(embedded_forms(parsed))
        if any(form in net for form in forms for net in self._allowed_networks):
            return None
        for form in forms:
            for refused in self.ranges:
                if form in refused.network:
                    return refused
        return None

    def check(self, host: str, address: str) -> None:
        """Raise :class:`BlockedAddressError` if connecting to ``address`` is refused."""
        refused = self.refused_range(host, address)
        if refused is not None:
            raise BlockedAddressError(
                self._refusal_text(host, address, refused),
                host=host,
                address=address,
                address_range=str(refused.network),
            )

    def addresses(self, host: str, port: int) -> list[str]:
        """Resolve ``host`` and check every address (one refused address refuses the host:
        a name that resolves partly into a refused range is not trusted)."""
        found = list(self.resolver(host, port))
        for address in found:
            self.check(host, address)
        return found

    def _refusal_text(self, host: str, address: str, refused: AddressRange) -> str:
        shown = host if host == address else f"{host!r}, which resolved to {address}"
        allow = [*self.allow, address]
        mode = "" if self.mode == "default" else f"{self.mode!r}, "
        return (
            f"refused to connect to {shown}: the address is in {refused}, which the network "
            f"policy (mode {self.mode!r}) does not allow; nothing was sent. If this server "
            f"is meant to be reached, allow it: Client(..., network=NetworkPolicy({mode}"
            f"allow={allow!r}))"
        )

    def __repr__(self) -> str:
        return (
            f"NetworkPolicy({self.mode!r}, allow={list(self.allow)!r}, block={list(self.block)!r})"
        )


DEFAULT_POLICY = NetworkPolicy()
