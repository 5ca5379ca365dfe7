"""Writing a summary workbook (.xlsx): sheets with styled, frozen, filtered headers, one-decimal
score columns and a stacked column chart, with no clock in the bytes."""

from __future__ import annotations

import io
import re
import zipfile
from typing import Any

from .environment import xml_safe
from .zipwriter import deflate, write_zip

HEADER_FONT_NAME, HEADER_COLOUR = "黑体", "FFFFFF"
HEADER_FILL = "B22222"


def write_xlsx(context: dict[str, Any]) -> bytes:
    """The workbook described by `context` (documents/summary.py), in openpyxl's streaming
    mode: tens of thousands of rows."""
    from openpyxl import Workbook
    from openpyxl.writer.excel import ExcelWriter

    book = Workbook(write_only=True)
    sheets = {spec["title"]: _sheet(book, spec) for spec in context["sheets"]}
    chart = context.get("chart")
    if chart:
        spec = next(s for s in context["sheets"] if s["title"] == chart["sheet"])
        _chart(sheets[chart["sheet"]], chart, len(spec["rows"]))
    book.properties.creator = "zonedocs"
    book.properties.title = context["title"]
    buffer = io.BytesIO()
    # stored, not deflated: _deterministic deflates each part once, as the documents' are
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED, allowZip64=True) as archive:
        ExcelWriter(book, archive).save()
    return _deterministic(buffer.getvalue(), int(context["year"]))


def _sheet(book: Any, spec: dict[str, Any]) -> Any:
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    header_font = Font(name=HEADER_FONT_NAME, bold=True, color=HEADER_COLOUR)
    header_fill = PatternFill("solid", fgColor=HEADER_FILL)
    centred = Alignment(horizontal="center", vertical="center", wrap_text=True)
    headers, rows, decimals = spec["headers"], spec["rows"], set(spec["decimals"])
    ws = book.create_sheet(spec["title"])
    for index, width in enumerate(spec["widths"], start=1):
        ws.column_dimensions[get_column_letter(index)].width = width
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(headers))}{len(rows) + 1}"
    cells = []
    for text in headers:
        cell = WriteOnlyCell(ws, value=text)
        cell.font, cell.fill, cell.alignment = header_font, header_fill, centred
        cells.append(cell)
    ws.append(cells)
    for row in rows:
        out: list[Any] = []
        for index, value in enumerate(row, start=1):
            if index in decimals and isinstance(value, float):
                cell = WriteOnlyCell(ws, value=value)
                cell.number_format = "0.0"
                out.append(cell)
            else:
                out.append(xml_safe(value) if isinstance(value, str) else value)
        ws.append(out)
    return ws


def _chart(ws: Any, spec: dict[str, Any], count: int) -> None:
    """A stacked column chart of the columns from `first_column` on, one series a colour."""
    from openpyxl.chart import BarChart, Reference

    chart = BarChart()
    chart.type = "col"
    chart.grouping = "stacked"
    chart.overlap = 100
    chart.title = spec["title"]
    chart.y_axis.title = spec["y_title"]
    first, colours = spec["first_column"], spec["colours"]
    data = Reference(ws, min_col=first, max_col=first + len(colours) - 1, min_row=1, max_row=count + 1)
    chart.add_data(data, titles_from_data=True)
    chart.set_categories(Reference(ws, min_col=1, min_row=2, max_row=count + 1))
    for series, colour in zip(chart.series, colours, strict=True):
        series.graphicalProperties.solidFill = colour
        series.graphicalProperties.line.solidFill = colour
    chart.width, chart.height = 18, 9
    ws.add_chart(chart, f"A{count + 4}")


def _deterministic(data: bytes, year: int) -> bytes:
    """openpyxl stamps the clock into the zip and core properties; fix both to the year."""
    stamp = f"{year:04d}-01-01T00:00:00Z"
    source = zipfile.ZipFile(io.BytesIO(data))
    entries = []
    for info in source.infolist():
        payload = source.read(info)
        if info.filename == "docProps/core.xml":
            payload = re.sub(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*", rb"\g<1>" + stamp.encode(),
                             payload)
        entries.append(deflate(info.filename, payload))
    return write_zip(entries, year)
