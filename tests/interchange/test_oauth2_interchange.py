"""OAuth2 client credentials through the interchange formats: OpenAPI's ``clientCredentials``
flow both ways (valid OpenAPI 3.1), Postman's ``oauth2`` helper (valid v2.1, no secret
values), a cURL command with a bearer variable, and a generated script that fetches the token
at the sandbox with either client authentication style."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from openapi_spec_validator import validate

from connector_lab import (
    Action,
    Connector,
    OAuth2ClientCredentialsAuth,
    from_openapi,
    to_curl_commands,
    to_openapi,
    to_postman,
    to_python,
)
from connector_lab.interchange.codegen import env_names

from .test_postman_export import VALIDATOR

TOKEN_URL = "https://auth.partner.test/oauth2/token"


def partner(auth: OAuth2ClientCredentialsAuth, host: str = "api.partner.test", protocol="https"):
    return Connector(
        display_name="Partner",
        host=host,
        protocol=protocol,
        auth=auth,
        actions=[Action(id="items", name="Items", path="/oauth2/api/items")],
    )


def test_openapi_client_credentials_both_ways():
    auth = OAuth2ClientCredentialsAuth(token_url=TOKEN_URL, scope="items:read items:write")
    doc = to_openapi(partner(auth))
    validate(json.loads(json.dumps(doc)))
    scheme = doc["components"]["securitySchemes"]["connectorAuth"]
    assert scheme == {
        "type": "oauth2",
        "flows": {
            "clientCredentials": {
                "tokenUrl": TOKEN_URL,
                "scopes": {"items:read": "", "items:write": ""},
            }
        },
    }
    assert from_openapi(json.dumps(doc)).connector.auth == auth


def test_openapi_relative_token_url_is_a_warning():
    doc = to_openapi(partner(OAuth2ClientCredentialsAuth(token_url=TOKEN_URL)))
    doc["components"]["securitySchemes"]["connectorAuth"]["flows"]["clientCredentials"][
        "tokenUrl"
    ] = "/token"
    report = from_openapi(json.dumps(doc))
    assert report.connector.auth.type == "none"
    assert any("needs an absolute tokenUrl" in w for w in report.warnings)


def test_postman_oauth2_helper():
    auth = OAuth2ClientCredentialsAuth(token_url=TOKEN_URL, client_auth="basic", audience="a")
    collection = to_postman(partner(auth))
    assert sorted(VALIDATOR.iter_errors(collection), key=str) == []
    attrs = {a["key"]: a["value"] for a in collection["auth"]["oauth2"]}
    assert attrs["grant_type"] == "client_credentials" and attrs["accessTokenUrl"] == TOKEN_URL
    assert attrs["client_authentication"] == "header"
    assert (attrs["clientId"], attrs["clientSecret"]) == ("{{clientId}}", "{{clientSecret}}")
    assert [v["value"] for v in collection["variable"][1:]] == ["", ""]


def test_curl_sends_a_bearer_variable():
    commands = to_curl_commands(partner(OAuth2ClientCredentialsAuth(token_url=TOKEN_URL)))
    (command,) = commands.values()
    assert "Authorization: Bearer ${PARTNER_ACCESS_TOKEN}" in command
    assert TOKEN_URL in command


@pytest.mark.parametrize("style", ["body", "basic"])
def test_generated_script_fetches_the_token(fresh_sandbox, tmp_path, style):
    auth = OAuth2ClientCredentialsAuth(
        token_url=f"{fresh_sandbox.url}/oauth2/token", client_auth=style, scope="items:read"
    )
    connector = partner(auth, fresh_sandbox.host_port, "http")
    creds = fresh_sandbox.credentials
    names = env_names(connector)
    env = {**os.environ, names["client_id"]: creds.client_id}
    env[names["client_secret"]] = creds.client_secret
    script = tmp_path / "partner.py"
    script.write_text(to_python(connector), encoding="utf-8")
    done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, env=env)
    assert done.returncode == 0, done.stderr[-1000:]
    assert fresh_sandbox.oauth2_logins[0]["client_auth"] == style
    assert creds.client_secret not in script.read_text()
