"""Problems found in the user's input, and the exceptions that carry them to the CLI.

Every message a user reads names where the problem is (sheet, Excel row, column header,
value) and what is expected, in Chinese.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Literal

Level = Literal["error", "warning"]


@dataclass(frozen=True)
class Problem:
    level: Level
    message: str
    sheet: str | None = None
    row: int | None = None
    column: str | None = None
    value: str | None = None

    def __str__(self) -> str:
        where = []
        if self.sheet:
            where.append(self.sheet)
        if self.row:
            where.append(f"第{self.row}行")
        if self.column:
            where.append(f"「{self.column}」")
        head = " ".join(where)
        if self.value is not None:
            shown = self.value if len(self.value) <= 40 else self.value[:40] + "…"
            body = f'"{shown}" {self.message}'
        else:
            body = self.message
        return f"{head}: {body}" if head else body

    @property
    def is_error(self) -> bool:
        return self.level == "error"


@dataclass
class Problems:
    """An ordered collection of problems; everything found in one run is reported."""

    items: list[Problem] = field(default_factory=list)

    def error(self, message: str, sheet: str | None = None, row: int | None = None,
              column: str | None = None, value: object = None) -> None:
        self.items.append(Problem("error", message, sheet, row, column, _show(value)))

    def warning(self, message: str, sheet: str | None = None, row: int | None = None,
                column: str | None = None, value: object = None) -> None:
        self.items.append(Problem("warning", message, sheet, row, column, _show(value)))

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.items if p.is_error]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.items if not p.is_error]

    def __iter__(self) -> Iterator[Problem]:
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)

    def failed(self, strict: bool = False) -> bool:
        return bool(self.errors) or (strict and bool(self.warnings))

    def as_json(self, workbook: object, strict: bool = False) -> dict[str, object]:
        """What `zonedocs check --json` prints, and what the web page's API returns."""
        return {
            "workbook": str(workbook), "ok": not self.failed(strict),
            "problems": [{"level": p.level, "sheet": p.sheet, "row": p.row, "column": p.column,
                          "value": p.value, "message": p.message, "text": str(p)}
                         for p in self.items],
        }


def _show(value: object) -> str | None:
    if value is None:
        return None
    return str(value)


class ZonedocsError(Exception):
    """Base of the errors the CLI turns into a message and an exit code."""

    exit_code = 2


class UsageError(ZonedocsError):
    """A problem with how zonedocs was called or with a file (exit code 2)."""

    exit_code = 2


class InputError(ZonedocsError):
    """The workbook has errors; nothing is built (exit code 1)."""

    exit_code = 1

    def __init__(self, problems: Problems) -> None:
        super().__init__(f"主台账有 {len(problems.errors)} 处错误")
        self.problems = problems
