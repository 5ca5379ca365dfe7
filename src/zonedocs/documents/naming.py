"""Safe file and folder names, and the output layout of DESIGN.md."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import PurePosixPath

_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f\x7f]')
_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(1, 10)),
             *(f"LPT{i}" for i in range(1, 10))}
MAX_CHARS = 60


def safe_name(text: str) -> str:
    """A name every file system accepts: no separators or reserved characters, no leading
    dots, no trailing dots or spaces, no device names, at most 60 characters."""
    name = _UNSAFE.sub("_", text).strip()
    name = name.lstrip(".").rstrip(". ")
    if len(name) > MAX_CHARS:
        name = name[:MAX_CHARS].rstrip(". ")
    if not name:
        name = "_"
    if name.split(".")[0].upper() in _RESERVED:
        name = "_" + name
    return name


def year_folder(year: int) -> PurePosixPath:
    return PurePosixPath(str(year))


@lru_cache(maxsize=4096)
def branch_folder(year: int, branch_id: str, branch_name: str) -> PurePosixPath:
    return year_folder(year) / safe_name(f"{branch_id}-{branch_name}")


def item_file(folder: PurePosixPath, item_id: str, name: str, suffix: str = ".docx") -> PurePosixPath:
    return folder / (safe_name(f"{item_id}-{name}") + suffix)
