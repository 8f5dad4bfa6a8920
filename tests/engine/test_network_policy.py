"""Issue 10, item 10 — the network policy: the resolved address of every new connection is
checked (requests, redirect hops, token URLs) before anything is sent.

Testing rule: no packet ever goes to a non-loopback address, not even to prove the guard.
Metadata addresses and their spellings are checked as pure functions; the live tests use
127.0.0.x stand-ins — a range declared refused with ``block=``, names mapped to loopback
addresses by an injected resolver — and a listener that shows whether anything connected."""

from __future__ import annotations

import select
import socket
from collections.abc import Iterator

import pytest

from connector_lab import (
    Action,
    AuthAccount,
    BlockedAddressError,
    Client,
    Connector,
    DingTalkAuth,
    NetworkPolicy,
    Param,
    RequestTimeout,
    SpecError,
    TransportError,
)
from connector_lab.sandbox import serve
from connector_lab.wire.policy import parse_address, system_resolver

METADATA_SPELLINGS = [
    "169.254.169.254",
    "169.254.169.254.",
    "2852039166",
    "0xa9fea9fe",
    "0XA9FEA9FE",
    "0251.0376.0251.0376",
    "0xa9.0xfe.0xa9.0xfe",
    "169.254.43518",
    "169.16689662",
    "::ffff:169.254.169.254",
    "[::ffff:a9fe:a9fe]",
    "64:ff9b::a9fe:a9fe",
    "2002:a9fe:a9fe::1",
]


class Listener:
    """A socket on a loopback stand-in that never accepts: a connection attempt shows up as a
    pending connection, so a test can tell that nothing reached it."""

    def __init__(self, host: str = "127.0.0.2"):
        self.socket = socket.create_server((host, 0))
        self.host = host
        self.port = self.socket.getsockname()[1]
        self.host_port = f"{host}:{self.port}"

    def was_reached(self) -> bool:
        readable, _, _ = select.select([self.socket], [], [], 0.3)
        return bool(readable)

    def close(self) -> None:
        self.socket.close()


@pytest.fixture
def stand_in() -> Iterator[Listener]:
    """A listener on 127.0.0.2, the tests' stand-in for a metadata address."""
    listener = Listener("127.0.0.2")
    yield listener
    listener.close()


def mapping_resolver(names: dict[str, str], calls: list[str] | None = None):
    """A resolver that maps test names to loopback addresses (and records each lookup)."""

    def resolve(host: str, port: int) -> list[str]:
        if calls is not None:
            calls.append(host)
        return [names[host]] if host in names else system_resolver(host, port)

    return resolve


def connector_at(host_port: str, path: str = "/raw", protocol="http", **query) -> Connector:
    params = [Param(name=name, default=str(value)) for name, value in query.items()]
    return Connector(
        display_name="Policy",
        host=host_port,
        protocol=protocol,
        actions=[Action(id="call", name="Call", path=path, params=params)],
    )


def redirect_to(hostile, location: str) -> Connector:
    return connector_at(hostile.host_port, "/status", code=302, **{"h-Location": location})


# -- addresses as pure functions (nothing is sent) -----------------------------------------------
@pytest.mark.parametrize("spelling", METADATA_SPELLINGS)
def test_every_spelling_of_the_metadata_address_is_refused(spelling):
    parsed = parse_address(spelling)
    assert parsed is not None
    refused = NetworkPolicy().refused_range(spelling, str(parsed))
    assert refused is not None and str(refused.network) == "169.254.0.0/16"


@pytest.mark.parametrize(
    ("address", "network"),
    [
        ("fd00:ec2::254", "fd00:ec2::254/128"),
        ("[fd00:ec2:0:0:0:0:0:254]", "fd00:ec2::254/128"),
        ("fe80::1%eth0", "fe80::/10"),
        ("100.100.100.200", "100.100.100.200/32"),
        ("169.254.0.1", "169.254.0.0/16"),
    ],
)
def test_other_metadata_and_link_local_addresses_are_refused(address, network):
    parsed = parse_address(address)
    refused = NetworkPolicy().refused_range(address, str(parsed))
    assert refused is not None and str(refused.network) == network


@pytest.mark.parametrize(
    "text", ["example.com", "1e100.net", "256.1.1.1", "08.1.1.1", "1.2.3.4.5", "", "a:b"]
)
def test_names_and_malformed_spellings_are_not_addresses(text):
    assert parse_address(text) is None


@pytest.mark.parametrize(
    "address", ["127.0.0.1", "10.1.2.3", "192.168.1.10", "::1", "93.184.216.34", "2606:4700::1"]
)
def test_the_default_mode_allows_loopback_private_and_public(address):
    assert NetworkPolicy().refused_range("h", address) is None


@pytest.mark.parametrize(
    ("address", "network"),
    [
        ("127.0.0.1", "127.0.0.0/8"),
        ("0.0.0.0", "0.0.0.0/8"),
        ("10.1.2.3", "10.0.0.0/8"),
        ("172.20.0.1", "172.16.0.0/12"),
        ("192.168.1.10", "192.168.0.0/16"),
        ("100.64.0.1", "100.64.0.0/10"),
        ("::1", "::1/128"),
        ("fd12::1", "fc00::/7"),
        ("::ffff:10.0.0.1", "10.0.0.0/8"),
        ("169.254.169.254", "169.254.0.0/16"),
    ],
)
def test_public_only_refuses_every_non_public_range(address, network):
    refused = NetworkPolicy("public_only").refused_range("h", address)
    assert refused is not None and str(refused.network) == network
    assert NetworkPolicy("public_only").refused_range("h", "93.184.216.34") is None


def test_the_allow_list_takes_hosts_addresses_and_ranges():
    policy = NetworkPolicy(
        "public_only", allow=["intranet.example", "10.0.0.0/8", "0xa9fea9fe", "Build.Local."]
    )
    assert policy.refused_range("intranet.example", "192.168.0.9") is None  # the host, anywhere
    assert policy.refused_range("build.local", "127.0.0.1") is None
    assert policy.refused_range("other", "10.9.8.7") is None
    assert policy.refused_range("other", "::ffff:10.9.8.7") is None
    assert policy.refused_range("other", "169.254.169.254") is None  # allowed explicitly
    assert policy.refused_range("other", "169.254.169.253") is not None
    assert policy.refused_range("other", "192.168.0.9") is not None


def test_extra_ranges_can_be_blocked():
    policy = NetworkPolicy(block=["127.0.0.2", "10.0.0.0/24"])
    assert str(policy.refused_range("h", "127.0.0.2").network) == "127.0.0.2/32"
    assert policy.refused_range("h", "10.0.0.9") is not None
    assert policy.refused_range("h", "127.0.0.1") is None


@pytest.mark.parametrize(
    "options",
    [
        {"mode": "strict"},
        {"allow": "10.0.0.0/8"},
        {"block": "127.0.0.2"},
        {"allow": ["10.0.0.0/33"]},
        {"allow": [""]},
        {"block": ["metadata.example"]},
    ],
)
def test_a_bad_policy_is_a_clear_error(options):
    with pytest.raises(SpecError):
        NetworkPolicy(**options)


def test_the_error_names_host_address_range_and_the_fix():
    with pytest.raises(BlockedAddressError) as caught:
        NetworkPolicy().check("metadata.example", "169.254.169.254")
    error = caught.value
    text = str(error)
    assert "'metadata.example', which resolved to 169.254.169.254" in text
    assert "169.254.0.0/16 (link-local" in text and "nothing was sent" in text
    assert "Client(..., network=NetworkPolicy(allow=['169.254.169.254']))" in text
    assert (error.host, error.address, error.address_range) == (
        "metadata.example",
        "169.254.169.254",
        "169.254.0.0/16",
    )
    assert isinstance(error, TransportError)


def test_client_takes_only_a_policy():
    with pytest.raises(TypeError, match="NetworkPolicy"):
        Client(connector_at("127.0.0.1:1"), network="public_only")


# -- on the wire, with loopback stand-ins -----------------------------------------------------
def test_the_stand_in_listener_sees_a_connection():
    """The check the tests below rely on can fail: a real connection shows up."""
    listener = Listener("127.0.0.2")
    try:
        assert not listener.was_reached()
        with socket.create_connection(("127.0.0.2", listener.port)):
            assert listener.was_reached()
    finally:
        listener.close()


def test_a_blocked_address_is_refused_before_connecting(stand_in, hostile):
    policy = NetworkPolicy(block=["127.0.0.2"])
    with (
        Client(connector_at(stand_in.host_port), network=policy) as client,
        pytest.raises(BlockedAddressError) as caught,
    ):
        client.run("call")
    assert not stand_in.was_reached()
    assert caught.value.address == "127.0.0.2" and caught.value.__context__ is None
    with Client(connector_at(hostile.host_port), network=policy) as client:
        assert client.run("call").status == 200  # 127.0.0.1 passes


@pytest.mark.parametrize("spelling", ["2130706434", "0x7f000002", "127.2", "0177.0.0.2"])
def test_a_spelled_address_is_checked_as_what_it_resolves_to(stand_in, spelling):
    connector = connector_at(f"{spelling}:{stand_in.port}")
    with (
        Client(connector, network=NetworkPolicy(block=["127.0.0.2"])) as client,
        pytest.raises(BlockedAddressError, match=r"resolved to 127\.0\.0\.2"),
    ):
        client.run("call")
    assert not stand_in.was_reached()
    # Unguarded, the spelling reaches the stand-in (which never answers).
    with Client(connector, timeout=0.5) as client, pytest.raises(RequestTimeout):
        client.run("call")
    assert stand_in.was_reached()


def test_https_connections_are_guarded_too(stand_in):
    connector = connector_at(stand_in.host_port, protocol="https")
    policy = NetworkPolicy(block=["127.0.0.2"])
    with Client(connector, network=policy) as client, pytest.raises(BlockedAddressError):
        client.run("call")
    assert not stand_in.was_reached()
    with Client(connector, timeout=0.5) as client, pytest.raises(RequestTimeout):
        client.run("call")  # unguarded: it connects, then waits for a TLS answer in vain
    assert stand_in.was_reached()


def test_a_name_is_checked_by_its_resolved_address(stand_in):
    resolver = mapping_resolver({"metadata.test": "127.0.0.2"})
    policy = NetworkPolicy(block=["127.0.0.2/32"], resolver=resolver)
    with (
        Client(connector_at(f"metadata.test:{stand_in.port}"), network=policy) as client,
        pytest.raises(BlockedAddressError) as caught,
    ):
        client.run("call")
    assert "'metadata.test', which resolved to 127.0.0.2" in str(caught.value)
    assert not stand_in.was_reached()


def test_the_connection_goes_to_the_checked_address_once_per_connection(sandbox):
    calls: list[str] = []
    policy = NetworkPolicy(resolver=mapping_resolver({"api.test": "127.0.0.1"}, calls))
    connector = connector_at(f"api.test:{sandbox.host_port.rsplit(':', 1)[1]}", "/echo")
    with Client(connector, network=policy) as client:
        results = [client.run("call") for _ in range(3)]
    # "api.test" exists nowhere but in the resolver: the connection used its answer.
    assert [r.json()["headers"]["Host"] for r in results] == [connector.host] * 3
    assert calls == ["api.test"]  # checked once, then the pooled connection is reused


def test_public_only_refuses_the_loopback_sandbox(hostile):
    policy = NetworkPolicy("public_only")
    with (
        Client(connector_at(hostile.host_port), network=policy) as client,
        pytest.raises(BlockedAddressError) as caught,
    ):
        client.run("call")
    assert hostile.heads == []
    text = str(caught.value)
    assert "127.0.0.0/8 (loopback)" in text
    assert "NetworkPolicy('public_only', allow=['127.0.0.1'])" in text
    allowed = NetworkPolicy("public_only", allow=["127.0.0.1"])
    with Client(connector_at(hostile.host_port), network=allowed) as client:
        assert client.run("call").status == 200


def test_public_only_refuses_a_redirect_from_an_allowed_host_into_a_refused_one(hostile, stand_in):
    policy = NetworkPolicy("public_only", allow=["127.0.0.1"])
    with (
        Client(redirect_to(hostile, f"http://{stand_in.host_port}/x"), network=policy) as c,
        pytest.raises(BlockedAddressError, match=r"127\.0\.0\.2"),
    ):
        c.run("call")
    assert len(hostile.heads) == 1  # the allowed host answered the first hop
    assert not stand_in.was_reached()


@pytest.mark.parametrize("spelling", ["127.0.0.2", "2130706434", "[::ffff:127.0.0.2]"])
def test_a_redirect_into_a_blocked_range_is_refused(hostile, stand_in, spelling):
    location = f"http://{spelling}:{stand_in.port}/latest/meta-data/"
    with (
        Client(redirect_to(hostile, location), network=NetworkPolicy(block=["127.0.0.2"])) as c,
        pytest.raises(BlockedAddressError),
    ):
        c.run("call")
    assert not stand_in.was_reached()


def test_through_a_proxy_an_address_literal_is_still_checked(stand_in):
    proxy = Listener("127.0.0.3")
    try:
        with Client(
            connector_at(f"2130706434:{stand_in.port}"),
            network=NetworkPolicy(block=["127.0.0.2"]),
        ) as client:
            client.session.proxies = {"http": f"http://{proxy.host_port}"}
            with pytest.raises(BlockedAddressError):
                client.run("call")
        assert not proxy.was_reached() and not stand_in.was_reached()
    finally:
        proxy.close()


# -- token URLs ---------------------------------------------------------------------------------
def dingtalk_client(api, policy: NetworkPolicy) -> Client:
    """The API on the sandbox (127.0.0.1); its token URL on ``token.test``, which the policy's
    resolver maps to the sandbox's second listener, 127.0.0.2 (same routes, same state)."""
    port = api.other_url.rsplit(":", 1)[1]
    scheme = DingTalkAuth(token_url=f"http://token.test:{port}/v1.0/oauth2/accessToken")
    connector = Connector(
        display_name="DingTalk",
        host=api.host_port,
        protocol="http",
        auth=scheme,
        actions=[Action(id="call", name="Call", path="/v1.0/contact/users")],
    )
    creds = api.credentials
    account = AuthAccount(
        name="t", values={"app_key": creds.app_key, "app_secret": creds.app_secret}
    )
    return Client(connector, account, network=policy)


RESOLVER = mapping_resolver({"token.test": "127.0.0.2"})


@pytest.mark.parametrize(
    "policy",
    [
        NetworkPolicy(block=["127.0.0.2"], resolver=RESOLVER),
        NetworkPolicy("public_only", allow=["127.0.0.1"], resolver=RESOLVER),
    ],
    ids=["blocked-range", "public-only"],
)
def test_a_token_url_is_checked_too(policy):
    seen: list[str] = []
    with (
        serve(log=seen.append) as api,
        dingtalk_client(api, policy) as client,
        pytest.raises(BlockedAddressError) as caught,
    ):
        client.run("call")
        assert api.token_requests == 0
    assert seen == []  # neither the token endpoint nor the API was asked anything
    assert "'token.test', which resolved to 127.0.0.2" in str(caught.value)
    assert api.credentials.app_secret not in repr(caught.value.args)


def test_an_allowed_token_url_is_reached_through_the_resolver():
    with serve() as api, dingtalk_client(api, NetworkPolicy(resolver=RESOLVER)) as client:
        assert client.run("call").status == 200
        assert api.token_requests == 1
