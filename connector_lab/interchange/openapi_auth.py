"""Security schemes → the connector's auth scheme: ``apiKey`` in a header or the query →
:class:`ApiKeyAuth`, HTTP basic → :class:`BasicAuth`, HTTP bearer → :class:`BearerAuth`.
OAuth2 client credentials (an absolute ``tokenUrl``) → :class:`OAuth2ClientCredentialsAuth`
with the flow's scopes; anything else is noted. A spec holds no credentials, so an import
finds no account."""

from __future__ import annotations

from typing import Any

from ..spec.schemes import ApiKeyAuth, BasicAuth, BearerAuth, NoAuth, OAuth2ClientCredentialsAuth

_Scheme = NoAuth | BasicAuth | ApiKeyAuth | BearerAuth | OAuth2ClientCredentialsAuth


def _schemes(document: dict[str, Any], refs: Any) -> dict[str, dict[str, Any]]:
    if str(document.get("swagger", "")).startswith("2"):
        found = document.get("securityDefinitions") or {}
    else:
        found = (document.get("components") or {}).get("securitySchemes") or {}
    return {name: refs.get(value) for name, value in found.items() if isinstance(value, dict)}


def _one(name: str, scheme: dict[str, Any]) -> tuple[_Scheme | None, str]:
    kind = scheme.get("type")
    http = str(scheme.get("scheme", "")).lower()
    if kind == "apiKey" and scheme.get("in") in ("header", "query") and scheme.get("name"):
        try:
            return ApiKeyAuth(location=scheme["in"], name=scheme["name"]), ""
        except ValueError:
            return None, f"security scheme {name!r}: API key name {scheme['name']!r} is not usable"
    if kind == "basic" or (kind == "http" and http == "basic"):
        return BasicAuth(), ""
    if kind == "http" and http == "bearer":
        return BearerAuth(), ""
    flows = scheme.get("flows") or {}
    if kind == "oauth2" and ("clientCredentials" in flows or scheme.get("flow") == "application"):
        return _client_credentials(name, scheme, flows.get("clientCredentials") or scheme)
    where = f" in {scheme.get('in')}" if scheme.get("in") else ""
    return None, (
        f"security scheme {name!r} ({kind}{' ' + http if http else ''}{where}) is not supported; "
        "the connector was given no authentication — choose a scheme in the form"
    )


def _client_credentials(
    name: str, scheme: dict[str, Any], flow: dict[str, Any]
) -> tuple[_Scheme | None, str]:
    """OpenAPI 3's ``flows.clientCredentials`` or Swagger 2's ``flow: application``."""
    scopes = flow.get("scopes") if isinstance(flow.get("scopes"), dict) else {}
    try:
        auth = OAuth2ClientCredentialsAuth(
            token_url=str(flow.get("tokenUrl", "")), scope=" ".join(map(str, scopes))
        )
    except ValueError:
        return None, (
            f"security scheme {name!r}: OAuth2 client credentials needs an absolute tokenUrl, "
            f"got {flow.get('tokenUrl')!r}; set auth.token_url in the form"
        )
    return auth, ""


def auth_of(document: dict[str, Any], refs: Any) -> tuple[_Scheme, list[str]]:
    """The connector's scheme (the first usable one the spec requires, else the first
    usable one it defines) and a warning per scheme left out."""
    schemes = _schemes(document, refs)
    required = [n for req in document.get("security") or [] if isinstance(req, dict) for n in req]
    order = [n for n in required if n in schemes] + [n for n in schemes if n not in required]
    chosen: _Scheme | None = None
    warnings = []
    for name in dict.fromkeys(order):
        scheme, problem = _one(name, schemes[name])
        if problem:
            warnings.append(problem)
        elif chosen is None:
            chosen = scheme
        else:
            warnings.append(f"security scheme {name!r} left out: a connector has one scheme")
    return chosen or NoAuth(), warnings
