"""Reading and checking the master workbook (SCHEMA.md)."""

from __future__ import annotations

from pathlib import Path

from ..model import Roster
from ..problems import InputError, Problems
from .checks import check_roster
from .loader import load
from .sheetcache import SheetCache


def check(path: Path, cache: SheetCache | None = None) -> tuple[Roster, Problems]:
    """Read the workbook and find every error and warning (`cache`: see sheetcache.py)."""
    roster, problems = load(Path(path), cache)
    check_roster(roster, problems)
    # A cell that is wrong is reported once, as the error, not again as a warning about it.
    wrong = {(p.sheet, p.row, p.column) for p in problems.errors}
    problems.items = [p for p in problems.items
                      if p.is_error or (p.sheet, p.row, p.column) not in wrong]
    return roster, problems


def load_valid(path: Path, strict: bool = False,
               cache: SheetCache | None = None) -> tuple[Roster, Problems]:
    """The roster, or InputError carrying every problem if the workbook has errors."""
    roster, problems = check(path, cache)
    if problems.errors or (strict and problems.warnings):
        raise InputError(problems)
    return roster, problems
