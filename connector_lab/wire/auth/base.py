"""What every credential applier shares: the requests ``AuthBase`` contract (given a prepared
request, return it with credentials applied — run last, after the body is built), the one
constructor the registry calls (:meth:`CredentialAuth.from_scheme`), the names of the headers
and query keys that carry credentials (so redirects can strip them), the secret values a
:class:`~connector_lab.wire.redact.Redactor` must mask, and the check that an account value
can go into a header at all.

Every applier's ``__call__`` first puts the request's path values back as they were built:
requests re-quotes a prepared URL (``%2E%2E`` becomes ``..``, a dot segment the server would
resolve), and the applier is the first code to see the prepared request — before a signing
scheme computes its signature over the path."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from typing import Any

import requests

from ...errors import SpecError
from ...spec.accounts import AuthAccount, env_reference
from ..header_values import header_value_problem
from ..redact import Redactor
from ..urls import keep_dot_segments_encoded
from .tokens import TokenCache


class CredentialAuth(requests.auth.AuthBase):
    """Base of the credential appliers. Subclasses set the two name sets and ``__call__``."""

    #: Header names this scheme puts credentials in (lower case).
    credential_headers: frozenset[str] = frozenset()
    #: Query keys this scheme puts credentials in.
    credential_query: frozenset[str] = frozenset()

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        apply = cls.__dict__.get("__call__")
        if apply is not None:  # also a user's own scheme (see the module docstring for why)
            cls.__call__ = _with_path_as_built(apply)  # type: ignore[method-assign]

    def __init__(self, account: AuthAccount, secret_keys: Iterable[str] = ()):
        self.account = account
        # Only the scheme's secret fields: an App Key or a user name is an identifier, and
        # masking it by value would garble every message that happens to contain it.
        self.secret_keys = tuple(secret_keys)

    @classmethod
    def from_scheme(
        cls,
        account: AuthAccount,
        scheme: Any,
        secret_keys: Iterable[str],
        *,
        session: requests.Session,
        token_cache: TokenCache | None,
        timeout: float,
    ) -> CredentialAuth:
        """The applier for ``scheme`` — the one signature the registry calls for every
        scheme. This default needs only the account; schemes with settings override it."""
        return cls(account, secret_keys)

    def header_value(self, key: str, prefix: str = "") -> str:
        """``prefix`` + the account's value of ``key`` (``env:NAME`` read now), checked to be
        sendable in a header; a SpecError names the account key, never the value."""
        value = self.account.resolve(key)
        if (value.isascii() and value.isprintable()) or not header_value_problem(value, ""):
            return prefix + value
        ref = env_reference(self.account.values[key].get_secret_value())
        if ref:
            what, fix = f"the value read from environment variable {ref}", f"correct {ref}"
        else:
            what, fix = "its value", "type it again (check what was pasted)"
        problem = header_value_problem(value, what, fix=fix)
        raise SpecError([(f"account {self.account.name!r}.{key}", str(problem))])

    def secrets(self) -> list[str]:
        """Every secret this applier may put on the wire (account secrets, fetched tokens)."""
        values = []
        for key in self.secret_keys:
            if not self.account.is_set(key):
                continue
            try:
                values.append(self.account.resolve(key))
            except SpecError:  # an unset env reference has no value to leak
                continue
        return values

    def redactor(self) -> Redactor:
        return Redactor(
            self.secrets(), headers=self.credential_headers, query=self.credential_query
        )

    def __repr__(self) -> str:
        return f"{type(self).__name__}(account={self.account.name!r})"


def _with_path_as_built(apply: Callable) -> Callable:
    @functools.wraps(apply)
    def call(self: CredentialAuth, r: requests.PreparedRequest) -> requests.PreparedRequest:
        if r.url and "/." in r.url:  # the check in the function, inlined: it runs per request
            r.url = keep_dot_segments_encoded(r.url)
        return apply(self, r)

    return call
