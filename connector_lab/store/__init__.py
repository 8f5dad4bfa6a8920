"""Stage 4 — the store: connectors on disk in a workspace folder (one readable JSON or YAML
file each, versioned and migrated on load), accounts apart in a private file, sharing by
export and import, and the atomic file replacement every writer of the package uses.
"""

from .workspace import LoadReport, Workspace

__all__ = ["LoadReport", "Workspace"]
