"""The static schemes: none, basic, API key (header or query), bearer and Aliyun AppCode.
Each reads the account's values when a request is sent, so ``env:NAME`` references are
resolved at the last moment — and a value bound for a header is checked then, too."""

from __future__ import annotations

import base64
from collections.abc import Iterable
from typing import Any, ClassVar

import requests

from ...errors import SpecError
from ...spec.accounts import AuthAccount
from ...spec.schemes import ApiKeyAuth
from ..urls import set_query_value
from .base import CredentialAuth
from .registry import register_credentials


@register_credentials("none")
class NoCredentials(CredentialAuth):
    """Scheme "none": the request goes out as built."""

    def __call__(self, r: requests.PreparedRequest) -> requests.PreparedRequest:
        return r


@register_credentials("basic")
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


@register_credentials("api_key")
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

    @classmethod
    def from_scheme(
        cls, account: AuthAccount, scheme: ApiKeyAuth, secret_keys: Iterable[str], **_: Any
    ) -> ApiKeyCredentials:
        return cls(account, scheme, secret_keys)

    def __call__(self, r: requests.PreparedRequest) -> requests.PreparedRequest:
        if self.location == "header":
            r.headers[self.name] = self.header_value("token")
        else:
            # Added after the action's own parameters, as requests adds ``params`` (encoded,
            # so any text can go).
            token = self.account.resolve("token")
            r.url = set_query_value(r.url, self.name, token, replace=False)
        return r


class _AuthorizationCredentials(CredentialAuth):
    """``Authorization: <prefix><one account value>`` — schemes that differ only in those."""

    credential_headers = frozenset({"authorization"})
    prefix: ClassVar[str]
    value_key: ClassVar[str]

    def __call__(self, r: requests.PreparedRequest) -> requests.PreparedRequest:
        r.headers["Authorization"] = self.header_value(self.value_key, self.prefix)
        return r


@register_credentials("bearer")
class BearerCredentials(_AuthorizationCredentials):
    """``Authorization: Bearer <token>``."""

    prefix, value_key = "Bearer ", "token"


@register_credentials("aliyun_appcode")
class AppCodeCredentials(_AuthorizationCredentials):
    """Aliyun API gateway simple auth: ``Authorization: APPCODE <AppCode>`` (one space)."""

    prefix, value_key = "APPCODE ", "app_code"
