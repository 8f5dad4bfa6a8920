"""Aliyun API gateway emulation, digest signature mode (阿里云 API 网关 摘要签名): verifies
signed requests on ``/aliyun/signed/...`` the way the gateway does, per Aliyun's public
"使用摘要签名认证方式调用 API" (help.aliyun.com/document_detail/29475.html).

This is a second implementation, written apart from the client's signer
(``connector_lab.wire.auth.aliyun_signature``) and never importing it, so a mistake in one is
caught by the other. The headers named in ``X-Ca-Signature-Headers`` are signed as the client
spelled them there (the gateway's behaviour); their values are looked up case-insensitively.

Refusals answer 401 with the gateway's ``X-Ca-Error-Message`` header (for a bad signature,
the server's string to sign with newlines shown as ``#``, which holds no secret and is what a
client author needs) and the sandbox's JSON error body. ``X-Ca-Timestamp`` (ms) must be within
15 minutes of the server clock and ``X-Ca-Nonce`` unused; the real gateway makes both
optional, the sandbox requires them to test that a client sends them.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import time
from urllib.parse import parse_qsl

from .credentials import matches
from .messages import Request, Response, error_response, json_response

__all__ = ["WINDOW_MS", "gateway_string_to_sign", "signed"]

WINDOW_MS = 15 * 60 * 1000  # a timestamp may be this far from the server clock, either way
_DIGESTS = {"HmacSHA256": hashlib.sha256, "HmacSHA1": hashlib.sha1}
_FORM = "application/x-www-form-urlencoded"
_STALE = (
    "Invalid Timestamp: X-Ca-Timestamp (ms) is missing or more than 15 minutes from the "
    "server clock"
)


def _refuse(code: str, message: str, status: int = 401) -> Response:
    # A header is Latin-1 on the wire: other characters (a Chinese parameter) go escaped.
    header = message.encode("ascii", "backslashreplace").decode("ascii")
    return error_response(status, code, message, headers=[("X-Ca-Error-Message", header)])


def _parameters(req: Request) -> dict[str, str]:
    """Query and form parameters by name: the first value of a name, form before query."""
    found: dict[str, str] = {}
    content_type = (req.header("Content-Type") or "").split(";")[0].strip().lower()
    if content_type == _FORM:
        for name, value in parse_qsl(req.body.decode("utf-8", "replace"), keep_blank_values=True):
            found.setdefault(name, value)
    for name, value in parse_qsl(req.query_string, keep_blank_values=True):
        found.setdefault(name, value)
    return found


def gateway_string_to_sign(req: Request) -> str:
    """What the gateway signs for ``req``: five header lines, the listed headers sorted, then
    the path with its sorted parameters (a parameter with no value written as its name)."""
    out = ""
    for name in ("Accept", "Content-MD5", "Content-Type", "Date"):
        out += (req.header(name) or "") + "\n"
    listed = (req.header("X-Ca-Signature-Headers") or "").split(",")
    for name in sorted(n.strip() for n in listed if n.strip()):
        out += f"{name}:{req.header(name) or ''}\n"
    params = _parameters(req)
    out += req.path
    if params:
        out += "?" + "&".join(k + ("=" + params[k] if params[k] else "") for k in sorted(params))
    return req.method.upper() + "\n" + out


def _expected_signature(secret: str, text: str, method: str) -> str:
    digest = _DIGESTS.get(method, hashlib.sha256)
    return base64.b64encode(hmac.new(secret.encode(), text.encode(), digest).digest()).decode()


def _stale(timestamp: str) -> bool:
    if not timestamp.isdigit():
        return True
    return abs(time.time() * 1000 - int(timestamp)) > WINDOW_MS


def _check(req: Request, text: str) -> Response | None:
    """The refusal for ``req`` (``text``: its string to sign), or None when it is properly
    signed (its nonce then used)."""
    creds = req.state.credentials
    if not matches(req.header("X-Ca-Key"), creds.aliyun_app_key):
        return _refuse("InvalidAppKey", "Invalid AppKey")
    if _stale(req.header("X-Ca-Timestamp") or ""):
        return _refuse("InvalidTimestamp", _STALE)
    method = req.header("X-Ca-Signature-Method") or "HmacSHA256"
    if method not in _DIGESTS:
        return _refuse("InvalidSignatureMethod", f"Invalid X-Ca-Signature-Method {method!r}", 400)
    md5 = req.header("Content-MD5")
    if md5 and md5 != base64.b64encode(hashlib.md5(req.body).digest()).decode():
        return _refuse("InvalidContentMD5", "Invalid Content-MD5", 400)
    expected = _expected_signature(creds.aliyun_app_secret, text, method)
    if not matches(req.header("X-Ca-Signature"), expected):
        shown = text.replace("\n", "#")
        return _refuse("InvalidSignature", f"Invalid Signature, Server StringToSign:`{shown}`")
    nonce = req.header("X-Ca-Nonce") or ""
    # Only a verified request uses up its nonce, so garbage cannot burn a client's nonces.
    if not nonce or not req.state.use_nonce("aliyun:" + nonce, keep_for=2 * WINDOW_MS / 1000):
        return _refuse("NonceUsed", "Nonce Used: X-Ca-Nonce is missing or was already used")
    return None


def signed(req: Request) -> Response:
    """``GET|POST /aliyun/signed/{rest}``: verify the signature, then say what was received."""
    text = gateway_string_to_sign(req)
    refusal = _check(req, text)
    if refusal is not None:
        return refusal
    received = {k: v for k, v in req.headers.items() if k.lower().startswith("x-ca-")}
    for name in ("Accept", "Content-Type", "Content-MD5", "Date"):
        if req.header(name) is not None:
            received[name] = req.header(name) or ""
    return json_response(
        {
            "verified": True,
            "method": req.method,
            "path": req.path,
            "parameters": _parameters(req),
            "headers": received,
            "string_to_sign": text,
        }
    )
