"""The summary workbook's rows, written without openpyxl's per-cell objects (render/xlsx.py):
the same bytes openpyxl's streaming writer gives, text always text."""

from __future__ import annotations

import io
import zipfile
from typing import Any

import openpyxl
import pytest

from zonedocs.render import xlsx

ROWS: list[list[Any]] = [
    ["第一支部", "M101", "张伟", "一班", 88.5, 90.0, None, 85.25, 0.0, 1.5, 87.75, 1, "优秀", "红旗", ""],
    ["", " 前后有空格 ", "\u3000全角空格\u3000", "a&b<c>d\"e'", -0.0, 1e20, 0.1 + 0.2, 3, 0, -2.5,
     None, 12, "行一\n行二\t制表", "回车\r后", "🙂 表情"],
    ["B&amp;", "x" * 40, "長" * 30, None, None, None, None, None, None, None, 60.0, 2, "", "", "需谈话"],
]


def _context(rows: list[list[Any]]) -> dict[str, Any]:
    headers = [f"列{i}" for i in range(1, 16)]
    sheet = {"title": "季度", "headers": headers, "rows": rows, "widths": [8] * 15,
             "decimals": [5, 6, 7, 8, 9, 10, 11]}
    plain = {"title": "说明", "headers": ["项目", "数量"], "rows": [["人数", 3], ["支部", "1"]],
             "widths": [10, 8], "decimals": []}
    return {"year": 2026, "title": "考核汇总", "sheets": [sheet, plain],
            "chart": {"sheet": "季度", "title": "图", "y_title": "人数", "first_column": 5,
                      "colours": ["C00000", "1F4E79"]}}


def _with_openpyxl(context: dict[str, Any]) -> bytes:
    """The workbook as it was made before: every row appended to openpyxl's streaming sheet."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    book = Workbook(write_only=True)
    sheets = {}
    for spec in context["sheets"]:
        ws = sheets[spec["title"]] = xlsx._sheet(book, spec)
        for row in spec["rows"]:
            out: list[Any] = []
            for index, value in enumerate(row, start=1):
                if index in spec["decimals"] and isinstance(value, float):
                    cell = WriteOnlyCell(ws, value=value)
                    cell.number_format = "0.0"
                    out.append(cell)
                else:
                    out.append(value)
            ws.append(out)
    chart = context["chart"]
    xlsx._chart(sheets[chart["sheet"]], chart, len(context["sheets"][0]["rows"]))
    book.properties.creator = "zonedocs"
    book.properties.title = context["title"]
    buffer = io.BytesIO()
    book.save(buffer)
    return xlsx._deterministic(buffer.getvalue(), context["year"], {})


def test_rows_are_written_as_openpyxl_writes_them():
    fast = xlsx.write_xlsx(_context(ROWS))
    assert fast == _with_openpyxl(_context(ROWS))
    book = openpyxl.load_workbook(io.BytesIO(fast))
    values = [[c.value for c in row] for row in book["季度"].iter_rows(min_row=2)]
    expected = [[None if v == "" else float(f"{v:.16g}") if isinstance(v, float) else v
                 # (a float as openpyxl writes it, to 16 digits)
                 for v in row] for row in ROWS]
    assert values == expected
    assert book["季度"]["E2"].number_format == "0.0" and book["季度"]["L2"].number_format == "General"


def test_text_that_looks_like_a_formula_or_an_error_stays_text():
    """A name typed as "=HYPERLINK(…)" must not become a formula in the party office's Excel."""
    rows = [["=HYPERLINK(\"http://example.com\",\"点击\")", "#N/A", "=1+1", None, None, None, None,
             None, None, None, None, None, None, None, None]]
    data = xlsx.write_xlsx(_context(rows))
    sheet = zipfile.ZipFile(io.BytesIO(data)).read("xl/worksheets/sheet1.xml")
    assert b"<f>" not in sheet and b't="e"' not in sheet
    cells = openpyxl.load_workbook(io.BytesIO(data))["季度"][2]
    assert [c.value for c in cells[:3]] == rows[0][:3]
    assert all(c.data_type == "s" for c in cells[:3])


@pytest.mark.parametrize("value", [float("nan"), float("inf"), True, b"bytes", object()])
def test_a_cell_of_another_kind_is_refused(value):
    rows = [[value] + [None] * 14]
    with pytest.raises(TypeError):
        xlsx.write_xlsx(_context(rows))
