"""The token-fetch template: credentials that trade account values for a short-lived access
token at a token endpoint, keep it in a :class:`~.tokens.TokenCache`, put it on each request,
and — when the API rejects it — drop it and retry the request once.

The flow is fixed here; a scheme fills in named steps, as dlt's OAuth2 client-credentials base
does: :meth:`~TokenCredentials.build_token_request`, :meth:`~TokenCredentials.parse_token`,
:meth:`~TokenCredentials.parse_expiry`, :meth:`~TokenCredentials.parse_refusal`,
:meth:`~TokenCredentials.is_token_rejected`, :meth:`~TokenCredentials.apply_token` and
:meth:`~TokenCredentials.token_used`. A private deployment with another token format overrides
one step, not the flow.
"""

from __future__ import annotations

import json
from abc import ABC, abstractmethod
from collections.abc import Iterable
from typing import Any, ClassVar

import requests

from ...errors import AuthError, SpecError
from ...spec.accounts import AuthAccount
from ..header_values import header_value_problem
from ..urls import origin_of
from .base import CredentialAuth
from .tokens import DEFAULT_TOKEN_CACHE, TokenCache, cache_key

_RETRIED = "_connector_lab_token_retried"


class TokenCredentials(CredentialAuth, ABC):
    """Fetches, caches and applies an access token; retries once after a rejection.

    ``scheme`` must have ``token_url`` and ``refresh_margin``.
    """

    #: Who issues the token, as error messages name it.
    provider: ClassVar[str]
    #: The account values a token belongs to (with the token URL, the cache key).
    key_fields: ClassVar[tuple[str, ...]]
    #: The fix an error suggests when the endpoint refuses the account.
    refusal_hint: ClassVar[str]

    def __init__(
        self,
        account: AuthAccount,
        scheme: Any,
        secret_keys: Iterable[str] | None = None,
        *,
        session: requests.Session,
        token_cache: TokenCache | None = None,
        timeout: float = 30.0,
    ):
        if secret_keys is None:  # the scheme's own secret fields, so none escapes masking
            secret_keys = [field.key for field in scheme.account_fields() if field.secret]
        super().__init__(account, secret_keys)
        self.scheme = scheme
        self.session = session
        self.cache = token_cache if token_cache is not None else DEFAULT_TOKEN_CACHE
        self.timeout = timeout

    @classmethod
    def from_scheme(
        cls, account: AuthAccount, scheme: Any, secret_keys: Iterable[str], **options: Any
    ) -> TokenCredentials:
        return cls(account, scheme, secret_keys, **options)

    @property
    def token_url(self) -> str:
        return self.scheme.token_url

    # -- the steps a scheme fills in ------------------------------------------------------------
    @abstractmethod
    def build_token_request(self) -> dict[str, Any]:
        """Keyword arguments of ``session.request`` that ask for a token (method, url, …)."""

    @abstractmethod
    def parse_token(self, response: requests.Response, data: dict[str, Any]) -> str | None:
        """The token in the endpoint's JSON answer ``data``; None when it refused."""

    @abstractmethod
    def parse_expiry(self, data: dict[str, Any]) -> float:
        """Seconds the token in ``data`` stays valid."""

    @abstractmethod
    def parse_refusal(self, data: dict[str, Any]) -> tuple[Any, Any]:
        """``(code, message)`` of a refusal, in the provider's own words."""

    @abstractmethod
    def apply_token(self, r: requests.PreparedRequest, token: str) -> None:
        """Put ``token`` on ``r`` (replacing a token it already carries)."""

    @abstractmethod
    def token_used(self, r: requests.PreparedRequest) -> str | None:
        """The token ``r`` was sent with."""

    def is_token_rejected(self, response: requests.Response) -> bool:
        """True when the API refused the token (so a fresh one may succeed)."""
        return response.status_code == 401

    # -- the token ------------------------------------------------------------------------------
    def _key(self) -> str:
        return cache_key(self.token_url, *map(self.account.resolve, self.key_fields))

    def token(self) -> str:
        """A valid access token, from the cache or fetched now."""
        return self.cache.get(self._key(), self.fetch_token, margin=self.scheme.refresh_margin)

    def secrets(self) -> list[str]:
        values = super().secrets()
        try:
            current = self.cache.current(self._key())
        except SpecError:  # an unset env reference: no token was fetched with it either
            current = None
        return [*values, current] if current else values

    def fetch_token(self) -> tuple[str, float]:
        """Ask the token endpoint; return ``(access_token, seconds_valid)``."""
        response = self._ask_for_token()
        data = _json_object(response)
        if data is None:
            raise self._refused(response, None, "the token endpoint did not answer with JSON")
        token = self.parse_token(response, data)
        if not token:
            raise self._refused(response, *self.parse_refusal(data))
        problem = header_value_problem(
            token,
            "the access token",
            fix=f"check that auth.token_url is the {self.provider} token endpoint",
        )
        if problem is not None:
            raise AuthError(
                f"{self.provider} answered account {self.account.name!r} with an access token "
                f"that cannot be sent: {problem}",
                status=response.status_code,
                error_code="auth.bad_token",
            )
        return token, self.parse_expiry(data)

    def _ask_for_token(self) -> requests.Response:
        failure = None
        try:
            return self.session.request(
                **self.build_token_request(), timeout=self.timeout, allow_redirects=False
            )
        except requests.RequestException as exc:
            failure = type(exc).__name__
        # Raised here, outside the except block, so requests' exception — whose text has the
        # token URL with its query (the legacy style sends the App Secret there) — is not
        # kept as the error's __context__.
        raise AuthError(
            f"could not reach the {self.provider} token endpoint {self.token_url} "
            f"({failure}); check auth.token_url and the network",
            error_code="auth.token_unreachable",
        )

    def _refused(self, response: requests.Response, code: Any, message: Any) -> AuthError:
        code_text = None if code is None else str(code)
        said = " — ".join(str(part) for part in (code_text, message) if part) or "no reason"
        text = (
            f"{self.provider} did not issue an access token for account "
            f"{self.account.name!r}: {said} (HTTP {response.status_code} from "
            f"{self.token_url}); {self.refusal_hint}"
        )
        return AuthError(
            self.redactor().text(text),
            code=code_text,
            provider_message=None if message is None else str(message),
            status=response.status_code,
            error_code="auth.token_failed",
        )

    # -- applying it ----------------------------------------------------------------------------
    def __call__(self, r: requests.PreparedRequest) -> requests.PreparedRequest:
        self.apply_token(r, self.token())
        self._origin = origin_of(r.url)
        r.register_hook("response", self._retry_on_rejected_token)
        return r

    def _retry_on_rejected_token(self, response: requests.Response, **kwargs: Any):
        request = response.request
        if getattr(request, _RETRIED, False) or origin_of(response.url) != self._origin:
            # Only once, and only for the API's own server (never after a redirect elsewhere).
            return response
        if not self.is_token_rejected(response):
            return response
        used = self.token_used(request)
        if used:
            self.cache.invalidate(self._key(), used)
        response.content  # noqa: B018 - read the body so the connection can be reused
        response.close()
        retry = request.copy()
        self.apply_token(retry, self.token())
        setattr(retry, _RETRIED, True)
        new_response = response.connection.send(retry, **kwargs)
        new_response.history.append(response)
        new_response.request = retry
        return new_response


def _json_object(response: requests.Response) -> dict[str, Any] | None:
    """The body as a JSON object, or None when it is not one."""
    try:
        data = json.loads(response.content)
    except ValueError:
        return None
    return data if isinstance(data, dict) else None
