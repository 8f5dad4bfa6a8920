"""Which credential applier serves which auth scheme: a registry keyed by the scheme's
``type`` tag (``"basic"``, ``"dingtalk"``, …), filled by :func:`register_credentials`.

Each applier module registers its own classes, and a new scheme — built in or a user's own —
is added the same way, without touching this module::

    @register_credentials("my_gateway")
    class MyGatewayCredentials(CredentialAuth): ...

An entry is a :class:`CredentialAuth` subclass, or a function of the scheme that returns one
(for a type with several wire styles, such as DingTalk's legacy flag).

:func:`register_scheme` adds a whole scheme at once: its settings model to
:data:`~connector_lab.spec.schemes.SCHEMES` (what connector files and the forms read) and
its applier here.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import requests

from ...errors import SpecError
from ...spec.accounts import AuthAccount
from ...spec.schemes import SCHEMES, SchemeBase
from ..redact import guard_library_logs
from .base import CredentialAuth
from .tokens import TokenCache

Entry = type[CredentialAuth] | Callable[[Any], type[CredentialAuth]]
E = TypeVar("E", bound=Entry)

_REGISTRY: dict[str, Entry] = {}


def register_credentials(scheme_type: str, entry: E | None = None) -> Any:
    """Make ``entry`` the applier of schemes whose ``type`` is ``scheme_type`` (replacing any
    earlier one). Without ``entry``, a class decorator that registers the class."""
    if entry is None:

        def decorate(cls: E) -> E:
            _REGISTRY[scheme_type] = cls
            return cls

        return decorate
    _REGISTRY[scheme_type] = entry
    return entry


def _tag_of(settings_model: Any) -> str:
    """The ``type`` tag of a settings model; a SpecError says what the model lacks."""
    if not (isinstance(settings_model, type) and issubclass(settings_model, SchemeBase)):
        raise SpecError(
            [("settings_model", f"{settings_model!r} is not a subclass of SchemeBase")],
            title="cannot register the auth scheme",
        )
    field = settings_model.model_fields.get("type")
    tag = getattr(field, "default", None)
    problems = []
    if not isinstance(tag, str) or not tag:
        problems.append(("type", 'add `type: Literal["my_scheme"] = "my_scheme"` to the model'))
    for name in ("label", "label_zh"):
        if not isinstance(getattr(settings_model, name, None), str):
            problems.append((name, f"add `{name}: ClassVar[str] = ...` (the forms show it)"))
    if problems:
        raise SpecError(problems, title=f"cannot register {settings_model.__name__}")
    return tag


def register_scheme(settings_model: type[SchemeBase], credentials: Entry) -> type[SchemeBase]:
    """Add an auth scheme (or replace one of the same ``type``): ``settings_model`` is a
    :class:`~connector_lab.spec.schemes.SchemeBase` subclass with a ``type`` tag, ``label``
    and ``label_zh``; ``credentials`` its :class:`CredentialAuth` applier (or a function of
    the scheme returning one). Connectors with that type then load, save and run, and new
    forms list it. Returns ``settings_model``."""
    tag = _tag_of(settings_model)
    if not (isinstance(credentials, type) and issubclass(credentials, CredentialAuth)) and (
        isinstance(credentials, type) or not callable(credentials)
    ):
        raise SpecError(
            [("credentials", f"{credentials!r} is not a CredentialAuth subclass")],
            title=f"cannot register {settings_model.__name__}",
        )
    SCHEMES[tag] = settings_model
    register_credentials(tag, credentials)
    return settings_model


def credentials_class(scheme: Any) -> type[CredentialAuth]:
    """The applier class for ``scheme``; a SpecError names an unregistered type."""
    scheme_type = getattr(scheme, "type", None)
    entry = _REGISTRY.get(scheme_type) if isinstance(scheme_type, str) else None
    if entry is None:
        known = ", ".join(sorted(_REGISTRY))
        raise SpecError(
            [
                (
                    "auth.type",
                    f"{scheme_type!r} is not an auth scheme type with credentials on the wire; "
                    f"known: {known} (a new one is added with register_credentials)",
                )
            ]
        )
    return entry if isinstance(entry, type) else entry(scheme)


def credentials_for(
    scheme: Any,
    account: AuthAccount,
    *,
    session: requests.Session,
    token_cache: TokenCache | None = None,
    timeout: float = 30.0,
) -> CredentialAuth:
    """The credential applier for ``scheme`` with ``account``'s values (checked first);
    the HTTP libraries' debug logs mask its query keys and secret values while it lives."""
    cls = credentials_class(scheme)
    account.check_for(scheme)
    secret_keys = [field.key for field in scheme.account_fields() if field.secret]
    applier = cls.from_scheme(
        account, scheme, secret_keys, session=session, token_cache=token_cache, timeout=timeout
    )
    guard_library_logs(applier.credential_query, secrets_of=applier)
    return applier
