"""The authentication part of a generated Python script (``python_export``), one text per
scheme of ``spec/schemes.py``, each ending in ``_session()`` — a ``requests.Session`` that
signs every request as connector_lab's own ``wire/auth`` does.

Credentials are read with ``_secret("ENV_NAME")`` when a request is sent; the texts hold
variable names and non-secret settings (header names, the token URL) only.
"""

from __future__ import annotations

from string import Template

from ..spec.connectors import Connector
from .codegen import env_names, literal

_SESSION = """

def _session() -> requests.Session:
    session = requests.Session()
    session.auth = _Auth()
    return session
"""

_NONE = """
def _session() -> requests.Session:
    return requests.Session()  # no authentication
"""

_HEADER = Template('''
class _Auth(requests.auth.AuthBase):
    """$doc"""

    def __call__(self, r: requests.PreparedRequest) -> requests.PreparedRequest:
        r.headers[$header] = $value
        return r
''')

_QUERY = Template('''
class _Auth(requests.auth.AuthBase):
    """The API key as query parameter $name."""

    def __call__(self, r: requests.PreparedRequest) -> requests.PreparedRequest:
        r.prepare_url(r.url, {$name: _secret($key)})
        return r
''')

# The token schemes' shared start: where the token comes from, the cache, and `_token()`
# returning the cached token while it is fresh ($token_doc: how the token is got).
_TOKEN_CACHE = '''
TOKEN_URL = $token_url
REFRESH_MARGIN = $margin  # seconds before expiry a cached token is fetched again
_TOKEN: dict[str, Any] = {}  # the cached access token and when it expires


def _token() -> str:
    """$token_doc"""
    if _TOKEN and time.monotonic() < _TOKEN["expires"] - REFRESH_MARGIN:
        return _TOKEN["token"]
'''

_DINGTALK = Template(
    _TOKEN_CACHE
    + '''    key, secret = _secret($app_key), _secret($app_secret)
$fetch
    if not token:
        raise SystemExit(f"the token endpoint refused the App Key / App Secret: {data}")
    _TOKEN.update(token=str(token), expires=time.monotonic() + float(lifetime))
    return _TOKEN["token"]


class _Auth(requests.auth.AuthBase):
    """$doc"""

    def __call__(self, r: requests.PreparedRequest) -> requests.PreparedRequest:
$apply
        return r
'''
)

_FETCH_NEW = """\
    response = requests.post(TOKEN_URL, json={"appKey": key, "appSecret": secret}, timeout=TIMEOUT)
    data = response.json()
    token, lifetime = data.get("accessToken"), data.get("expireIn", 7200)"""

_FETCH_LEGACY = """\
    response = requests.get(
        TOKEN_URL, params={"appkey": key, "appsecret": secret}, timeout=TIMEOUT
    )
    data = response.json()
    token = data.get("access_token") if data.get("errcode") == 0 else None
    lifetime = data.get("expires_in", 7200)"""

_OAUTH2 = Template(
    _TOKEN_CACHE
    + '''    client = (_secret($client_id), _secret($client_secret))
    form = $form
$send
    data = response.json()
    if not data.get("access_token"):
        said = f"{data.get('error')}: {data.get('error_description')}"
        raise SystemExit(f"the token endpoint refused the client ID / secret: {said}")
    _TOKEN.update(token=str(data["access_token"]))
    _TOKEN.update(expires=time.monotonic() + float(data.get("expires_in", 3600)))
    return _TOKEN["token"]


class _Auth(requests.auth.AuthBase):
    """OAuth2 client credentials: the access token as Authorization: Bearer."""

    def __call__(self, r: requests.PreparedRequest) -> requests.PreparedRequest:
        r.headers["Authorization"] = "Bearer " + _token()
        return r
'''
)

_SEND_BASIC = """\
    # RFC 6749 2.3.1: the client ID and secret form-encoded, then sent as HTTP basic.
    auth = tuple(quote_plus(part) for part in client)
    response = requests.post(TOKEN_URL, data=form, auth=auth, timeout=TIMEOUT)"""

_SEND_BODY = """\
    form |= {"client_id": client[0], "client_secret": client[1]}
    response = requests.post(TOKEN_URL, data=form, timeout=TIMEOUT)"""

_ZERO_TRUST = Template('''
class _Auth(requests.auth.AuthBase):
    """DingTalk zero-trust gateway: every request HMAC-SHA256 signed (the assumed protocol
    of connector_lab's wire/auth/zero_trust.py)."""

    def __call__(self, r: requests.PreparedRequest) -> requests.PreparedRequest:
        parts = urlsplit(r.url)
        stamp = datetime.now(timezone.utc).astimezone().isoformat(timespec="milliseconds")
        nonce = uuid.uuid4().hex
        text = f"{r.method.upper()}\\n{stamp}\\n{nonce}\\n{parts.path or '/'}"
        pairs = sorted(parse_qsl(parts.query, keep_blank_values=True))
        if pairs:
            text += "\\n" + "&".join(f"{k}={v}" for k, v in pairs)
        secret = _secret($app_secret).encode()
        digest = hmac.new(secret, text.encode(), hashlib.sha256).digest()
        r.headers.update(
            {
                "X-Hmac-Auth-Timestamp": stamp,
                "X-Hmac-Auth-Version": $version,
                "X-Hmac-Auth-Nonce": nonce,
                $key_header: _secret($app_key),
                "X-Hmac-Auth-Signature": base64.b64encode(digest).decode("ascii"),
            }
        )
        return r
''')

_ALIYUN = Template('''
class _Auth(requests.auth.AuthBase):
    """Aliyun API gateway signature mode (摘要签名): every request signed with the
    AppSecret, as connector_lab's wire/auth/aliyun_signature.py does."""

    def __call__(self, r: requests.PreparedRequest) -> requests.PreparedRequest:
        ca = {
            "x-ca-key": _secret($app_key),
            "x-ca-timestamp": str(int(time.time() * 1000)),
            "x-ca-nonce": str(uuid.uuid4()),
            "x-ca-signature-method": $method,
        }
        stage = $stage  # X-Ca-Stage, when the connector names one
        if stage:
            ca["x-ca-stage"] = stage
        signed = {**ca, **{name: r.headers.get(name, "") for name in $extra}}
        kind = r.headers.get("Content-Type", "").split(";")[0].strip().lower()
        form = kind == "application/x-www-form-urlencoded"
        body = r.body.encode() if isinstance(r.body, str) else (r.body or b"")
        if body and not form:
            r.headers["Content-MD5"] = base64.b64encode(hashlib.md5(body).digest()).decode()
        parts = urlsplit(r.url)
        params: dict[str, str] = {}
        pairs = parse_qsl(body.decode() if form else "", keep_blank_values=True)
        for name, value in pairs + parse_qsl(parts.query, keep_blank_values=True):
            params.setdefault(name, value)  # a form value first, then the query's
        path = parts.path or "/"
        if params:
            path += "?" + "&".join(f"{k}={v}" if v else k for k, v in sorted(params.items()))
        heads = [r.headers.get(h, "") for h in ("Accept", "Content-MD5", "Content-Type", "Date")]
        text = "\\n".join([r.method.upper(), *heads]) + "\\n"
        text += "".join(f"{k}:{v}\\n" for k, v in sorted(signed.items())) + path
        digest = hmac.new(_secret($app_secret).encode(), text.encode(), $digest).digest()
        r.headers.update(ca)
        r.headers["x-ca-signature-headers"] = ",".join(sorted(signed))
        r.headers["x-ca-signature"] = base64.b64encode(digest).decode()
        return r
''')

#: Standard-library modules each scheme's text needs beyond the script's own.
IMPORTS = {
    "basic": ["import base64"],
    "aliyun_signature": [
        "import base64",
        "import hashlib",
        "import hmac",
        "import time",
        "import uuid",
        "from urllib.parse import parse_qsl, urlsplit",
    ],
    "dingtalk": ["import time"],
    "oauth2_client_credentials": ["import time", "from urllib.parse import quote_plus"],
    "dingtalk_zero_trust": [
        "import base64",
        "import hashlib",
        "import hmac",
        "import uuid",
        "from datetime import datetime, timezone",
        "from urllib.parse import parse_qsl, urlsplit",
    ],
}


def auth_source(connector: Connector, prefix: str | None = None) -> str:
    """The script's ``_Auth`` (if any) and ``_session()`` for the connector's scheme."""
    scheme, env = connector.auth, {k: literal(v) for k, v in env_names(connector, prefix).items()}
    kind = scheme.type
    if kind == "none":
        return _NONE
    if kind == "api_key" and scheme.location == "query":  # type: ignore[union-attr]
        text = _QUERY.substitute(name=literal(scheme.name), key=env["token"])  # type: ignore[union-attr]
    elif kind == "dingtalk":
        text = _dingtalk(connector, env)
    elif kind == "oauth2_client_credentials":
        text = _oauth2(connector, env)
    elif kind == "dingtalk_zero_trust":
        text = _ZERO_TRUST.substitute(
            app_key=env["app_key"],
            app_secret=env["app_secret"],
            version=literal(scheme.version),  # type: ignore[union-attr]
            key_header=literal(scheme.api_key_header),  # type: ignore[union-attr]
        )
    elif kind == "aliyun_signature":
        text = _aliyun(connector, env)
    else:
        text = _HEADER.substitute(_header_parts(connector, env))
    return text + _SESSION


def _header_parts(connector: Connector, env: dict[str, str]) -> dict[str, str]:
    """Header name, value expression and docstring of the schemes that set one header."""
    scheme = connector.auth
    if scheme.type == "basic":
        pair = f'_secret({env["username"]}) + ":" + _secret({env["password"]})'
        value = f'"Basic " + base64.b64encode(({pair}).encode()).decode()'
        return {"doc": "HTTP basic authentication.", "header": '"Authorization"', "value": value}
    if scheme.type == "api_key":
        doc = f"The API key as header {scheme.name}."  # type: ignore[union-attr]
        return {"doc": doc, "header": literal(scheme.name), "value": f"_secret({env['token']})"}  # type: ignore[union-attr]
    prefix, key, doc = {
        "bearer": ("Bearer ", "token", "A bearer token."),
        "aliyun_appcode": ("APPCODE ", "app_code", "Aliyun API gateway AppCode."),
    }[scheme.type]
    value = f"{literal(prefix)} + _secret({env[key]})"
    return {"doc": doc, "header": '"Authorization"', "value": value}


def _oauth2(connector: Connector, env: dict[str, str]) -> str:
    scheme = connector.auth
    settings = {"scope": scheme.scope, "audience": scheme.audience}  # type: ignore[union-attr]
    form = {"grant_type": "client_credentials", **{k: v for k, v in settings.items() if v}}
    return _OAUTH2.substitute(
        token_url=literal(scheme.token_url),  # type: ignore[union-attr]
        margin=literal(scheme.refresh_margin),  # type: ignore[union-attr]
        client_id=env["client_id"],
        client_secret=env["client_secret"],
        form=literal(form),
        send=_SEND_BASIC if scheme.client_auth == "basic" else _SEND_BODY,  # type: ignore[union-attr]
        token_doc="OAuth2 client credentials: a token fetched with the client ID and secret, "
        "cached.",
    )


def _dingtalk(connector: Connector, env: dict[str, str]) -> str:
    scheme = connector.auth
    legacy = scheme.legacy  # type: ignore[union-attr]
    if legacy:
        doc = "DingTalk (legacy): the access token as query parameter access_token."
        apply = '        r.prepare_url(r.url, {"access_token": _token()})'
    else:
        doc = "DingTalk open platform: the access token as x-acs-dingtalk-access-token."
        apply = '        r.headers["x-acs-dingtalk-access-token"] = _token()'
    return _DINGTALK.substitute(
        token_url=literal(scheme.token_url),  # type: ignore[union-attr]
        margin=literal(scheme.refresh_margin),  # type: ignore[union-attr]
        app_key=env["app_key"],
        app_secret=env["app_secret"],
        fetch=_FETCH_LEGACY if legacy else _FETCH_NEW,
        doc=doc,
        apply=apply,
        token_doc="The DingTalk access token: fetched with App Key and App Secret, then cached.",
    )


def _aliyun(connector: Connector, env: dict[str, str]) -> str:
    scheme = connector.auth
    method = scheme.signature_method  # type: ignore[union-attr]
    return _ALIYUN.substitute(
        app_key=env["app_key"],
        app_secret=env["app_secret"],
        method=literal(method),
        stage=literal(scheme.stage),  # type: ignore[union-attr]
        extra=literal(scheme.header_names()),  # type: ignore[union-attr]
        digest="hashlib.sha1" if method == "HmacSHA1" else "hashlib.sha256",
    )
