"""What every command of one invocation shares: the workspace chosen by ``--workspace`` (or
``$CONNECTOR_LAB_WORKSPACE``) and the :class:`~connector_lab.cli.output.Output` that knows
whether ``--json`` was asked for. The group builds it; commands receive it as ``ctx.obj``."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..store.workspace import Workspace
from .output import Output


@dataclass
class State:
    """The shared state of one ``connector-lab`` invocation."""

    workspace_root: Path | None = None
    output: Output = field(default_factory=Output)

    def workspace(self) -> Workspace:
        """The workspace given, else :meth:`Workspace.default` (the user's own)."""
        if self.workspace_root is not None:
            return Workspace(self.workspace_root)
        return Workspace.default()
