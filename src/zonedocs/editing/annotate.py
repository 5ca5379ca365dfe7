"""`zonedocs check --annotate`: a copy of the workbook with every problem marked where it is.

Each problem cell gets a fill (red for an error, yellow for a warning) and a comment with the
message; a first sheet 问题 lists every problem with a link to its cell. The workbook checked is
never written; a file at the target is replaced only when it is an earlier annotated copy.
"""

from __future__ import annotations

import re
from pathlib import Path

from openpyxl import load_workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.hyperlink import Hyperlink
from openpyxl.worksheet.worksheet import Worksheet

from ..problems import Problem, Problems, UsageError
from ..workbook.cells import BLANKS
from ..workbook.writer import style_header
from .book import open_book, plain, save_new, save_over

MARK = "zonedocs 问题标注"  # the copy's keywords: an earlier copy may be replaced
LIST_SHEET = "问题"
FILLS = {"error": PatternFill("solid", fgColor="FFC7CE"), "warning": PatternFill("solid", fgColor="FFEB9C")}
LEVELS = {"error": "错误", "warning": "警告"}
HEADERS = ("级别", "工作表", "行", "列", "值", "说明", "位置")
WIDTHS = (8, 12, 6, 16, 24, 60, 14)


def annotate(workbook: Path, problems: Problems, target: Path) -> int:
    """Write the marked copy; returns how many cells were marked."""
    workbook, target = Path(workbook), Path(target)
    if target.resolve() == workbook.resolve():
        raise UsageError("标注副本不能与主台账同名：请另给一个文件名，如 主台账_问题标注.xlsx。")
    replace = target.exists() and _earlier_copy(target)
    book = open_book(workbook)
    names = {n.strip(BLANKS): n for n in book.sheetnames}
    listing = book.create_sheet(LIST_SHEET if LIST_SHEET not in names else "问题清单", 0)
    _list_header(listing)
    marked = 0
    headers: dict[str, list[str]] = {}
    for number, problem in enumerate(problems, start=2):
        sheet = book[names[problem.sheet]] if problem.sheet in names else None
        place = None
        if sheet is not None:
            if sheet.title not in headers:
                headers[sheet.title] = [plain(c.value) for c in next(sheet.iter_rows(max_row=1), ())]
            place = _place(headers[sheet.title], problem)
        if sheet is not None and place is not None:
            _mark(sheet.cell(*place), problem)
            marked += 1
        _list_row(listing, number, problem, sheet, place)
    listing.auto_filter.ref = f"A1:G{len(problems) + 1}"
    book.active = 0
    for each in book.worksheets:
        each.sheet_view.tabSelected = each is listing
    book.properties.keywords = MARK
    if replace:
        save_over(book, target)
    else:
        save_new(book, target)
    return marked


def _place(headers: list[str], problem: Problem) -> tuple[int, int] | None:
    """(row, column) of the problem's cell; the row's first cell when no column is named."""
    if not problem.row:
        return None
    if not problem.column:
        return problem.row, 1
    for header in (problem.column, re.sub(r"（.*）$", "", problem.column)):
        if header in headers:
            return problem.row, headers.index(header) + 1
    return problem.row, 1


def _mark(cell: object, problem: Problem) -> None:
    cell.fill = FILLS[problem.level]  # type: ignore[attr-defined]
    old = cell.comment  # type: ignore[attr-defined]
    text = f"{LEVELS[problem.level]}：{problem.message}"
    if old is not None and old.author == "zonedocs":
        text = f"{old.text}\n{text}"
    comment = Comment(text, "zonedocs")
    comment.width, comment.height = 300, 120
    cell.comment = comment  # type: ignore[attr-defined]


def _list_header(sheet: Worksheet) -> None:
    sheet.append(HEADERS)
    style_header(sheet, 1, WIDTHS)


def _list_row(sheet: Worksheet, row: int, problem: Problem, target: Worksheet | None,
              place: tuple[int, int] | None) -> None:
    values = (LEVELS[problem.level], problem.sheet or "", problem.row or "", problem.column or "",
              problem.value or "", problem.message)
    for column, value in enumerate(values, start=1):
        sheet.cell(row, column, value)
    sheet.cell(row, 1).fill = FILLS[problem.level]
    sheet.cell(row, 6).alignment = Alignment(wrap_text=True, vertical="top")
    if target is not None:
        coordinate = f"{get_column_letter(place[1])}{place[0]}" if place else "A1"
        link = sheet.cell(row, 7, f"转到 {coordinate}")
        link.hyperlink = Hyperlink(ref=link.coordinate,
                                   location=f"{quote_sheetname(target.title)}!{coordinate}")
        link.font = Font(color="0563C1", underline="single")


def _earlier_copy(path: Path) -> bool:
    refusal = UsageError(f"{path} 已存在，且不是 zonedocs 之前写的标注副本：为免覆盖您的文件，"
                         "请换一个文件名。")
    try:
        earlier = load_workbook(path, read_only=True)
        keywords = earlier.properties.keywords
        earlier.close()
    except (OSError, ValueError, KeyError, TypeError):
        raise refusal from None
    if keywords != MARK:
        raise refusal
    return True
