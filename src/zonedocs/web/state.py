"""What the running page holds: its workspace, its build runner, its token, and the last check
of the workbook (a check of 10,000 members takes seconds; the pages show it often)."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..pdf import find_soffice
from ..problems import Problems
from ..workbook import check
from ..workbook.reader import check_file
from .builds import Builds
from .security import csrf_token
from .workspace import Workspace

MAX_BODY = 512 << 20


@dataclass
class Checked:
    workbook: Path
    stamp: tuple[int, int]
    problems: Problems
    roster: Any


@dataclass
class Site:
    ws: Workspace
    token: str
    max_body: int = MAX_BODY
    builds: Builds = field(init=False)
    editing: threading.Lock = field(default_factory=threading.Lock)
    _checked: Checked | None = None

    def __post_init__(self) -> None:
        self.builds = Builds(self.ws)

    @property
    def csrf(self) -> str:
        return csrf_token(self.token)

    @property
    def can_convert(self) -> bool:
        return find_soffice() is not None

    def check(self) -> Checked | None:
        """The current workbook's check, reused while the file is unchanged; None: no workbook.
        A file that is no workbook raises UsageError."""
        workbook = self.ws.workbook()
        if workbook is None:
            return None
        info = workbook.stat()
        stamp = (info.st_mtime_ns, info.st_size)
        cached = self._checked
        if cached is not None and cached.workbook == workbook and cached.stamp == stamp:
            return cached
        check_file(workbook)
        roster, problems = check(workbook)
        self._checked = Checked(workbook, stamp, problems, roster)
        return self._checked
