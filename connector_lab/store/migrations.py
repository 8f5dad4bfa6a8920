"""Schema versions of stored files: every connector file and the accounts file carry a
``schema_version``; an older file is brought up to date one step at a time on load, a newer
one is refused with the version it needs.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..errors import LoadError
from ..spec.limits import shown

SCHEMA_VERSION = 2
#: The accounts file's layout has its own version: it has not changed since version 1.
ACCOUNTS_SCHEMA_VERSION = 1


def _migrate_0_to_1(document: dict[str, Any]) -> dict[str, Any]:
    """Version 0 (the unversioned draft layout): the connector's fields at the top level, and
    the scheme as ``auth_type`` plus a separate ``auth_settings`` object."""
    body = {k: v for k, v in document.items() if k not in ("auth_type", "auth_settings")}
    if "auth_type" in document:
        body["auth"] = {"type": document["auth_type"], **(document.get("auth_settings") or {})}
    return {"schema_version": 1, "connector": body}


def _migrate_1_to_2(document: dict[str, Any]) -> dict[str, Any]:
    """Version 2 added optional fields (an action's ``pagination``, a connector's retry and
    rate-limit policies): a version-1 file is a valid version-2 file. The bump is what makes
    an older connector_lab refuse a file that uses them with a clear "upgrade" message."""
    return {**document, "schema_version": 2}


#: from-version → step to the next version. Add one step per format change.
MIGRATIONS: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {
    0: _migrate_0_to_1,
    1: _migrate_1_to_2,
}


def migrate(document: dict[str, Any], path: str) -> dict[str, Any]:
    """Bring a stored document to :data:`SCHEMA_VERSION`, one step at a time."""
    version = document.get("schema_version", 0)
    if not isinstance(version, int) or isinstance(version, bool) or version < 0:
        raise LoadError(
            path,
            [
                (
                    "schema_version",
                    f"{shown(version)} is not a schema version; it is a whole number such as 1",
                )
            ],
        )
    if version > SCHEMA_VERSION:
        raise LoadError(
            path,
            [
                (
                    "schema_version",
                    f"the file has schema version {version}; "
                    f"this connector_lab reads versions 0 to {SCHEMA_VERSION} — "
                    f"upgrade connector_lab to one that reads version {version}",
                )
            ],
        )
    while version < SCHEMA_VERSION:
        document = MIGRATIONS[version](document)
        version = document["schema_version"]
    return document


def migrate_accounts(document: dict[str, Any], path: str) -> dict[str, Any]:
    version = document.get("schema_version", ACCOUNTS_SCHEMA_VERSION)
    if version != ACCOUNTS_SCHEMA_VERSION:
        raise LoadError(
            path,
            [
                (
                    "schema_version",
                    f"the accounts file has schema version "
                    f"{shown(version)}; this connector_lab reads version "
                    f"{ACCOUNTS_SCHEMA_VERSION}",
                )
            ],
        )
    return document
