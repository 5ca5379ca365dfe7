"""考核汇总.xlsx: the party office's view of every member's scores and every branch's standing."""

from __future__ import annotations

import io
import zipfile
from decimal import Decimal
from typing import Any

from ..model import RATERS, Roster
from ..scoring import (
    FLAGS,
    GRADES,
    UNSCORED,
    annual_results,
    band,
    competition_ranks,
    mean,
    quarter_results,
    scored_quarters,
)
from .naming import year_folder
from .output import Output

KIND = "summary"
FLAG_COLOURS = {"红旗": "E00000", "黄旗": "F2C200", "蓝旗": "2F6FD0", "灰旗": "8C8C8C"}


def plan(roster: Roster) -> list[Output]:
    quarters = scored_quarters(roster)
    if not quarters:
        return []
    context = {"year": roster.company.year, "company": roster.company.name,
               "quarters": {str(q): _quarter_rows(roster, q) for q in quarters},
               "annual": _annual_rows(roster), "branches": _branch_rows(roster)}
    return [Output(year_folder(roster.company.year) / "考核汇总.xlsx", KIND, context,
                   f"{roster.company.year}年度党员责任区考核汇总", producer="summary",
                   subject="考核汇总")]


def _number(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def _quarter_rows(roster: Roster, quarter: int) -> list[list[Any]]:
    rows = []
    for b in roster.branches.values():
        for r in quarter_results(roster, b.id, quarter):
            team = roster.teams.get(r.member.team_id)
            level = band(r.total, roster.settings) if r.total is not None else None
            ratings = [_number(r.score.ratings.get(k)) if r.score else None for k in RATERS]
            rows.append([b.name, r.member.id, r.member.name, team.name if team else "机关", *ratings,
                         _number(r.score.bonus) if r.score else None,
                         _number(r.score.deduction) if r.score else None,
                         _number(r.total) if r.total is not None else UNSCORED, r.rank,
                         GRADES[level] if level is not None else "",
                         FLAGS[level] if level is not None else "",
                         "需谈话" if level is not None and level >= 1 else ""])
    return rows


def _annual_rows(roster: Roster) -> list[list[Any]]:
    quarters = scored_quarters(roster)
    rows = []
    for b in roster.branches.values():
        for r in annual_results(roster, b.id):
            level = band(r.result, roster.settings) if r.result is not None else None
            per_quarter = [(_number(r.quarters.get(q)) if r.quarters.get(q) is not None else UNSCORED)
                           if q in quarters else None for q in range(1, 5)]
            rows.append([b.name, r.member.id, r.member.name, *per_quarter,
                         _number(r.result) if r.result is not None else UNSCORED, r.rank,
                         GRADES[level] if level is not None else "",
                         "推荐" if r.recommended(roster.settings) else ""])
    return rows


def _branch_rows(roster: Roster) -> list[list[Any]]:
    rows = []
    averages = []
    for b in roster.branches.values():
        results = [r for r in annual_results(roster, b.id) if r.result is not None]
        counts = [0, 0, 0, 0]
        for r in results:
            counts[band(r.result, roster.settings)] += 1  # type: ignore[arg-type]
        average = mean([r.result for r in results])
        averages.append(average)
        rows.append([b.name, len(results), *counts, _number(average)])
    for row, rank in zip(rows, competition_ranks(averages), strict=True):
        row.append(rank)
    return rows


# --- writing the workbook ------------------------------------------------------------------

def write_summary(context: dict[str, Any]) -> bytes:
    """The workbook, written in openpyxl's streaming mode (tens of thousands of rows)."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.chart import BarChart, Reference
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    book = Workbook(write_only=True)
    header_font = Font(name="黑体", bold=True, color="FFFFFF")
    header_fill = PatternFill("solid", fgColor="B22222")
    centred = Alignment(horizontal="center", vertical="center", wrap_text=True)

    def sheet(title: str, headers: list[str], rows: list[list[Any]], widths: list[int],
              decimals: set[int]):
        ws = book.create_sheet(title)
        for index, width in enumerate(widths, start=1):
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
            out = []
            for index, value in enumerate(row, start=1):
                if index in decimals and isinstance(value, float):
                    cell = WriteOnlyCell(ws, value=value)
                    cell.number_format = "0.0"
                    out.append(cell)
                else:
                    out.append(value)
            ws.append(out)
        return ws

    quarter_headers = ["支部", "党员编号", "姓名", "班组", "自评", "互评", "群众评议", "组织考评", "加分",
                       "扣分", "总分", "支部内排名", "等次", "挂旗", "谈话"]
    for quarter, rows in context["quarters"].items():
        sheet(f"第{quarter}季度", quarter_headers, rows,
              [22, 10, 10, 14, 8, 8, 10, 10, 7, 7, 8, 10, 10, 7, 8], {11})
    sheet("年度", ["支部", "党员编号", "姓名", "一季度", "二季度", "三季度", "四季度", "年度成绩",
                   "支部内排名", "等次", "评优推荐"], context["annual"],
          [22, 10, 10, 9, 9, 9, 9, 10, 10, 10, 10], {4, 5, 6, 7, 8})
    headers = ["支部", "参评人数", *(f"{g}（{f}）" for g, f in zip(GRADES, FLAGS, strict=True)),
               "平均分", "支部排名"]
    ws = sheet("支部", headers, context["branches"], [24, 10, 12, 12, 14, 12, 10, 10], {7})
    chart = BarChart()
    chart.type = "col"
    chart.grouping = "stacked"
    chart.overlap = 100
    chart.title = f"{context['year']}年度各支部挂旗分布"
    chart.y_axis.title = "人数"
    count = len(context["branches"])
    data = Reference(ws, min_col=3, max_col=6, min_row=1, max_row=count + 1)
    chart.add_data(data, titles_from_data=True)
    chart.set_categories(Reference(ws, min_col=1, min_row=2, max_row=count + 1))
    for series, flag in zip(chart.series, FLAGS, strict=True):
        series.graphicalProperties.solidFill = FLAG_COLOURS[flag]
        series.graphicalProperties.line.solidFill = FLAG_COLOURS[flag]
    chart.width, chart.height = 18, 9
    ws.add_chart(chart, f"A{count + 4}")
    book.properties.creator = "zonedocs"
    book.properties.title = f"{context['year']}年度党员责任区考核汇总"
    buffer = io.BytesIO()
    book.save(buffer)
    return _deterministic(buffer.getvalue(), int(context["year"]))


def _deterministic(data: bytes, year: int) -> bytes:
    """openpyxl stamps the clock into the zip and core properties; fix both to the year."""
    import re

    from ..render.zipwriter import deflate, write_zip

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

