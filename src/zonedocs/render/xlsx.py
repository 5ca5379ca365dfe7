"""Writing a summary workbook (.xlsx): sheets with styled, frozen, filtered headers, one-decimal
score columns and a stacked column chart, with no clock in the bytes."""

from __future__ import annotations

import io
import math
import re
import zipfile
from typing import Any

from .environment import xml_safe
from .zipwriter import deflate, write_zip

HEADER_FONT_NAME, HEADER_COLOUR = "黑体", "FFFFFF"
HEADER_FILL = "B22222"


def write_xlsx(context: dict[str, Any]) -> bytes:
    """The workbook described by `context` (documents/summary.py). openpyxl writes the workbook,
    its styles, each sheet's header and the chart; the rows, tens of thousands, are written here
    as openpyxl writes rows (`_rows`), ten times as fast, and put into each sheet's part."""
    from openpyxl import Workbook
    from openpyxl.writer.excel import ExcelWriter

    rows = [_rows(spec["rows"], set(spec["decimals"])) for spec in context["sheets"]]
    book = Workbook(write_only=True)
    sheets = {}
    made = []
    for spec, (text, styled) in zip(context["sheets"], rows, strict=True):
        ws = sheets[spec["title"]] = _sheet(book, spec)
        made.append((ws, text.replace(_STYLE, _one_decimal(ws) if styled else b"")))
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
    parts = {ws.path.lstrip("/"): text for ws, text in made}  # each sheet's part, named as saved
    return _deterministic(buffer.getvalue(), int(context["year"]), parts)


def _sheet(book: Any, spec: dict[str, Any]) -> Any:
    """A sheet with its widths, frozen and filtered header; its rows are put in afterwards."""
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    header_font = Font(name=HEADER_FONT_NAME, bold=True, color=HEADER_COLOUR)
    header_fill = PatternFill("solid", fgColor=HEADER_FILL)
    centred = Alignment(horizontal="center", vertical="center", wrap_text=True)
    headers = spec["headers"]
    ws = book.create_sheet(spec["title"])
    for index, width in enumerate(spec["widths"], start=1):
        ws.column_dimensions[get_column_letter(index)].width = width
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(headers))}{len(spec['rows']) + 1}"
    cells = []
    for text in headers:
        cell = WriteOnlyCell(ws, value=text)
        cell.font, cell.fill, cell.alignment = header_font, header_fill, centred
        cells.append(cell)
    ws.append(cells)
    return ws


def _one_decimal(ws: Any) -> bytes:
    """The one-decimal style's number in the workbook (registered with its first use)."""
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(ws)
    cell.number_format = "0.0"
    return str(cell.style_id).encode()


_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", "\r": "&#13;"})
_STYLE = b"\x01"  # where the one-decimal style's number goes, once the workbook gives it
_STYLED = f' s="{_STYLE.decode()}"'


def _rows(rows: list[list[Any]], decimals: set[int]) -> tuple[bytes, bool]:
    """The rows from the second on as openpyxl's streaming writer gives them, and whether a
    number has the one-decimal style: an empty value left out, text inline (always text: a name
    that begins with "=" is no formula), a float in a one-decimal column styled; what lxml
    escapes, escaped, and the rest as character references (the part is ASCII)."""
    from openpyxl.utils import get_column_letter

    letters = [get_column_letter(i) for i in range(1, max(map(len, rows), default=0) + 1)]
    styled = False
    out: list[str] = []
    for number, row in enumerate(rows, start=2):
        out.append(f'<row r="{number}">')
        for index, value in enumerate(row, start=1):
            if value is None:
                continue
            reference = f"{letters[index - 1]}{number}"
            if type(value) is str:
                text = xml_safe(value)[:32767]
                if not text:
                    out.append(f'<c r="{reference}" t="inlineStr"></c>')
                    continue
                space = ' xml:space="preserve"' if text != text.strip() else ""
                out.append(f'<c r="{reference}" t="inlineStr"><is><t{space}>'
                           f"{text.translate(_ESCAPES)}</t></is></c>")
            elif type(value) in (int, float) and math.isfinite(value):
                style = ""
                if index in decimals and type(value) is float:
                    style, styled = _STYLED, True
                out.append(f'<c r="{reference}"{style} t="n"><v>{value:.16g}</v></c>')
            else:
                raise TypeError(f"a summary cell holds text or a finite number, not {value!r}")
        out.append("</row>")
    return "".join(out).encode("ascii", "xmlcharrefreplace"), styled


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


def _deterministic(data: bytes, year: int, rows: dict[str, bytes]) -> bytes:
    """openpyxl stamps the clock into the zip and core properties; fix both to the year. Each
    sheet's rows go in after its header."""
    stamp = f"{year:04d}-01-01T00:00:00Z"
    source = zipfile.ZipFile(io.BytesIO(data))
    entries = []
    for info in source.infolist():
        payload = source.read(info)
        if info.filename == "docProps/core.xml":
            payload = re.sub(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*", rb"\g<1>" + stamp.encode(),
                             payload)
        elif rows.get(info.filename):
            end = payload.rindex(b"</sheetData>")
            payload = b"".join([payload[:end], rows[info.filename], payload[end:]])
        entries.append(deflate(info.filename, payload, level=6))
    return write_zip(entries, year)
