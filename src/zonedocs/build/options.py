"""What a build is asked to do."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..documents import DocKind


@dataclass(frozen=True)
class Options:
    out: Path
    only: frozenset[DocKind] | None = None  # None: every kind
    branch: str | None = None  # None: every branch
    force: bool = False
    dry_run: bool = False
    strict: bool = False
    jobs: int = 0  # 0: one worker per CPU core
    templates: Path | None = None
    pdf: bool = False
