"""Open a workbook file and hand out its sheets as header-mapped rows.

Reading uses python-calamine (a Rust reader, many times faster than openpyxl on large
workbooks). Only this module knows about the file format.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import python_calamine

from ..problems import UsageError
from .cells import BLANKS
from .extent import (
    MAX_CELLS,
    Extent,
    Fault,
    column_letters,
    extent_of,
    extents,
    plain_sheet_parts,
    sheet_parts,
)
from .sheetcache import Remembered, SheetCache
from .sheets import NOT_READ
from .stray import remove, too_far, without_stray_cells


@dataclass
class RawSheet:
    """A sheet as written: its headers (trimmed) and its data rows with Excel row numbers."""

    name: str
    headers: list[str]
    rows: Sequence[list[Any]]
    faults: tuple[Fault, ...] = ()  # error values and uncalculated formulas (read as blank)
    stray: tuple[str, ...] = ()  # cells far outside the table, dropped before reading (A1 style)
    written: str = ""  # the sheet's name as the workbook writes it (untrimmed)
    # the key of what is derived from it, when it is remembered (sheetcache.py)
    content: str = field(default="", compare=False)

    def records(self) -> Iterator[tuple[int, dict[str, object]]]:
        """(Excel row number, {header: raw value}) for every row that is not fully blank."""
        positions = [(i, h) for i, h in enumerate(self.headers) if h]
        for number, row in self.filled_rows():
            yield number, {h: (row[i] if i < len(row) else None) for i, h in positions}

    def filled_rows(self) -> Iterator[tuple[int, list[object]]]:
        """(Excel row number, cells) for every row that is not fully blank."""
        for offset, row in enumerate(self.rows):
            for value in row:
                if value is not None and (type(value) is not str or value.strip(BLANKS)):
                    yield offset + 2, row
                    break


def read_workbook(path: Path, cache: SheetCache | None = None) -> dict[str, RawSheet]:
    """All sheets of the workbook by trimmed name; a clear UsageError for unreadable files.
    `cache`: sheets an earlier build read, of which those unchanged are not read again."""
    check_file(path)
    try:
        check_size(path)
        with zipfile.ZipFile(path) as package:
            remembered, parts = _remembered(path, package, cache)
            reach = {name: extent_of(package.read(part), part)
                     for name, part in (parts or sheet_parts(package)).items() if name not in remembered}
        far = {n: e for n, e in reach.items() if too_far(e) and n.strip(BLANKS) not in NOT_READ}
        if not far:
            sheets = _read(path, reach, {}, remembered)
            if cache is not None and parts:
                _remember(cache, sheets, parts, remembered)
            return sheets
        copy, dropped = without_stray_cells(path, far)
        try:
            return _read(copy, extents(copy), dropped, {})
        finally:
            remove(copy)
    except (python_calamine.CalamineError, OSError, ValueError, zipfile.BadZipFile) as exc:
        raise not_a_workbook(path, exc) from None


def _remembered(path: Path, package: zipfile.ZipFile,
                cache: SheetCache | None) -> tuple[dict[str, Remembered], dict[str, str]]:
    """The sheets the cache knows unchanged, by name as written, and each sheet's part."""
    parts = plain_sheet_parts(package) if cache is not None else {}
    if cache is None or not parts or not cache.open(path):
        return {}, {}
    found = {}
    for name, part in parts.items():
        if name.strip(BLANKS) not in NOT_READ:
            sheet = cache.get(name, part)
            if sheet is not None:
                found[name] = sheet
    return found, parts


def _remember(cache: SheetCache, sheets: dict[str, RawSheet], parts: dict[str, str],
              remembered: dict[str, Remembered]) -> None:
    for sheet in sheets.values():
        name = sheet.written
        if name not in remembered and name in parts:
            sheet.content = cache.put(name, parts[name], sheet.headers, sheet.rows, sheet.faults)
    cache.prune()


def not_a_workbook(path: Path, exc: Exception) -> UsageError:
    return UsageError(f"无法读取 {path.name}：它不是有效的 Excel 工作簿，或文件已损坏（{exc}）。"
                      "请用 Excel 或 WPS 打开后另存为 .xlsx 再试。")


def check_file(path: Path) -> None:
    """UsageError unless `path` is a non-empty file that is not encrypted or an old .xls."""
    if not path.exists():
        raise UsageError(f"找不到主台账文件：{path}")
    if path.is_dir():
        raise UsageError(f"{path} 是文件夹，请给出主台账 .xlsx 文件")
    if path.stat().st_size == 0:
        raise UsageError(f"主台账文件是空的（0字节）：{path}")
    with path.open("rb") as head:
        if head.read(8) == _COMPOUND_FILE:
            raise UsageError(f"{path.name} 设置了打开密码，或是旧版 .xls 文件：请先在 Excel/WPS 中"
                             "取消密码（文件→信息→保护工作簿），另存为 .xlsx 后再试。")


def _read(path: Path, reach: dict[str, Extent], dropped: dict[str, list[str]],
          remembered: dict[str, Remembered]) -> dict[str, RawSheet]:
    workbook = python_calamine.CalamineWorkbook.from_path(str(path))
    if remembered and set(workbook.sheet_names) != set(reach) | set(remembered):
        return _read(path, extents(path), dropped, {})  # the reader sees other sheets: read all
    sheets: dict[str, RawSheet] = {}
    for name in workbook.sheet_names:
        if name.strip(BLANKS) in NOT_READ:
            continue  # never read: a stray cell there costs nothing
        trimmed = name.strip(BLANKS)
        if trimmed in sheets:
            raise UsageError(f"工作簿中有两张工作表都叫「{trimmed}」（其中一张的名字带空格，或是"
                             "隐藏的工作表）：请删除或改名其中一张后再试。")
        known = remembered.get(name)
        if known is not None:
            sheets[trimmed] = RawSheet(trimmed, known.headers, known.rows, known.faults, (), name,
                                       known.content)
            continue
        extent = reach.get(name, Extent(0, 0))
        _check_extent(name, extent.rows, extent.columns)
        rows = workbook.get_sheet_by_name(name).to_python(skip_empty_area=False)
        headers = [_header(v) for v in rows[0]] if rows else []
        sheets[trimmed] = RawSheet(trimmed, headers, rows[1:], extent.faults,
                                   tuple(dropped.get(name, ())), name)
    return sheets


MAX_UNPACKED = 1 << 30  # 1 GiB: a master workbook of 100,000 members unpacks to well under this


def check_size(path: Path) -> None:
    with zipfile.ZipFile(path) as package:
        unpacked = sum(info.file_size for info in package.infolist())
    if unpacked > MAX_UNPACKED:
        raise UsageError(f"{path.name} 解压后有 {unpacked / 2**30:.1f} GB，远远超过一本主台账应有的大小："
                         "请检查是否粘贴了大量图片或多余内容，删除后另存再试。")


def _check_extent(name: str, rows: int, columns: int) -> None:
    if rows * columns > MAX_CELLS:
        raise UsageError(f"工作表「{name}」的内容一直延伸到第{rows}行{column_letters(columns)}列，"
                         "远远超出表格本身：请在 Excel/WPS 中删除表格之外多余的行、列（或其中的格式和"
                         "空格），保存后再试。")


_COMPOUND_FILE = bytes.fromhex("d0cf11e0a1b11ae1")  # encrypted .xlsx and old .xls files start so


def _header(value: object) -> str:
    return "" if value is None else str(value).strip(BLANKS)


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip(BLANKS))
