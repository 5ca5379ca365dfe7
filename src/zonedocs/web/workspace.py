"""Where the web page keeps things in a workspace folder (the layout `zonedocs init` makes):

    inputs/主台账.xlsx          the current master workbook (or the only .xlsx in inputs/)
    inputs/照片/ …              its pictures, relative to it
    inputs/历史版本/<时间>/     every version the page received, and the files an upload replaced
    inputs/模板/                templates changed through the page; 模板/已替换/ keeps the older ones
    outputs/                    what builds write
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..problems import UsageError
from ..workspace import INPUTS, OUTPUTS, WORKBOOK_NAME, default_workbook

HISTORY = "历史版本"
TEMPLATES = "模板"


@dataclass(frozen=True)
class Workspace:
    root: Path

    @property
    def inputs(self) -> Path:
        return self.root / INPUTS

    @property
    def outputs(self) -> Path:
        return self.root / OUTPUTS

    @property
    def history(self) -> Path:
        return self.inputs / HISTORY

    @property
    def templates(self) -> Path:
        return self.inputs / TEMPLATES

    def workbook(self) -> Path | None:
        """The current master workbook, or None when there is none yet."""
        try:
            return default_workbook(self.inputs)
        except UsageError:
            return None

    def workbook_target(self) -> Path:
        """Where an upload goes: the current workbook's place, or inputs/主台账.xlsx."""
        return self.workbook() or self.inputs / WORKBOOK_NAME

    def custom_templates(self) -> Path | None:
        """The templates folder for builds, when the page has put a changed template there."""
        if self.templates.is_dir() and any(self.templates.glob("*.docx")):
            return self.templates
        return None

    def prepare(self) -> None:
        self.inputs.mkdir(parents=True, exist_ok=True)
        self.outputs.mkdir(parents=True, exist_ok=True)
