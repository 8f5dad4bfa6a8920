"""What every credential applier shares: the requests ``AuthBase`` contract (given a prepared
request, return it with credentials applied — run last, after the body is built), the one
constructor the registry calls (:meth:`CredentialAuth.from_scheme`), the names of the headers
and query keys that carry credentials (so redirects can strip them), and the secret values a
:class:`~connector_lab.wire.redact.Redactor` must mask."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import requests

from ...errors import SpecError
from ...spec.accounts import AuthAccount
from ..redact import Redactor
from .tokens import TokenCache


class CredentialAuth(requests.auth.AuthBase):
    """Base of the credential appliers. Subclasses set the two name sets and ``__call__``."""

    #: Header names this scheme puts credentials in (lower case).
    credential_headers: frozenset[str] = frozenset()
    #: Query keys this scheme puts credentials in.
    credential_query: frozenset[str] = frozenset()

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
