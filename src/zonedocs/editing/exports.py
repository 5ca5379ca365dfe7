"""Reading a member list as the national and provincial party-member systems export it.

Such a list has a title (often a merged cell) and other lines above its header, columns in any
order and many columns zonedocs must not keep. The header row is the first of the top rows that
names 姓名 and most of the known columns; columns are recognised by name, or by `--map 列名=字段`.
Identity numbers, ethnicity, education, birth dates and addresses are never read.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import python_calamine

from ..problems import UsageError
from ..workbook.cells import BLANKS
from .book import plain

HEADER_SEARCH_ROWS = 30

# Import field → its Chinese name (what --map takes) and the export headers that mean it.
FIELDS: dict[str, tuple[str, tuple[str, ...]]] = {
    "name": ("姓名", ("姓名", "党员姓名")),
    "gender": ("性别", ("性别",)),
    "branch": ("所属支部", ("所在党支部", "所在支部", "所在党组织", "所属党组织", "党组织名称",
                         "所属支部", "党支部", "支部", "支部名称", "所在党支部名称")),
    "post": ("岗位", ("工作岗位", "岗位", "现工作岗位", "现岗位")),
    "joined": ("入党日期", ("入党日期", "入党时间")),
    "mobile": ("手机", ("手机号码", "手机号", "手机", "移动电话", "联系电话", "联系方式")),
    "category": ("人员类别", ("人员类别", "党员类别", "党员类型")),
    "standing": ("党籍状态", ("党籍状态", "党员状态")),
    "left": ("减少情况", ("减少类型", "减少原因", "减少时间", "减少日期", "出党日期", "出党方式")),
}
BY_LABEL = {label: key for key, (label, _) in FIELDS.items()}

# Columns that identify a person beyond what the paperwork needs: never read, never mapped.
PRIVATE = ("公民身份号码", "身份证号码", "身份证号", "证件号码", "民族", "出生日期", "出生年月", "学历",
           "学位", "籍贯", "家庭住址", "现居住地", "住址", "地址", "户籍", "婚姻状况", "健康状况")


@dataclass(frozen=True)
class ExportRow:
    number: int  # Excel row number in the export
    values: dict[str, object]  # import field → raw cell value

    def text(self, field: str) -> str:
        return plain(self.values.get(field))


@dataclass(frozen=True)
class Export:
    path: Path
    sheet: str
    header_row: int
    columns: dict[str, str]  # import field → the export's header
    rows: list[ExportRow]


def parse_mapping(pairs: tuple[str, ...]) -> dict[str, str]:
    """`--map 列名=字段` options as {export header: import field}."""
    mapping: dict[str, str] = {}
    for pair in pairs:
        header, sep, label = (part.strip(BLANKS) for part in pair.partition("="))
        if not sep or not header or not label:
            raise UsageError(f"--map {pair} 的写法不对，应写成 列名=字段，如 --map 联系手机=手机")
        if label not in BY_LABEL:
            raise UsageError(f"--map {pair}：没有“{label}”这个字段，可用的字段："
                             + "、".join(BY_LABEL))
        if _private(header):
            raise UsageError(f"--map {pair}：“{header}”是个人敏感信息，不会导入主台账。")
        mapping[_normal(header)] = BY_LABEL[label]
    return mapping


def read_export(path: Path, mapping: dict[str, str] | None = None) -> Export:
    """The member list in the export file (.xlsx, .xls or .ods)."""
    path = Path(path)
    if not path.is_file():
        raise UsageError(f"找不到导出文件：{path}")
    try:
        book = python_calamine.CalamineWorkbook.from_path(str(path))
        sheets = [(name, book.get_sheet_by_name(name).to_python(skip_empty_area=False))
                  for name in book.sheet_names]
    except (python_calamine.CalamineError, OSError, ValueError) as exc:
        raise UsageError(f"无法读取 {path.name}：它不是 Excel 表格，或文件已损坏、设置了密码（{exc}）。"
                         "请从系统重新导出，或用 Excel/WPS 打开后另存为 .xlsx 再试。") from None
    best: tuple[int, str, int, dict[str, int]] | None = None
    for name, rows in sheets:
        for number, row in enumerate(rows[:HEADER_SEARCH_ROWS], start=1):
            columns = _columns(row, mapping or {})
            if "name" in columns and (best is None or len(columns) > best[0]):
                best = (len(columns), name, number, columns)
    if best is None or best[0] < 2:
        raise UsageError(f"{path.name} 的前{HEADER_SEARCH_ROWS}行中没有找到党员名单的表头（需要“姓名”列和"
                         "所在党支部、手机号码、入党日期等列）。如果列名不同，请用 --map 列名=字段 指明。")
    _, name, header_row, columns = best
    data = dict(sheets)[name]
    headers = [plain(v) for v in data[header_row - 1]]
    found: list[ExportRow] = []
    for number, row in enumerate(data[header_row:], start=header_row + 1):
        values: dict[str, object] = {f: (row[i] if i < len(row) else None) for f, i in columns.items()}
        if any(plain(v) for v in row):
            found.append(ExportRow(number, values))
    return Export(path, name, header_row, {f: headers[i] for f, i in columns.items()}, found)


def _columns(row: Sequence[object], mapping: dict[str, str]) -> dict[str, int]:
    """Import field → column index, for the cells of this row that are known headers."""
    found: dict[str, int] = {}
    for index, cell in enumerate(row):
        header = _normal(plain(cell))
        if not header or _private(header):
            continue
        field = mapping.get(header) or next(
            (key for key, (_, names) in FIELDS.items() if header in names), None)
        if field and field not in found:
            found[field] = index
    return found


def _normal(header: str) -> str:
    """A header without spaces, line breaks, required-marks or a trailing colon."""
    header = re.sub(r"[\s\u3000*＊:：]", "", header)
    return re.sub(r"[（(]必填[）)]$", "", header)


def _private(header: str) -> bool:
    normal = _normal(header)
    return any(word in normal for word in PRIVATE)


_EXPORT_DATES = (
    re.compile(r"^(\d{4})[.\-/年](\d{1,2})[.\-/月](\d{1,2})日?$"),
    re.compile(r"^(\d{4})(\d{2})(\d{2})$"),
)


def export_date(value: object) -> dt.date | None:
    """A date as exports write it (a date cell, 2010-07-01, 2010.07.01, 20100701, 2010年7月1日);
    None when it is not a whole date."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = plain(value)
    for form in _EXPORT_DATES:
        match = form.match(text)
        if match:
            try:
                return dt.date(*(int(g) for g in match.groups()))
            except ValueError:
                return None
    return None
