"""Write a master workbook: styled frozen headers, dropdowns, a 说明 sheet, optional rows.

Used by `zonedocs init` (no rows), the sample workbook and the synthetic roster generator.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from . import sheets as S

HEADER_FONT = Font(name="黑体", bold=True, color="FFFFFF")
HEADER_FILL = PatternFill("solid", fgColor="B22222")
REQUIRED_MARK = "（必填）"
VALIDATION_ROWS = 5000

Rows = Sequence[Mapping[str, object]]


def write_workbook(path: Path, data: Mapping[str, Rows] | None = None) -> None:
    """Write every sheet of the contract; `data` maps sheet names to rows keyed by header.

    Key-value sheets (单位, 考核设置) take their rows as {"项目": …, "内容": …}.
    """
    data = data or {}
    path = Path(path)
    workbook = Workbook(write_only=True)
    _instructions(workbook.create_sheet(S.INSTRUCTIONS_SHEET))
    for sheet in S.ALL_SHEETS:
        if sheet.optional and data and sheet.name not in data:
            continue
        ws = workbook.create_sheet(sheet.name)
        rows = data.get(sheet.name, ())
        if sheet.key_value:
            _key_value_sheet(ws, sheet, rows)
        else:
            _table_sheet(ws, sheet, rows)
    path.parent.mkdir(parents=True, exist_ok=True)
    workbook.save(path)


def style_header(ws: Any, row: int, widths: Sequence[float]) -> None:
    """Give an existing header row the workbook's header look, its columns these widths, and
    freeze the rows above and including it (used for sheets added to a user's workbook)."""
    for index, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(index)].width = width
        cell = ws.cell(row, index)
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(horizontal="center", vertical="center")
    ws.freeze_panes = f"A{row + 1}"


def _header_cells(ws: Any, headers: list[str]) -> list[Any]:
    from openpyxl.cell import WriteOnlyCell

    cells = []
    for header in headers:
        cell = WriteOnlyCell(ws, value=header)
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(horizontal="center", vertical="center")
        cells.append(cell)
    return cells


def _table_sheet(ws: Any, sheet: S.Sheet, rows: Rows) -> None:
    headers = [c.header for c in sheet.columns]
    for index, column in enumerate(sheet.columns, start=1):
        ws.column_dimensions[get_column_letter(index)].width = column.width
        if column.options:
            letter = get_column_letter(index)
            validation = DataValidation(
                type="list", formula1='"' + ",".join(column.options) + '"',
                allow_blank=True, showErrorMessage=column.strict_options,
                errorTitle="请从下拉列表中选择", error="可选值：" + "、".join(column.options),
            )
            validation.add(f"{letter}2:{letter}{max(VALIDATION_ROWS, len(rows) + 1)}")
            ws.data_validations.append(validation)
    ws.freeze_panes = "A2"
    ws.append(_header_cells(ws, headers))
    for row in rows:
        ws.append([_cell(row.get(h)) for h in headers])


def _key_value_sheet(ws: Any, sheet: S.Sheet, rows: Rows) -> None:
    ws.column_dimensions["A"].width = 16
    ws.column_dimensions["B"].width = 40
    ws.column_dimensions["C"].width = 60
    ws.freeze_panes = "A2"
    ws.append(_header_cells(ws, ["项目", "内容", "填写说明"]))
    given = {row["项目"]: row.get("内容") for row in rows}
    for column in sheet.columns:
        note = (REQUIRED_MARK if column.required else "") + column.help
        default = S.SETTINGS_DEFAULTS.get(column.header) if sheet is S.SETTINGS else None
        ws.append([column.header, _cell(given.get(column.header, default)), note])


def _instructions(ws: Any) -> None:
    ws.column_dimensions["A"].width = 14
    ws.column_dimensions["B"].width = 18
    ws.column_dimensions["C"].width = 80
    ws.append(_header_cells(ws, ["工作表", "列", "说明"]))
    ws.append(["（通用）", "", "每张表第1行是表头，第2行起是数据；列的顺序可以调整，空行会跳过。"])
    ws.append(["（通用）", "", "一个格子里填多项时，用顿号、逗号、分号或换行分隔。"])
    ws.append(["（通用）", "", "日期可写 2026-03-05、2026/3/5 或 2026年3月5日。编号在本表内不能重复。"])
    ws.append(["（通用）", "", "本“说明”表不会被读取；写好后运行 zonedocs check 检查，"
               "再运行 zonedocs build 生成文书。"])
    for sheet in S.ALL_SHEETS:
        optional = "（可选）" if sheet.optional else ""
        ws.append([sheet.name, "", optional + sheet.help])
        for column in sheet.columns:
            parts = []
            if column.required:
                parts.append("必填")
            if column.options:
                label = "可选值" if column.strict_options else "常用值"
                parts.append(label + "：" + "、".join(column.options))
            if column.help:
                parts.append(column.help)
            ws.append(["", column.header, "；".join(parts)])


def _cell(value: object) -> object:
    if isinstance(value, (list, tuple)):
        return "、".join(str(v) for v in value)
    if isinstance(value, Path):
        return value.as_posix()
    return value
