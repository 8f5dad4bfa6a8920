"""Aliyun API gateway, digest signature mode (阿里云 API 网关 摘要签名), per Aliyun's public
"使用摘要签名认证方式调用 API" (help.aliyun.com/document_detail/29475.html).

Every request carries ``X-Ca-Key`` (AppKey), ``X-Ca-Timestamp`` (ms), ``X-Ca-Nonce`` (a UUID),
``X-Ca-Signature-Method``, ``X-Ca-Signature-Headers``, ``X-Ca-Signature`` and, for a body that
is not a form, ``Content-MD5``. The protocol is split into its named steps:

- :func:`content_md5`: base64 of the MD5 digest of the body bytes;
- :func:`path_and_parameters`: the path, then the query and form parameters sorted by name
  (``key`` alone when the value is empty);
- :func:`string_to_sign`: method, Accept, Content-MD5, Content-Type, Date (each followed by a
  newline, empty when absent), the signed headers as ``name:value\\n`` sorted by name, then
  the path and parameters;
- :func:`sign`: base64(HMAC-SHA256 or HMAC-SHA1 keyed by the AppSecret);
- :func:`signature_headers`: the headers one prepared request gets.

Header names are signed in lower case, in both the string to sign and
``X-Ca-Signature-Headers``, as the documentation's example and Aliyun's SDK do.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import time
import uuid
from collections.abc import Callable, Iterable, Mapping
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import requests
from requests.structures import CaseInsensitiveDict

from ...spec.accounts import AuthAccount
from ...spec.schemes import AliyunSignatureAuth
from .base import CredentialAuth
from .registry import register_credentials

FORM_TYPE = "application/x-www-form-urlencoded"
#: The X-Ca-* headers every request signs (with X-Ca-Stage when the scheme sets a stage).
SIGNED_CA_HEADERS = ("x-ca-key", "x-ca-nonce", "x-ca-signature-method", "x-ca-timestamp")
_HASHES = {"HmacSHA256": hashlib.sha256, "HmacSHA1": hashlib.sha1}


def content_md5(body: bytes | str | None) -> str:
    """``base64(md5(body))`` — of the 16-byte digest, not of its hex; "" for no body.

    >>> content_md5(b"abc")
    'kAFQmDzST7DWlj99KOF/cg=='
    """
    if not body:
        return ""
    data = body.encode("utf-8") if isinstance(body, str) else body
    return base64.b64encode(hashlib.md5(data).digest()).decode("ascii")


def is_form(content_type: str | None) -> bool:
    """Whether a Content-Type is a form body (whose fields are signed as parameters)."""
    return (content_type or "").split(";")[0].strip().lower() == FORM_TYPE


def path_and_parameters(
    path: str, query: Iterable[tuple[str, str]] = (), form: Iterable[tuple[str, str]] = ()
) -> str:
    """``path?k1=v1&k2`` with the decoded query and form pairs sorted by name; a name keeps
    its first value, and a form value wins over a query value of the same name (as Aliyun's
    SDK merges them); an empty value is written as the name alone.

    >>> path_and_parameters("/p", [("b", "2"), ("a", "")], [("c", "3")])
    '/p?a&b=2&c=3'
    """
    merged: dict[str, str] = {}
    for pairs in (form, query):
        for name, value in pairs:
            merged.setdefault(name, value)
    if not merged:
        return path
    joined = "&".join(f"{k}={v}" if v else k for k, v in sorted(merged.items()))
    return f"{path}?{joined}"


def string_to_sign(
    method: str,
    path_and_params: str,
    *,
    accept: str = "",
    content_md5: str = "",
    content_type: str = "",
    date: str = "",
    headers: Mapping[str, str] | None = None,
) -> str:
    """The text that is signed. ``headers`` are the signed headers (lower-case name → value),
    written sorted by name; none adds nothing (not even an empty line)."""
    lines = [method.upper(), accept, content_md5, content_type, date]
    signed = "".join(f"{name}:{value}\n" for name, value in sorted((headers or {}).items()))
    return "\n".join(lines) + "\n" + signed + path_and_params


def sign(text: str, secret: str, method: str = "HmacSHA256") -> str:
    """``base64(HMAC(secret, text))`` with SHA-256 (``HmacSHA256``) or SHA-1 (``HmacSHA1``)."""
    digest = hmac.new(secret.encode("utf-8"), text.encode("utf-8"), _HASHES[method]).digest()
    return base64.b64encode(digest).decode("ascii")


def _text(value: str | bytes | None) -> str:
    return value.decode("latin-1") if isinstance(value, bytes) else (value or "")


def request_string_to_sign(r: requests.PreparedRequest, added: Mapping[str, str]) -> str:
    """The string to sign of prepared request ``r`` once it carries the ``added`` headers;
    the signed header names are those its ``X-Ca-Signature-Headers`` lists."""
    headers = CaseInsensitiveDict(r.headers)
    headers.update(added)

    def get(name: str) -> str:
        return _text(headers.get(name))

    parts = urlsplit(r.url or "")
    content_type = get("Content-Type")
    form = parse_qsl(_form_text(r.body), keep_blank_values=True) if is_form(content_type) else []
    names = [name.strip() for name in get("X-Ca-Signature-Headers").split(",") if name.strip()]
    return string_to_sign(
        r.method or "GET",
        path_and_parameters(
            parts.path or "/", parse_qsl(parts.query, keep_blank_values=True), form
        ),
        accept=get("Accept"),
        content_md5=get("Content-MD5"),
        content_type=content_type,
        date=get("Date"),
        headers={name: get(name) for name in names},
    )


def _form_text(body: str | bytes | None) -> str:
    # A form body is ASCII after urlencoding; "replace" only guards a hand-made body.
    return body.decode("utf-8", "replace") if isinstance(body, bytes) else (body or "")


def signature_headers(
    r: requests.PreparedRequest,
    *,
    app_key: str,
    app_secret: str,
    scheme: AliyunSignatureAuth,
    timestamp: str,
    nonce: str,
) -> dict[str, str]:
    """The headers that sign prepared request ``r`` (its body already built)."""
    headers = {
        "X-Ca-Key": app_key,
        "X-Ca-Timestamp": timestamp,
        "X-Ca-Nonce": nonce,
        "X-Ca-Signature-Method": scheme.signature_method,
    }
    names = list(SIGNED_CA_HEADERS)
    if scheme.stage:
        headers["X-Ca-Stage"] = scheme.stage
        names.append("x-ca-stage")
    names += [name for name in scheme.header_names() if name not in names]
    headers["X-Ca-Signature-Headers"] = ",".join(sorted(names))
    if r.body and not is_form(_text(r.headers.get("Content-Type"))):
        headers["Content-MD5"] = content_md5(r.body)
    text = request_string_to_sign(r, headers)
    headers["X-Ca-Signature"] = sign(text, app_secret, scheme.signature_method)
    return headers


def _now_ms() -> str:
    return str(int(time.time() * 1000))


def _new_nonce() -> str:
    return str(uuid.uuid4())


@register_credentials("aliyun_signature")
class AliyunSignatureCredentials(CredentialAuth):
    """Signs each prepared request (after its body is built) with :func:`signature_headers`.

    ``timestamp`` and ``nonce`` make the time and the nonce injectable (tests reproduce
    published vectors with them); by default the clock in ms and a fresh uuid4.
    """

    # The signature and the AppKey are only meant for this server.
    credential_headers = frozenset(
        {"x-ca-signature", "x-ca-key", "x-ca-nonce", "x-ca-timestamp", "x-ca-signature-headers"}
    )

    def __init__(
        self,
        account: AuthAccount,
        scheme: AliyunSignatureAuth,
        secret_keys: Iterable[str] = ("app_secret",),
        *,
        timestamp: Callable[[], str] = _now_ms,
        nonce: Callable[[], str] = _new_nonce,
    ):
        super().__init__(account, secret_keys)
        self.scheme = scheme
        self.timestamp, self.nonce = timestamp, nonce

    @classmethod
    def from_scheme(
        cls, account: AuthAccount, scheme: AliyunSignatureAuth, secret_keys: Iterable[str], **_: Any
    ) -> AliyunSignatureCredentials:
        return cls(account, scheme, secret_keys)

    def __call__(self, r: requests.PreparedRequest) -> requests.PreparedRequest:
        r.headers.update(
            signature_headers(
                r,
                app_key=self.header_value("app_key"),  # it travels in a header as it is
                app_secret=self.account.resolve("app_secret"),
                scheme=self.scheme,
                timestamp=self.timestamp(),
                nonce=self.nonce(),
            )
        )
        return r
