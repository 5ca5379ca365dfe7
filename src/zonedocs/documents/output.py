"""What one planned output is: where it goes, what makes it, and what it is about."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any


@dataclass
class Output:
    """One file to produce. `context` is plain data (and `Image`s): it alone, with the template
    and the engine version, decides the file's bytes."""

    path: PurePosixPath
    kind: str
    context: dict[str, Any]
    title: str
    template: str | None = None
    subject: str = ""
    branch_id: str = ""
    producer: str = "docx"
