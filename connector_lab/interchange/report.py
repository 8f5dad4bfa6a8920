"""What an import made: :class:`ImportReport` — the connector, the accounts recognised in
the source (credentials stay in memory until the user saves them), and what did not fit."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..spec.accounts import AuthAccount
from ..spec.connectors import Connector


@dataclass
class ImportReport:
    """The outcome of an importer.

    ``connector`` is ready for the forms or ``Workspace.save``; ``accounts`` holds the
    credentials found in the source (a cURL command's ``Authorization`` header, …), shown
    masked and saved only when asked (``Workspace.save_account``); ``warnings`` are sentences
    about what was changed to fit (an id renamed, a schema simplified, an auth scheme not
    supported); ``ignored`` names what was left out (cURL flags, unresolved variables).
    """

    connector: Connector
    accounts: list[AuthAccount] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    ignored: list[str] = field(default_factory=list)

    def __repr__(self) -> str:
        return (
            f"ImportReport({self.connector!r}, accounts={[a.name for a in self.accounts]!r}, "
            f"warnings={len(self.warnings)}, ignored={self.ignored!r})"
        )
