"""The static schemes: none, basic, API key (header or query), bearer and Aliyun AppCode.
Each reads the account's values when a request is sent, so ``env:NAME`` references are
resolved at the last moment."""

from __future__ import annotations

import base64
from collections.abc import Iterable

import requests

from ...errors import SpecError
from ...spec.accounts import AuthAccount
from ...spec.schemes import ApiKeyAuth
from .base import CredentialAuth


class NoCredentials(CredentialAuth):
    """Scheme "none": the request goes out as built."""

    def __call__(self, r: requests.PreparedRequest) -> requests.PreparedRequest:
        return r


class BasicCredentials(CredentialAuth):
    """``Authorization: Basic base64(username:password)``."""

    credential_headers = frozenset({"authorization"})

    def secrets(self) -> list[str]:
        values = super().secrets()
        try:
            pair = f"{self.account.resolve('username')}:{self.account.resolve('password')}"
        except SpecError:  # an unset env reference: nothing was sent with it
            return values
        return [*values, pair, base64.b64encode(pair.encode()).decode()]

    def __call__(self, r: requests.PreparedRequest) -> requests.PreparedRequest:
        pair = f"{self.account.resolve('username')}:{self.account.resolve('password')}"
        r.headers["Authorization"] = "Basic " + base64.b64encode(pair.encode()).decode()
        return r


class ApiKeyCredentials(CredentialAuth):
    """An API key as header ``name: token`` or query parameter ``name=token``."""

    def __init__(self, account: AuthAccount, scheme: ApiKeyAuth, secret_keys: Iterable[str]):
        super().__init__(account, secret_keys)
        self.name = scheme.name
        self.location = scheme.location
        if self.location == "header":
            self.credential_headers = frozenset({self.name.lower()})
        else:
            self.credential_query = frozenset({self.name.lower()})

    def __call__(self, r: requests.PreparedRequest) -> requests.PreparedRequest:
        token = self.account.resolve("token")
        if self.location == "header":
            r.headers[self.name] = token
        else:
            r.prepare_url(r.url, {self.name: token})
        return r


class BearerCredentials(CredentialAuth):
    """``Authorization: Bearer <token>``."""

    credential_headers = frozenset({"authorization"})

    def __call__(self, r: requests.PreparedRequest) -> requests.PreparedRequest:
        r.headers["Authorization"] = "Bearer " + self.account.resolve("token")
        return r


class AppCodeCredentials(CredentialAuth):
    """Aliyun API gateway simple auth: ``Authorization: APPCODE <AppCode>`` (one space)."""

    credential_headers = frozenset({"authorization"})

    def __call__(self, r: requests.PreparedRequest) -> requests.PreparedRequest:
        r.headers["Authorization"] = "APPCODE " + self.account.resolve("app_code")
        return r
