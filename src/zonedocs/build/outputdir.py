"""The output folder as zonedocs keeps it: one build at a time, atomic writes, nothing deleted.

Files that leave the plan are moved into OUT/.zonedocs/回收站/<time>/ (a folder of its own for
every build); a file a person edited is moved aside next to where it was, never overwritten.
The lock is the operating system's (filelock: fcntl on Linux and macOS, msvcrt on Windows),
so it is free again as soon as the process holding it is gone.
"""

from __future__ import annotations

import datetime as dt
import errno
import os
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import TracebackType

with warnings.catch_warnings():  # where no OS lock exists filelock warns once; the lock still works
    warnings.simplefilter("ignore")
    from filelock import FileLock, Timeout

from ..problems import UsageError
from .manifest import STATE_DIR

TEMP_MARK = ".zonedocs-tmp-"
ENDED = "ended"  # in STATE_DIR while no build is under way and the last one ended normally
TRASH = "回收站"
PREPARED = "prepared"  # templates' parts as prepared for Jinja (render/prepared.py)
EDITED_MARK = "（手工修改）"


class OutputLock:
    """An exclusive lock on the output folder for the length of a build."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.lock: FileLock | None = None

    def __enter__(self) -> OutputLock:
        state = self.root / STATE_DIR
        try:
            state.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise UsageError(f"无法创建输出文件夹 {self.root}：{describe(exc)}") from None
        lock = FileLock(str(state / "lock"), timeout=0)
        try:
            lock.acquire()
        except Timeout:
            raise UsageError(f"另一个 zonedocs 正在向 {self.root} 生成文书，请等它结束后再运行。"
                             ) from None
        except OSError as exc:
            raise UsageError(f"无法在输出文件夹 {self.root} 中工作：{describe(exc)}") from None
        self.lock = lock
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 traceback: TracebackType | None) -> None:
        if self.lock is not None:
            self.lock.release()


def describe(exc: OSError) -> str:
    """What went wrong with a file, and what to do, in Chinese."""
    if isinstance(exc, IsADirectoryError):
        return "这个位置是一个文件夹，请把它移走后重新运行"
    if isinstance(exc, PermissionError):
        return "文件无法改写：可能正在 Word/WPS 中打开，或是只读文件。请在 Word/WPS 中关闭后重新运行"
    if exc.errno == errno.ENOSPC:
        return "磁盘已满，请清理出空间后重新运行"
    if exc.errno == errno.EROFS:
        return "输出文件夹所在的磁盘是只读的，请换一个输出文件夹（-o）"
    if exc.errno == errno.ENAMETOOLONG:
        return "路径太长，请换一个较短的输出文件夹（-o）"
    return f"无法写入（{exc.strerror or type(exc).__name__}）"


def describe_failure(exc: BaseException) -> str:
    """`describe` for a file error, or for the manifest's database failing to save."""
    if isinstance(exc, OSError):
        return describe(exc)
    return f"生成记录无法保存（{exc}）：磁盘可能已满，或输出文件夹是只读的。请处理后重新运行"


def write_atomic(path: Path, data: bytes) -> os.stat_result:
    """Write through a temporary file in the same folder and rename it into place: a build
    that is killed leaves either the old file or the new one, never a part of one. On an
    error the temporary file is removed and the error raised."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}{TEMP_MARK}{os.getpid()}")
    try:
        temporary.write_bytes(data)
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    return path.stat()


@contextmanager
def leftovers_cleared(root: Path, writable: bool = True) -> Iterator[None]:
    """For the length of a build: first delete the temporary files a killed build left
    behind, if one may have; then mark the folder as left by a build that ended normally.

    A build that ends, also in an error, has removed its own temporary files (`write_atomic`
    does so as it fails); only a killed one leaves some. So the folder, 31,000 files at
    10,000 members, is searched only when the mark is missing: the last build never ended
    (or is from before the mark). A build that does not write (a dry run) keeps the mark."""
    mark = root / STATE_DIR / ENDED
    if mark.is_file():
        if writable:
            mark.unlink()
    else:
        remove_leftovers(root)
    yield
    if writable:
        mark.touch()


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


class Trash:
    """This build's folder in the trash, made when the first file goes into it; never one an
    earlier build used, even within the same second."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._folder: Path | None = None

    @property
    def folder(self) -> Path:
        if self._folder is None:
            base = self.root / STATE_DIR / TRASH
            stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
            folder, n = base / stamp, 1
            while folder.exists():
                n += 1
                folder = base / f"{stamp}-{n}"
            folder.mkdir(parents=True)
            self._folder = folder
        return self._folder

    def put(self, relative: str) -> Path | None:
        """Move an output into the trash (None: it was not there); raises OSError."""
        source = self.root / relative
        if not source.exists():
            return None
        target = self.folder / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        source.rename(target)
        _remove_empty_parents(source.parent, self.root)
        return target


def _remove_empty_parents(folder: Path, root: Path) -> None:
    while folder != root and folder.is_dir() and not any(folder.iterdir()):
        folder.rmdir()
        folder = folder.parent
