"""What a build did, as its caller reads it; console.py shows it, `--json` prints it."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


@dataclass
class Report:
    out: Path
    written: list[tuple[str, str]] = field(default_factory=list)  # (path, reason)
    unchanged: list[str] = field(default_factory=list)
    adopted: list[str] = field(default_factory=list)  # found already right, recorded again
    removed: list[tuple[str, str]] = field(default_factory=list)  # (path, where in the trash)
    edited_kept: list[str] = field(default_factory=list)
    edited_moved: list[tuple[str, str]] = field(default_factory=list)  # (path, renamed to)
    blocked: list[tuple[str, str]] = field(default_factory=list)  # (path, what to do): not written
    warnings: list[str] = field(default_factory=list)
    planned: list[tuple[str, str]] = field(default_factory=list)  # dry run: (path, reason)
    pdf_written: list[str] = field(default_factory=list)
    pdf_unchanged: list[str] = field(default_factory=list)
    pdf_failed: list[str] = field(default_factory=list)
    renumbered: list[str] = field(default_factory=list)  # volumes given LibreOffice's page numbers
    pdf_cut: list[str] = field(default_factory=list)  # of pdf_written: bundles and tables cut from volumes
    pdf_problem: str = ""  # LibreOffice missing: the .docx files are built, the PDFs are not

    @property
    def exit_code(self) -> int:
        """2 when something asked for could not be made (a file in use, no LibreOffice)."""
        return 2 if self.blocked or self.pdf_problem else 0

    def as_json(self) -> dict[str, Any]:
        return {
            "out": str(self.out),
            "written": [{"path": p, "reason": r} for p, r in self.written],
            "unchanged": self.unchanged,
            "adopted": self.adopted,
            "removed": [{"path": p, "moved_to": m} for p, m in self.removed],
            "kept_edited": self.edited_kept,
            "edited_moved_aside": [{"path": p, "moved_to": m} for p, m in self.edited_moved],
            "blocked": [{"path": p, "message": m} for p, m in self.blocked],
            "planned": [{"path": p, "reason": r} for p, r in self.planned],
            "warnings": self.warnings,
            "pdf": {"written": self.pdf_written, "unchanged": self.pdf_unchanged,
                    "failed": self.pdf_failed, "problem": self.pdf_problem,
                    "renumbered": self.renumbered, "cut_from_volume": self.pdf_cut},
        }
