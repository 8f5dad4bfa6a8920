"""Stage 4 — the store: connectors on disk in a workspace folder (one readable JSON or YAML
file each, versioned and migrated on load), accounts apart in a private file, sharing by
export and import, the run history (an append-only journal, ``history.py``), and the atomic
file replacement every writer of the package uses.
"""

from .history import RunHistory
from .workspace import LoadReport, Workspace

__all__ = ["LoadReport", "RunHistory", "Workspace"]
