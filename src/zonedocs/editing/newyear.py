"""`zonedocs new-year`: next year's master workbook made from this year's.

Moved on: 年度 and the year in 发文字号. Cleared: 成文日期, 印发日期, 季度评分, 承诺. Dropped:
members who transferred out and every row that names them (their contacts and roles; the zones
they held, whose sub-zones move up to the dropped zone's parent; a 支部书记 cell naming them).
Kept: zones, contacts and roles of the members who stay. Each member's result of the old year
goes into a reference sheet 上年度评定 for re-setting zones after the 民主评议.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..model import Roster
from ..problems import UsageError
from ..scoring import Standings
from ..workbook import load_valid
from ..workbook import sheets as S
from ..workbook.writer import style_header
from .book import Table, open_book, plain, save_new, tables

CLEARED = ("成文日期", "印发日期")
PREVIOUS_HEADERS = ("党员编号", "姓名", "所属支部", "评分季度", "年度得分", "支部排名", "等次", "评定建议")
PREVIOUS_WIDTHS = (12, 10, 10, 10, 10, 10, 10, 20)


@dataclass
class NewYearReport:
    old_year: int
    year: int
    target: Path
    dropped_members: list[tuple[str, str]] = field(default_factory=list)
    dropped_zones: list[tuple[str, str]] = field(default_factory=list)
    cleared_secretaries: list[str] = field(default_factory=list)
    kept: dict[str, int] = field(default_factory=dict)  # sheet → rows


def new_year(workbook: Path, year: int, target: Path) -> NewYearReport:
    roster, _ = load_valid(workbook)
    old = roster.company.year
    if year <= old:
        raise UsageError(f"新年度 {year} 应晚于主台账的年度 {old}。")
    if Path(target).exists():
        raise UsageError(f"{target} 已存在：为免覆盖您的文件，请换一个文件名，或先移走它。")
    report = NewYearReport(old, year, Path(target))
    book = open_book(workbook)
    sheets = tables(book)
    for name in (S.ORIGIN_SHEET, S.MERGES_SHEET, S.PREVIOUS_YEAR_SHEET):
        if name in book.sheetnames:
            del book[name]
    _company(sheets[S.COMPANY.name], old, year)
    for name in (S.SCORES.name, S.PLEDGES.name):
        if name in sheets:
            sheets[name].write([])
    gone = {m.id for m in roster.members.values() if not m.active}
    report.dropped_members = [(m.id, m.name) for m in roster.members.values() if m.id in gone]
    zones_gone = {z.id for z in roster.zones.values() if z.member_id in gone}
    report.dropped_zones = [(z.id, z.name) for z in roster.zones.values() if z.id in zones_gone]
    _keep(sheets, S.MEMBERS.name, lambda t, r: plain(t.get(r, "党员编号")) not in gone)
    _keep(sheets, S.CONTACTS.name, lambda t, r: plain(t.get(r, "党员编号")) not in gone)
    _keep(sheets, S.ROLES.name, lambda t, r: plain(t.get(r, "党员编号")) not in gone
          and plain(t.get(r, "责任区编号")) not in zones_gone)
    _keep(sheets, S.ZONES.name, lambda t, r: plain(t.get(r, "责任区编号")) not in zones_gone)
    _reparent(sheets[S.ZONES.name], roster, zones_gone)
    report.cleared_secretaries = _clear_secretaries(sheets[S.BRANCHES.name], gone)
    _previous_year(book, roster)
    for contract in S.ALL_SHEETS:
        if contract.name in sheets and not contract.key_value:
            report.kept[contract.name] = len(sheets[contract.name].rows)
    save_new(book, target)
    return report


def _company(table: Table, old: int, year: int) -> None:
    for row in table.rows:
        item = plain(row[0]) if row else ""
        if item == "年度":
            row[1] = year
        elif item == "发文字号" and len(row) > 1:
            row[1] = re.sub(rf"〔{old}〕", f"〔{year}〕", plain(row[1]))
        elif item in CLEARED and len(row) > 1:
            row[1] = None
    table.write(table.rows)


def _keep(sheets: dict[str, Table], name: str, keep: Any) -> None:
    table = sheets.get(name)
    if table is not None:
        table.write([r for r in table.rows if keep(table, r)])


def _reparent(zones: Table, roster: Roster, gone: set[str]) -> None:
    """Sub-zones of a dropped zone hang from the nearest ancestor that stays."""
    def kept_parent(zone_id: str) -> str:
        seen = set()
        while zone_id in gone and zone_id not in seen:
            seen.add(zone_id)
            zone_id = roster.zones[zone_id].parent_id
        return "" if zone_id in gone else zone_id

    for row in zones.rows:
        parent = plain(zones.get(row, "上级责任区"))
        if parent in gone:
            zones.put(row, "上级责任区", kept_parent(parent) or None)
    zones.write(zones.rows)


def _clear_secretaries(branches: Table, gone: set[str]) -> list[str]:
    cleared = []
    for row in branches.rows:
        if plain(branches.get(row, "支部书记")) in gone:
            cleared.append(plain(branches.get(row, "支部编号")))
            branches.put(row, "支部书记", None)
    branches.write(branches.rows)
    return cleared


def _previous_year(book: Any, roster: Roster) -> None:
    standings = Standings.of(roster)
    sheet = book.create_sheet(S.PREVIOUS_YEAR_SHEET)
    sheet.append([f"{roster.company.year}年度评定结果（供民主评议后调整责任区参考；zonedocs 不读取本表）"])
    sheet.append(list(PREVIOUS_HEADERS))
    style_header(sheet, 2, PREVIOUS_WIDTHS)
    number = 2
    for branch_id in roster.branches:
        for line in standings.year(branch_id):
            if not line.member.active:
                continue
            standing = line.standing
            scored = "、".join(str(q) for q, total in sorted(line.quarters.items()) if total is not None)
            sheet.append([
                line.member.id, line.member.name, branch_id, scored or "—",
                float(standing.total) if standing.total is not None else "—",
                standing.rank or "—",
                standing.band.grade if standing.band is not None else "未考核",
                "推荐优秀共产党员" if line.recommended else "",
            ])
            number += 1
            sheet.cell(number, 5).number_format = "0.0"  # (max_row would scan every row)
