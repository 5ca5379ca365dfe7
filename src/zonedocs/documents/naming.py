"""The output layout of DESIGN.md, with names every file system accepts (filenames.py)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import PurePosixPath

from ..filenames import FOLDER_CHARS, named


def year_folder(year: int) -> PurePosixPath:
    return PurePosixPath(str(year))


@lru_cache(maxsize=4096)
def branch_folder(year: int, branch_id: str, branch_name: str) -> PurePosixPath:
    return year_folder(year) / named(branch_id, branch_name, FOLDER_CHARS)


def item_file(folder: PurePosixPath, item_id: str, name: str, suffix: str = ".docx") -> PurePosixPath:
    return folder / (named(item_id, name) + suffix)
