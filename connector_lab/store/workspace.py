"""The workspace (spec F-7 and the storage half of F-4): a folder with one readable file per
connector and, apart from them, the auth accounts.

::

    workspace/
      connectors/<id>.json | <id>.yaml   {"schema_version": 2, "connector": {...}}
      accounts.json                       mode 0600: {"schema_version": 1,
                                           "accounts": {"<id>": [{"name", "values"}]}}
      history/runs.jsonl (+ runs.N.jsonl) the run history (运行日志), masked; git-ignored

Every write is atomic (``store/atomic.py``); loading a bad file raises a :class:`LoadError` naming
the file, the field path and the problem, and never stops the other connectors loading.
Connector files and shared exports hold no secrets — the models have no secret fields, and
accounts live only in ``accounts.json``, which is refused if anyone but its owner can read it.
Values written as ``env:NAME`` stay references in the file and are read at send time.
"""

from __future__ import annotations

import json
import os
import re
import stat
import threading
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import platformdirs

from ..errors import ConflictError, LoadError, SpecError, StoreError
from ..spec.accounts import AuthAccount
from ..spec.connectors import Connector
from ..spec.limits import shown
from .atomic import TEMP_PREFIX
from .documents import (
    SUFFIXES,
    FileFormat,
    connector_document,
    connector_from_document,
    read_document,
    write_document,
)
from .history import RunHistory
from .migrations import ACCOUNTS_SCHEMA_VERSION, migrate_accounts

if TYPE_CHECKING:
    import pandas as pd

    from ..wire.client import Client

#: Where Workspace.default() puts the workspace when set.
WORKSPACE_ENV = "CONNECTOR_LAB_WORKSPACE"
_ID = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")


def slugify(text: str) -> str:
    """A file-safe id from a display name: ``"Sandbox Shop!"`` → ``"sandbox-shop"``."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:64]
    return slug or "connector"


def check_id(connector_id: str) -> str:
    if not _ID.match(connector_id):
        raise StoreError(
            f"{shown(connector_id)} is not a valid connector id; use lower-case letters, "
            "digits, '-' and '_' (e.g. 'sandbox-shop')"
        )
    return connector_id


@dataclass
class LoadReport:
    """Everything in a workspace: the connectors that loaded and the files that did not."""

    connectors: dict[str, Connector] = field(default_factory=dict)
    errors: dict[str, LoadError] = field(default_factory=dict)


class Workspace:
    """A folder of connectors and their auth accounts.

    >>> ws = Workspace("my-workspace")             # doctest: +SKIP
    >>> ws.save(connector)                          # → my-workspace/connectors/<id>.json
    >>> ws.save_account("sandbox-shop", AuthAccount(name="test", values={"token": "env:KEY"}))
    """

    def __init__(self, root: str | os.PathLike, *, format: FileFormat = "json"):
        self.root = Path(root).expanduser()
        self.format: FileFormat = format
        self.connectors_dir = self.root / "connectors"
        self.accounts_path = self.root / "accounts.json"
        #: The run history of every client made by :meth:`client` (replace it to change its
        #: size limits: ``ws.run_history = RunHistory(path, max_bytes=…, backups=…)``).
        self.run_history = RunHistory(self.root / "history" / "runs.jsonl")
        self._lock = threading.RLock()

    def __repr__(self) -> str:
        return f"Workspace({str(self.root)!r})"

    @classmethod
    def default(cls) -> Workspace:
        """The user's own workspace, outside any project folder: ``$CONNECTOR_LAB_WORKSPACE``
        if set, else ``workspace`` in the user data folder (``~/.local/share/connector-lab``
        on Linux) — so accounts never land in a notebook folder that git might pick up."""
        chosen = os.environ.get(WORKSPACE_ENV)
        return cls(chosen or Path(platformdirs.user_data_dir("connector-lab")) / "workspace")

    # -- connectors ----------------------------------------------------------------------------
    def _files(self) -> dict[str, Path]:
        if not self.connectors_dir.is_dir():
            return {}
        files = {}
        for path in sorted(self.connectors_dir.iterdir()):
            if path.name.startswith(TEMP_PREFIX) or path.suffix.lower() not in SUFFIXES:
                continue
            files[path.stem] = path
        return files

    def path_of(self, connector_id: str) -> Path:
        path = self._files().get(connector_id)
        if path is None:
            known = ", ".join(self._files()) or "none"
            raise StoreError(
                f"no connector {shown(connector_id)} in {self}; connectors: {known}",
                error_code="store.not_found",
                params={"id": shown(connector_id), "known": known},
            )
        return path

    def ids(self) -> list[str]:
        return list(self._files())

    def list(self) -> list[dict[str, Any]]:
        """One line per stored connector: id, display name, actions, file, and any error."""
        rows = []
        report = self.load_all()
        for connector_id, path in self._files().items():
            connector = report.connectors.get(connector_id)
            error = report.errors.get(connector_id)
            rows.append(
                {
                    "id": connector_id,
                    "display_name": connector.display_name if connector else None,
                    "actions": len(connector.actions) if connector else None,
                    "file": path.name,
                    "error": str(error) if error else None,
                }
            )
        return rows

    def load(self, connector_id: str) -> Connector:
        path = self.path_of(connector_id)
        return connector_from_document(read_document(path), str(path))

    def load_all(self) -> LoadReport:
        """Every connector that loads; each file that does not is in ``errors``."""
        report = LoadReport()
        for connector_id, path in self._files().items():
            try:
                report.connectors[connector_id] = connector_from_document(
                    read_document(path), str(path)
                )
            except LoadError as exc:
                report.errors[connector_id] = exc
        return report

    def save(
        self,
        connector: Connector,
        connector_id: str | None = None,
        *,
        format: FileFormat | None = None,
    ) -> str:
        """Save (create or replace) and return the connector's id."""
        connector_id = check_id(connector_id or slugify(connector.display_name))
        fmt = format or self.format
        with self._lock:
            existing = self._files().get(connector_id)
            path = self.connectors_dir / f"{connector_id}.{fmt}"
            write_document(path, connector_document(connector), fmt)
            if existing is not None and existing != path:
                existing.unlink()  # saved in the other format: one file per connector
        return connector_id

    def rename(self, old_id: str, new_id: str) -> None:
        """Give a connector a new id (its accounts follow)."""
        check_id(new_id)
        with self._lock:
            source = self.path_of(old_id)
            if new_id in self._files():
                raise ConflictError(
                    f"a connector {new_id!r} already exists in {self}", params={"id": new_id}
                )
            os.replace(source, source.with_name(new_id + source.suffix))
            accounts = self._read_accounts()
            if old_id in accounts:
                accounts[new_id] = accounts.pop(old_id)
                self._write_accounts(accounts)

    def delete(self, connector_id: str, *, accounts: bool = True) -> None:
        """Remove a connector (and, by default, its accounts)."""
        with self._lock:
            self.path_of(connector_id).unlink()
            stored = self._read_accounts()
            if accounts and connector_id in stored:
                del stored[connector_id]
                self._write_accounts(stored)

    # -- sharing -------------------------------------------------------------------------------
    def export_connector(self, connector_id: str, path: str | os.PathLike) -> Path:
        """One shareable file (JSON or YAML by suffix) — the definition, never an account."""
        target = Path(path)
        fmt = SUFFIXES.get(target.suffix.lower(), "json")
        write_document(target, connector_document(self.load(connector_id)), fmt)
        return target

    def import_connector(
        self,
        path: str | os.PathLike,
        *,
        on_conflict: Literal["error", "rename", "replace"] = "error",
        connector_id: str | None = None,
    ) -> str:
        """Add a shared connector file; an id clash needs a choice: ``"rename"`` (saved as
        ``<id>-2``, ``-3`` …) or ``"replace"``."""
        source = Path(path)
        connector = connector_from_document(read_document(source), str(source))
        if connector_id is None:
            connector_id = (
                source.stem if _ID.match(source.stem) else slugify(connector.display_name)
            )
        wanted = check_id(connector_id)
        with self._lock:
            taken = set(self._files())
            if wanted in taken:
                if on_conflict == "error":
                    free = self._free_id(wanted, taken)
                    raise ConflictError(
                        f"a connector {wanted!r} already exists in {self}; import with "
                        f"on_conflict='rename' (saved as {free!r}) or on_conflict='replace'",
                        params={"id": wanted, "free_id": free},
                    )
                if on_conflict == "rename":
                    wanted = self._free_id(wanted, taken)
            return self.save(connector, wanted)

    @staticmethod
    def _free_id(wanted: str, taken: set[str]) -> str:
        number = 2
        while f"{wanted}-{number}" in taken:
            number += 1
        return f"{wanted}-{number}"

    # -- accounts ------------------------------------------------------------------------------
    def _read_accounts(self) -> dict[str, list[dict[str, Any]]]:
        path = self.accounts_path
        if not path.exists():
            return {}
        mode = stat.S_IMODE(path.stat().st_mode)
        if mode & 0o077:
            raise StoreError(
                f"{path} has permissions {mode:04o}: others could read the secrets in it; "
                f"run  chmod 600 {path}  and try again",
                path=str(path),
            )
        document = migrate_accounts(read_document(path), str(path))
        accounts = document.get("accounts")
        if not isinstance(accounts, dict):
            raise LoadError(str(path), [("accounts", "is missing or not an object")])
        return accounts

    def _write_accounts(self, accounts: dict[str, list[dict[str, Any]]]) -> None:
        # The temporary file is created 0600 and renamed into place, so the secrets are
        # never readable by others, not even for a moment.
        self._ignore_accounts_in_git()
        write_document(
            self.accounts_path,
            {"schema_version": ACCOUNTS_SCHEMA_VERSION, "accounts": accounts},
            "json",
            private=True,
        )

    def _ignore_accounts_in_git(self) -> None:
        # A workspace made inside a git work tree (a notebook folder, say) must never offer
        # its secrets to `git add .`: the accounts file is ignored from the first write.
        ignore = self.root / ".gitignore"
        if not ignore.exists():
            self.root.mkdir(parents=True, exist_ok=True)
            ignore.write_text(f"# secrets: never commit\n{self.accounts_path.name}\n")

    def accounts(self, connector_id: str) -> list[AuthAccount]:
        """The auth accounts of a connector (values masked in every repr)."""
        with self._lock:
            stored = self._read_accounts().get(connector_id, [])
        out = []
        for index, entry in enumerate(stored):
            try:
                out.append(AuthAccount.model_validate(entry))
            except SpecError as exc:
                problems = [(f"accounts.{connector_id}[{index}].{f}", m) for f, m in exc.problems]
                raise LoadError(str(self.accounts_path), problems) from None
        return out

    def account(self, connector_id: str, name: str) -> AuthAccount:
        for account in self.accounts(connector_id):
            if account.name == name:
                return account
        names = ", ".join(shown(a.name) for a in self.accounts(connector_id)) or "none"
        raise StoreError(
            f"connector {shown(connector_id)} has no account {shown(name)}; accounts: {names}"
        )

    def save_account(self, connector_id: str, account: AuthAccount) -> None:
        """Add or replace (by name) an account of a connector."""
        check_id(connector_id)
        entry = json.loads(account.to_json(reveal_secrets=True))
        with self._lock:
            accounts = self._read_accounts()
            kept = [a for a in accounts.get(connector_id, []) if a.get("name") != account.name]
            accounts[connector_id] = [*kept, entry]
            self._write_accounts(accounts)

    def delete_account(self, connector_id: str, name: str) -> None:
        with self._lock:
            accounts = self._read_accounts()
            before = accounts.get(connector_id, [])
            after = [a for a in before if a.get("name") != name]
            if len(after) == len(before):
                raise StoreError(f"connector {shown(connector_id)} has no account {shown(name)}")
            accounts[connector_id] = after
            self._write_accounts(accounts)

    def list_accounts(self, connector_id: str | None = None) -> list[dict[str, Any]]:
        """Names and which fields are set (and where from) — never a value."""
        with self._lock:
            ids = list(self._read_accounts()) if connector_id is None else [connector_id]
        return [
            {"connector": cid, "account": account.name, "fields": account.describe()}
            for cid in ids
            for account in self.accounts(cid)
        ]

    # -- running -------------------------------------------------------------------------------
    def client(
        self, connector_id: str, account: str | AuthAccount | None = None, **kw: Any
    ) -> Client:
        """A :class:`Client` for a stored connector, recording into :attr:`run_history`.

        ``account``: a name, an :class:`AuthAccount`, or None for the account named
        ``"test"`` if there is one, else the first stored (none is needed when the
        connector has no auth). ``kw`` goes to ``Client`` (``history=None`` turns the
        journal off)."""
        # Imported here: the store sits beside the wire, and loading connectors or accounts
        # never needs the HTTP stack.
        from ..wire.client import Client

        connector = self.load(connector_id)
        if isinstance(account, str):
            account = self.account(connector_id, account)
        elif account is None:
            account = self._default_account(connector_id, connector.auth.type)
        kw.setdefault("history", self.run_history)
        kw.setdefault("connector_id", connector_id)
        return Client(connector, account, **kw)

    def _default_account(self, connector_id: str, auth_type: str) -> AuthAccount | None:
        accounts = self.accounts(connector_id)
        for candidate in accounts:
            if candidate.name == "test":
                return candidate
        if accounts:
            return accounts[0]
        if auth_type == "none":
            return None
        raise StoreError(
            f"connector {shown(connector_id)} uses {auth_type!r} auth but has no account; add "
            f"one with ws.save_account({connector_id!r}, AuthAccount(name='test', values=...))"
        )

    def history(self, **filters: Any) -> pd.DataFrame:
        """The run history as a DataFrame, newest first; filters as ``RunHistory.read``
        (connector, action, account, status, kind, run_id, since, until, limit, order)."""
        return self.run_history.read(**filters)
