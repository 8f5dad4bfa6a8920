"""The route table (``ENDPOINTS``) and the dispatcher that maps a request onto it.

``ENDPOINTS`` is data: method(s), path pattern, one-line doc and handler. The dispatcher, the
``GET /`` index and the CLI's ``--help`` all read it, so an endpoint exists in exactly one
place. Patterns use ``{name}`` for one path segment and ``{name:path}`` for the rest of the
path. HEAD is served wherever GET is, and OPTIONS everywhere (200, empty, with ``Allow``) unless an
endpoint handles it itself.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import unquote

from . import aliyun, dingtalk, gateways, misc, oauth2, orders, pagination, zerotrust
from .messages import BadParameter, Request, Response, error_response, json_response

__all__ = ["ENDPOINTS", "METHODS", "Endpoint", "dispatch", "render_endpoints"]

#: Methods the server answers at all; anything else gets 501 from the HTTP layer.
METHODS = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS")

Handler = Callable[[Request], Response]


@dataclass(frozen=True)
class Endpoint:
    """One row of the route table."""

    methods: tuple[str, ...]
    path: str  # pattern, e.g. "/orders/{id}"
    doc: str  # one line, shown by GET / and --help
    handler: Handler = field(repr=False, compare=False)
    regex: re.Pattern[str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "regex", _compile(self.path))

    @property
    def allowed(self) -> tuple[str, ...]:
        """The methods this endpoint answers, with the implied HEAD and OPTIONS."""
        implied = {*self.methods, "OPTIONS"} | ({"HEAD"} if "GET" in self.methods else set())
        return tuple(m for m in METHODS if m in implied)


def _compile(pattern: str) -> re.Pattern[str]:
    regex = ""
    for literal, name, kind in re.findall(r"([^{]*)(?:\{(\w+)(?::(\w+))?\})?", pattern):
        regex += re.escape(literal)
        if name:
            regex += f"(?P<{name}>{'.+' if kind == 'path' else '[^/]+'})"
    return re.compile(regex)


def index(req: Request) -> Response:
    """``GET /``: the endpoint table as JSON."""
    return json_response(
        {
            "name": "connector_lab sandbox API",
            "url": req.site.own_url,
            "other_url": req.site.peer_url,
            "endpoints": [
                {"methods": list(e.methods), "path": e.path, "doc": e.doc} for e in ENDPOINTS
            ],
        }
    )


_ANY = tuple(m for m in METHODS if m != "HEAD")  # HEAD follows GET

ENDPOINTS: tuple[Endpoint, ...] = (
    Endpoint(("GET",), "/", "this index of endpoints", index),
    # DingTalk open platform
    Endpoint(
        ("POST",),
        "/v1.0/oauth2/accessToken",
        'DingTalk token: JSON {"appKey","appSecret"} -> {"accessToken","expireIn"}',
        dingtalk.access_token,
    ),
    Endpoint(
        ("GET",),
        "/gettoken",
        "DingTalk legacy token: ?appkey=&appsecret= -> {errcode, access_token, expires_in}",
        dingtalk.legacy_gettoken,
    ),
    Endpoint(
        ("GET",),
        "/v1.0/contact/users",
        "DingTalk users (header x-acs-dingtalk-access-token) -> {list, hasMore}",
        dingtalk.contact_users,
    ),
    Endpoint(
        ("GET",),
        "/v1.0/contact/users/{userId}",
        "one DingTalk user (header x-acs-dingtalk-access-token), e.g. user001",
        dingtalk.contact_user,
    ),
    Endpoint(
        ("GET", "POST"),
        "/topapi/v2/user/list",
        "DingTalk legacy users: ?access_token= -> {errcode, result}",
        dingtalk.legacy_user_list,
    ),
    Endpoint(
        ("GET", "POST"),
        "/zt/v1/echo",
        "DingTalk zero-trust gateway: verifies the X-Hmac-Auth-* signature (assumed protocol)",
        zerotrust.echo,
    ),
    # OAuth2 client credentials
    Endpoint(
        ("POST",),
        "/oauth2/token",
        "OAuth2 token: form grant_type=client_credentials (scope, audience), client id and "
        "secret as Basic or form fields -> {access_token, token_type, expires_in}",
        oauth2.token,
    ),
    Endpoint(
        ("GET",),
        "/oauth2/api/items",
        "OAuth2 API (header 'Authorization: Bearer <token>') -> items; 401 + WWW-Authenticate",
        oauth2.items,
    ),
    # Other credential schemes
    Endpoint(
        ("GET",),
        "/gateway/weather",
        "Aliyun API gateway: header 'Authorization: APPCODE <code>', ?city=",
        gateways.weather,
    ),
    Endpoint(
        ("GET", "POST"),
        "/aliyun/signed/{rest:path}",
        "Aliyun API gateway signature mode: verifies X-Ca-Signature (AppKey/AppSecret, "
        "HmacSHA256|HmacSHA1, 15-min timestamp, one-time nonce) -> what was received",
        aliyun.signed,
    ),
    Endpoint(("GET",), "/basic/profile", "HTTP Basic auth -> profile", gateways.basic_profile),
    Endpoint(
        ("GET",),
        "/apikey/header/items",
        "API key in header X-API-Key -> items",
        gateways.apikey_header_items,
    ),
    Endpoint(
        ("GET",),
        "/apikey/header/orders/{id}",
        "API key in header X-API-Key -> one order, ?fields=id,number (all when absent)",
        gateways.apikey_header_order,
    ),
    Endpoint(
        ("GET",),
        "/apikey/query/items",
        "API key in query parameter api_key -> items",
        gateways.apikey_query_items,
    ),
    # Data
    Endpoint(
        ("GET",),
        "/orders",
        "nested orders with line items: ?count=25 (max 200000) -> {data, total}",
        orders.orders_list,
    ),
    Endpoint(("GET",), "/orders/{id}", "one order by id, or 404", orders.order_detail),
    Endpoint(
        ("GET",),
        "/paged/pages",
        "page number paging: ?page=1&per_page=10&total=95 -> {page, total_pages, data}",
        pagination.by_page,
    ),
    Endpoint(
        ("GET",),
        "/paged/offset",
        "offset paging: ?offset=0&limit=10&total=95 -> {offset, limit, total, items}",
        pagination.by_offset,
    ),
    Endpoint(
        ("GET",),
        "/paged/cursor",
        "cursor paging: ?cursor=&limit=10&total=95 -> {items, next_cursor}",
        pagination.by_cursor,
    ),
    Endpoint(
        ("GET",),
        "/paged/next",
        "next-URL paging: ?page=1&per_page=10&total=95 -> {results, next}",
        pagination.by_next_url,
    ),
    Endpoint(
        ("GET",),
        "/paged/link",
        "Link-header paging (RFC 8288): ?page=1&per_page=10&total=95 -> [items]",
        pagination.by_link_header,
    ),
    # Formats and behaviour
    Endpoint(("GET",), "/formats/csv", "text/csv with quotes and commas", misc.format_csv),
    Endpoint(("GET",), "/formats/text", "text/plain", misc.format_text),
    Endpoint(("GET",), "/formats/xml", "application/xml", misc.format_xml),
    Endpoint(("GET",), "/formats/jsonl", "application/x-ndjson (JSON Lines)", misc.format_jsonl),
    Endpoint(("GET",), "/formats/binary", "application/octet-stream", misc.format_binary),
    Endpoint(
        ("GET",), "/errors/{status}", "that status (400-599) with a JSON error body", misc.errors
    ),
    Endpoint(("GET",), "/slow", "answer after ?delay=1.0 seconds (max 30)", misc.slow),
    Endpoint(
        ("GET",),
        "/rate-limited",
        "?key=&fail=1&retry_after=1: first `fail` calls per key get 429 + Retry-After",
        misc.rate_limited,
    ),
    Endpoint(
        ("GET", "POST"),
        "/redirect/other-host",
        "?to=/echo&code=302: redirect to the other listener, carrying the query",
        misc.redirect_other_host,
    ),
    Endpoint(
        ("GET", "POST"),
        "/redirect/same-host",
        "?to=/echo&code=302: redirect to this listener, carrying the query",
        misc.redirect_same_host,
    ),
    Endpoint(_ANY, "/echo", "any method: what the server received, as JSON", misc.echo),
    Endpoint(_ANY, "/echo/{rest:path}", "any method, any sub-path: same as /echo", misc.echo),
)


def render_endpoints(endpoints: tuple[Endpoint, ...] = ENDPOINTS) -> str:
    """The table as aligned text lines (used by ``--help``)."""
    rows = [("|".join(e.methods) if e.methods != _ANY else "ANY", e.path, e.doc) for e in endpoints]
    width_m = max(len(r[0]) for r in rows)
    width_p = max(len(r[1]) for r in rows)
    return "\n".join(f"  {m:<{width_m}}  {p:<{width_p}}  {d}" for m, p, d in rows)


def dispatch(req: Request) -> Response:
    """Find the endpoint for ``req`` and call it; 404, 405 and parameter errors as JSON."""
    allowed: list[str] = []
    for endpoint in ENDPOINTS:
        match = endpoint.regex.fullmatch(req.path)
        if match is None:
            continue
        if req.method not in endpoint.allowed:
            allowed += endpoint.allowed
            continue
        if req.method == "OPTIONS" and "OPTIONS" not in endpoint.methods:
            # 200 with an empty body rather than 204: 204 forbids the Content-Length that
            # every answer of this server carries.
            return Response(200, b"", None, [("Allow", ", ".join(endpoint.allowed))])
        req.params = {k: unquote(v) for k, v in match.groupdict().items()}
        try:
            return endpoint.handler(req)
        except BadParameter as exc:
            return error_response(400, "InvalidParameter", exc.message, parameter=exc.name)
    if allowed:
        allow = ", ".join(m for m in METHODS if m in allowed)
        return error_response(
            405,
            "MethodNotAllowed",
            f"{req.method} is not allowed on {req.path}; use {allow}",
            headers=[("Allow", allow)],
        )
    return error_response(404, "NotFound", f"no endpoint at {req.path}; GET / lists them")
