"""What a harvest to a file reports: where it wrote, how much, how long, and why it stopped."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class HarvestReport:
    """The outcome of ``collect(..., to=path)`` / ``Client.harvest(..., to=path)``.

    ``records`` is the rows written (exploded rows when exploding); ``bytes`` the response
    bodies received; ``stop`` why paging ended when known (the last page's ``stop`` reason,
    or ``"max_records"``), else None.
    """

    path: Path
    format: str
    pages: int
    records: int
    bytes: int
    elapsed: float
    columns: list[str] = field(default_factory=list)
    stop: str | None = None

    def __str__(self) -> str:
        stop = f", stopped: {self.stop}" if self.stop else ""
        return (
            f"{self.records:,} records from {self.pages:,} pages ({self.bytes / 1e6:.1f} MB) "
            f"to {self.path} in {self.elapsed:.2f} s, {len(self.columns)} columns{stop}"
        )
