"""A workbook opened for editing: its sheets as tables of rows, values compared as the user sees
them, and the two ways to save — a new file, or the master in place with a dated backup.

openpyxl keeps what a clerk set up (cell styles, column widths, frozen panes, dropdowns, other
sheets); cells are only ever given new values, never new styles, except rows added at the end,
which copy the style of the row above.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import zipfile
from copy import copy
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from ..problems import UsageError
from ..workbook import sheets as S
from ..workbook.cells import BLANKS
from ..workbook.reader import check_file, check_size, not_a_workbook

DATE_FORMAT = "yyyy-mm-dd"


def open_book(path: Path) -> Workbook:
    """The workbook at `path` for editing, or a UsageError saying why it cannot be opened."""
    path = Path(path)
    check_file(path)
    try:
        check_size(path)
        return load_workbook(path)
    except (OSError, ValueError, KeyError, TypeError, zipfile.BadZipFile) as exc:
        raise not_a_workbook(path, exc) from None


def plain(value: object) -> str:
    """A cell's value as the user reads it, for comparing: blank is "", a whole number has no
    ".0", a date is ISO, text is trimmed."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value.strip(BLANKS)
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).strip(BLANKS)


@dataclass
class Table:
    """One sheet of a workbook opened for editing: header row 1, data from row 2."""

    sheet: Worksheet
    headers: list[str]
    rows: list[list[Any]]  # the data rows' values, trailing blank rows dropped
    extent: int = 0  # how many data rows the sheet holds (rows may be changed before a write)

    @classmethod
    def of(cls, sheet: Worksheet) -> Table:
        values = [list(row) for row in sheet.iter_rows(values_only=True)]
        headers = [plain(v) for v in values[0]] if values else []
        rows = values[1:]
        while rows and not any(plain(v) for v in rows[-1]):
            rows.pop()
        return cls(sheet, headers, rows, len(rows))

    def index(self, header: str) -> int | None:
        return self.headers.index(header) if header in self.headers else None

    def get(self, row: list[Any], header: str) -> Any:
        i = self.index(header)
        return row[i] if i is not None and i < len(row) else None

    def put(self, row: list[Any], header: str, value: Any) -> None:
        i = self.index(header)
        if i is None:
            return
        while len(row) <= i:
            row.append(None)
        row[i] = value

    def blank_row(self) -> list[Any]:
        return [None] * len(self.headers)

    def write(self, rows: list[list[Any]], trim: bool = False) -> None:
        """Give the sheet these data rows (values only). Rows left over below them are cleared,
        keeping their formatting, or with `trim` deleted."""
        sheet = self.sheet
        old = self.extent
        width = max([len(self.headers), *(len(r) for r in rows), sheet.max_column])
        for offset in range(max(old, len(rows))):
            values = rows[offset] if offset < len(rows) else []
            number = offset + 2
            for column in range(1, width + 1):
                value = values[column - 1] if column - 1 < len(values) else None
                cell = sheet.cell(number, column)
                if offset >= old and number > 2 and cell.value is None:
                    cell._style = copy(sheet.cell(number - 1, column)._style)  # type: ignore[union-attr]
                if plain(cell.value) != plain(value) or type(cell.value) is not type(value):
                    cell.value = value
                    if isinstance(value, dt.date) and cell.number_format == "General":
                        cell.number_format = DATE_FORMAT
        if trim and old > len(rows):
            sheet.delete_rows(len(rows) + 2, old - len(rows))
        self.rows = [list(r) for r in rows]
        self.extent = len(rows)


def tables(book: Workbook) -> dict[str, Table]:
    """Every sheet of the workbook as a table, by trimmed name."""
    return {name.strip(BLANKS): Table.of(book[name]) for name in book.sheetnames}


def need_columns(sheets: dict[str, Table], contract: S.Sheet, path: Path) -> Table:
    """The sheet the contract names, with its required columns; a UsageError otherwise."""
    table = sheets.get(contract.name)
    if table is None:
        raise UsageError(f"{Path(path).name} 中没有「{contract.name}」工作表：请确认这是 zonedocs 的主台账。")
    missing = [h for h in contract.required_headers if h not in table.headers]
    if missing:
        raise UsageError(f"{Path(path).name} 的「{contract.name}」表第1行缺少列：" + "、".join(missing))
    return table


def save_new(book: Workbook, target: Path) -> None:
    """Save to a file that must not exist yet (a user's file is never overwritten)."""
    target = Path(target)
    if target.exists():
        raise UsageError(f"{target} 已存在：为免覆盖您的文件，请换一个文件名，或先移走它。")
    _save_atomic(book, target)


def save_over(book: Workbook, target: Path) -> None:
    """Replace a file zonedocs wrote earlier (the caller has made sure it is one)."""
    _save_atomic(book, Path(target))


def save_in_place(book: Workbook, path: Path, now: dt.datetime | None = None) -> Path:
    """Replace the workbook at `path`, keeping the previous version beside it as
    `name_备份_YYYYMMDD-HHMMSS.xlsx`; returns the backup's path."""
    path = Path(path)
    backup = backup_path(path, now or dt.datetime.now())
    temporary = _temporary(path)
    try:
        book.save(temporary)
        shutil.copy2(path, backup)
        try:
            os.replace(temporary, path)
        except PermissionError:
            backup.unlink(missing_ok=True)
            raise UsageError(f"{path.name} 正被其他程序（Excel 或 WPS）打开，无法保存：请关闭它后再试。"
                             "主台账没有改动。") from None
    except OSError as exc:
        raise UsageError(f"无法保存 {path}：{exc.strerror or exc}。主台账没有改动。") from None
    finally:
        temporary.unlink(missing_ok=True)
    return backup


def backup_path(path: Path, now: dt.datetime) -> Path:
    stamp = now.strftime("%Y%m%d-%H%M%S")
    for n in range(1, 1000):
        suffix = "" if n == 1 else f"-{n}"
        candidate = path.with_name(f"{path.stem}_备份_{stamp}{suffix}{path.suffix}")
        if not candidate.exists():
            return candidate
    raise UsageError(f"{path.parent} 中的备份文件太多，请清理后再试。")


def _save_atomic(book: Workbook, target: Path) -> None:
    temporary = _temporary(target)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        book.save(temporary)
        os.replace(temporary, target)
    except PermissionError:
        raise UsageError(f"无法保存 {target}：文件正被其他程序（Excel 或 WPS）打开，请关闭后再试。") from None
    except OSError as exc:
        raise UsageError(f"无法保存 {target}：{exc.strerror or exc}") from None
    finally:
        temporary.unlink(missing_ok=True)


def _temporary(path: Path) -> Path:
    return path.with_name(f".{path.stem}.zonedocs-{os.getpid()}.tmp.xlsx")
