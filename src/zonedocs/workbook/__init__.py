"""Reading and checking the master workbook (SCHEMA.md)."""

from __future__ import annotations

from pathlib import Path

from ..model import Roster
from ..problems import InputError, Problems
from .checks import check_roster
from .loader import load


def check(path: Path) -> tuple[Roster, Problems]:
    """Read the workbook and find every error and warning."""
    roster, problems = load(Path(path))
    check_roster(roster, problems)
    return roster, problems


def load_valid(path: Path, strict: bool = False) -> tuple[Roster, Problems]:
    """The roster, or InputError carrying every problem if the workbook has errors."""
    roster, problems = check(path)
    if problems.errors or (strict and problems.warnings):
        raise InputError(problems)
    return roster, problems
