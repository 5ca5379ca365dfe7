"""Convert raw sheet records into typed values by the column declarations, noting every problem."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from ..problems import Problems
from . import cells
from .extent import Fault
from .reader import RawSheet
from .sheets import Column, ColumnKind, Sheet

K = ColumnKind

DOC_NUMBER = re.compile(r"〔(\d{4})〕\d+号$")
KEY_HEADER, VALUE_HEADER = "项目", "内容"

Record = dict[str, Any]


def converter(column: Column, base: Path) -> Callable[[object], Any]:
    """The function turning one non-blank cell of this column into its value; it raises
    cells.CellError with what is expected."""
    kind = column.kind
    if kind is K.CHOICE:
        if column.strict_options:
            return lambda raw: cells.choice(raw, column.options)
        return cells.text
    if kind is K.PATH:
        return lambda raw: base / cells.text(raw)
    return _CONVERTERS[kind]


def _doc_number(raw: object) -> str:
    shown = cells.text(raw)
    if not DOC_NUMBER.search(shown):
        raise cells.CellError("格式不对，应形如 某党发〔2026〕8号（年份用六角括号〔〕，以“号”结尾）")
    return shown


_CONVERTERS: dict[ColumnKind, Callable[[object], Any]] = {
    K.TEXT: cells.text, K.ID: cells.text, K.REF: cells.text,
    K.YEAR: lambda raw: cells.integer(raw, 2000, 2100),
    K.COUNT: lambda raw: cells.integer(raw, 0, 1_000_000),
    K.SCORE: lambda raw: cells.decimal(raw, 0, 100),
    K.WEIGHT: lambda raw: cells.decimal(raw, 0, 100),
    K.NONNEG: lambda raw: cells.decimal(raw, 0),
    K.DOC_NUMBER: _doc_number,
    K.DATE: cells.date, K.LIST: cells.items, K.MOBILE: cells.mobile, K.PHONE: cells.phone,
    K.QUARTER: cells.quarter,
}


def convert_value(column: Column, raw: object, base: Path) -> object:
    """The typed value of one non-blank cell; raises cells.CellError."""
    return converter(column, base)(raw)


def table_records(sheet: Sheet, raw: RawSheet, base: Path,
                  problems: Problems) -> Iterator[tuple[int, Record]]:
    """Typed records of a table sheet; a record with a bad required value is still yielded
    with that value left out, so later checks can go on."""
    present = set(raw.headers)
    for column in sheet.columns:
        if column.required and column.header not in present:
            problems.error("缺少必填列，请在第1行加上这一列", sheet.name, 1, column.header)
    known = {c.header for c in sheet.columns}
    for header in raw.headers:
        if header and header not in known:
            problems.warning("不认识的列，已忽略", sheet.name, 1, header)
    index: dict[str, int] = {}
    for position, header in enumerate(raw.headers):
        if header in known and header in index:
            problems.error(f"表头重复：第{index[header] + 1}列和第{position + 1}列都是这一列，"
                           "请删除或改名其中一列", sheet.name, 1, header)
        elif header:
            index[header] = position
    plan = [(c.header, index[c.header], c.required, converter(c, base), c.kind in (K.ID, K.REF))
            for c in sheet.columns if c.header in present]
    _report_faults(sheet, raw, index, problems)
    blanks, text = cells.BLANKS, cells.text
    for row, values in raw.filled_rows():
        record: Record = {}
        width = len(values)
        for header, position, required, convert, is_id in plan:
            value = values[position] if position < width else None
            if type(value) is str:
                trimmed = value.strip(blanks)
                if not trimmed:
                    value = None
                elif (not value.isprintable()  # a quick test first
                      and (cells.CONTROL.search(value) or cells.INVISIBLE.search(value))
                      and not _acceptable(value, is_id, sheet.name, row, header, problems)):
                    continue
                elif convert is text:  # what text() would give
                    record[header] = trimmed
                    continue
            if value is None:
                if required:
                    problems.error("必填，不能为空", sheet.name, row, header)
                continue
            try:
                record[header] = convert(value)
            except cells.CellError as exc:
                problems.error(str(exc), sheet.name, row, header, cells.text(value))
        yield row, record


def _acceptable(value: str, is_id: bool, sheet: str, row: int, header: str,
                problems: Problems) -> bool:
    """Control characters are errors; direction marks and zero-width characters are errors in
    IDs and warnings elsewhere (they make equal-looking text differ)."""
    if cells.CONTROL.search(value):
        problems.error("含有看不见的控制字符（常见于从 Word 复制粘贴，文中以□表示），请删除后重新输入",
                       sheet, row, header, cells.shown(value))
        return False
    if is_id:
        problems.error("编号中含有看不见的字符（方向标记或零宽字符，文中以□表示），请删除后重新输入",
                       sheet, row, header, cells.shown(value))
        return False
    problems.warning("含有看不见的字符（方向标记或零宽字符，文中以□表示），建议删除",
                     sheet, row, header, cells.shown(value))
    return True


def _report_faults(sheet: Sheet, raw: RawSheet, index: dict[str, int], problems: Problems) -> None:
    """Cells the reader sees as blank but that hold an error or an uncalculated formula."""
    headers = {position: header for header, position in index.items()}
    for fault in raw.faults:
        header = headers.get(fault.column - 1)
        if header is None or fault.row == 1:
            continue
        problems.error(_fault_text(fault), sheet.name, fault.row, header, fault.error or None)


def _fault_text(fault: Fault) -> str:
    if fault.error:
        return f"单元格是公式错误值 {fault.error}，请改正公式或直接填写数值"
    return ("单元格是公式，但文件中没有它的计算结果（文件未在 Excel/WPS 中保存过）：请在 "
            "Excel/WPS 中打开并保存，或直接填写数值")


def key_value_records(sheet: Sheet, raw: RawSheet, base: Path,
                      problems: Problems) -> dict[str, tuple[int, Any]]:
    """Typed values of a two-column 项目 | 内容 sheet, by item name, with their rows."""
    result: dict[str, tuple[int, Any]] = {}
    if KEY_HEADER not in raw.headers or VALUE_HEADER not in raw.headers:
        problems.error("第1行应为两列表头：项目 | 内容", sheet.name, 1)
        return result
    known = {c.header: c for c in sheet.columns}
    value_column = raw.headers.index(VALUE_HEADER) + 1
    faulty = {f.row: f for f in raw.faults if f.column == value_column}
    for row, values in raw.records():
        key = cells.text(values.get(KEY_HEADER))
        value = values.get(VALUE_HEADER)
        if row in faulty:
            problems.error(_fault_text(faulty.pop(row)), sheet.name, row, f"{VALUE_HEADER}（{key}）")
            continue
        if key not in known:
            problems.warning("不认识的项目，已忽略", sheet.name, row, KEY_HEADER, key)
            continue
        if key in result:
            problems.error(f"项目重复（第{result[key][0]}行已填写）", sheet.name, row, KEY_HEADER, key)
            continue
        if _blank(value):
            if known[key].required:
                problems.error("必填，不能为空", sheet.name, row, f"{VALUE_HEADER}（{key}）")
            continue
        try:
            result[key] = (row, convert_value(known[key], value, base))
        except cells.CellError as exc:
            problems.error(str(exc), sheet.name, row, f"{VALUE_HEADER}（{key}）", cells.text(value))
    for column in sheet.columns:
        mentioned = any(p.sheet == sheet.name and p.column and column.header in p.column
                        for p in problems)
        if column.required and column.header not in result and not mentioned:
            problems.error(f"缺少必填项目「{column.header}」", sheet.name)
    return result


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip(cells.BLANKS))
