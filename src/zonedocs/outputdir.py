"""The output folder as zonedocs keeps it: one build at a time, atomic writes, nothing deleted.

Files that leave the plan are moved into OUT/.zonedocs/回收站/<time>/; a file a person edited
is moved aside next to where it was, never overwritten.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import os
from pathlib import Path

from .manifest import STATE_DIR
from .problems import UsageError

TEMP_MARK = ".zonedocs-tmp-"
TRASH = "回收站"
EDITED_MARK = "（手工修改）"


class OutputLock:
    """An exclusive lock on the output folder for the length of a build."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.handle = None

    def __enter__(self) -> OutputLock:
        state = self.root / STATE_DIR
        try:
            state.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise UsageError(f"无法创建输出文件夹 {self.root}：{exc.strerror}") from None
        self.handle = open(state / "lock", "a+")
        try:
            fcntl.flock(self.handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            self.handle.close()
            raise UsageError(f"另一个 zonedocs 正在向 {self.root} 生成文书，请等它结束后再运行。"
                             ) from None
        return self

    def __exit__(self, *exc: object) -> None:
        if self.handle is not None:
            fcntl.flock(self.handle, fcntl.LOCK_UN)
            self.handle.close()


def write_atomic(path: Path, data: bytes) -> os.stat_result:
    """Write through a temporary file in the same folder and rename it into place: a build
    that is killed leaves either the old file or the new one, never a part of one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}{TEMP_MARK}{os.getpid()}")
    temporary.write_bytes(data)
    os.replace(temporary, path)
    return path.stat()


def remove_leftovers(root: Path) -> int:
    """Delete temporary files a killed build left behind (they were never in place)."""
    count = 0
    for folder, _, names in os.walk(root):
        for name in names:
            if TEMP_MARK in name:
                Path(folder, name).unlink(missing_ok=True)
                count += 1
    return count


def move_aside(path: Path) -> Path:
    """Rename a hand-edited file to `name（手工修改）.ext` (or …2, …3) beside it."""
    for n in range(1, 1000):
        mark = EDITED_MARK if n == 1 else f"（手工修改{n}）"
        target = path.with_name(f"{path.stem}{mark}{path.suffix}")
        if not target.exists():
            path.rename(target)
            return target
    raise UsageError(f"{path} 旁已有太多手工修改的副本，请先整理。")


def trash_folder(root: Path) -> Path:
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    return root / STATE_DIR / TRASH / stamp


def move_to_trash(root: Path, relative: str, trash: Path) -> Path | None:
    source = root / relative
    if not source.exists():
        return None
    target = trash / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    source.rename(target)
    _remove_empty_parents(source.parent, root)
    return target


def _remove_empty_parents(folder: Path, root: Path) -> None:
    while folder != root and folder.is_dir() and not any(folder.iterdir()):
        folder.rmdir()
        folder = folder.parent
