"""Notes a workbook carries about itself in a very hidden sheet, as JSON cut into cells.

A branch workbook written by `split` carries where it came from and its rows as they were then
(the base a merge compares with); the master carries what each branch workbook last gave it, so
a corrected file sent again merges as a change to that, not as a conflict. A very hidden sheet
survives editing and saving in Excel, WPS and openpyxl, and a user cannot unhide it by accident.
"""

from __future__ import annotations

import json
from typing import Any

from openpyxl import Workbook

from ..workbook.cells import BLANKS

CHUNK = 30_000  # a cell holds at most 32,767 characters
HEADING = "zonedocs 用来合并的记录，请勿修改"


def write_note(book: Workbook, name: str, data: dict[str, Any]) -> None:
    if name in book.sheetnames:
        del book[name]
    sheet = book.create_sheet(name)
    sheet.sheet_state = "veryHidden"
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    sheet.cell(1, 1, HEADING)
    for index in range(0, len(text), CHUNK):
        sheet.cell(2 + index // CHUNK, 1, text[index:index + CHUNK])


def read_note(book: Workbook, name: str) -> dict[str, Any] | None:
    """The note, or None when the sheet is missing or what it holds is not a note."""
    match = next((n for n in book.sheetnames if n.strip(BLANKS) == name), None)
    if match is None:
        return None
    sheet = book[match]
    parts = [str(row[0]) for row in sheet.iter_rows(min_row=2, max_col=1, values_only=True)
             if row and row[0] is not None]
    try:
        data = json.loads("".join(parts))
    except ValueError:
        return None
    return data if isinstance(data, dict) else None
