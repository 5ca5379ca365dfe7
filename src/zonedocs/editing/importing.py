"""`zonedocs import`: bring a member list exported from the party-member system into the 党员 sheet.

Members are matched by name together with mobile or 入党日期; a match has its changed fields
updated, a row that matches no one is added with the next free 党员编号, and members the export
does not list are reported and left in place. Only 姓名, 性别, 所属支部, 岗位, 入党日期, 手机 and
状态 are ever written.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..rules import ACTIVE_STATUSES, DEFAULT_STATUS, GENDERS, TRANSFERRED
from ..workbook import sheets as S
from ..workbook.cells import BLANKS, MOBILE
from .book import Table, need_columns, open_book, plain, save_in_place, tables
from .branchnames import BranchNames
from .exports import Export, ExportRow, export_date, read_export

# Words in 党籍状态 that mean the person is no longer a member of this organisation.
_GONE = ("停止", "出党", "开除", "除名", "退党", "死亡", "去世", "逝世", "转出", "调出", "减少")
# Member attribute → the 党员 column it fills (the contract's headers).
_WRITES = {"name": "姓名", "gender": "性别", "branch": "所属支部", "post": "岗位",
           "joined": "入党日期", "mobile": "手机", "status": "状态"}


@dataclass(frozen=True)
class Change:
    member_id: str
    name: str
    column: str
    old: str
    new: str


@dataclass(frozen=True)
class Skipped:
    row: int
    name: str
    reason: str


@dataclass
class ImportReport:
    export: Path
    sheet: str
    header_row: int
    added: list[tuple[str, str, str]] = field(default_factory=list)  # (id, name, branch id)
    changed: list[Change] = field(default_factory=list)
    absent: list[tuple[str, str, str]] = field(default_factory=list)
    left_out: list[Skipped] = field(default_factory=list)
    notes: list[Skipped] = field(default_factory=list)  # values not taken; the row was
    backup: Path | None = None
    written: bool = False

    @property
    def exit_code(self) -> int:
        return 1 if self.left_out else 0

    def as_json(self) -> dict[str, Any]:
        return {
            "export": str(self.export), "sheet": self.sheet, "header_row": self.header_row,
            "added": [{"id": i, "name": n, "branch": b} for i, n, b in self.added],
            "changed": [{"id": c.member_id, "name": c.name, "column": c.column, "old": c.old,
                         "new": c.new} for c in self.changed],
            "absent": [{"id": i, "name": n, "branch": b} for i, n, b in self.absent],
            "left_out": [{"row": s.row, "name": s.name, "reason": s.reason} for s in self.left_out],
            "notes": [{"row": s.row, "name": s.name, "note": s.reason} for s in self.notes],
            "written": self.written, "backup": str(self.backup) if self.backup else None,
        }


def import_members(export_path: Path, workbook: Path, mapping: dict[str, str] | None = None,
                   dry_run: bool = False) -> ImportReport:
    export = read_export(export_path, mapping)
    book = open_book(workbook)
    sheets = tables(book)
    members = need_columns(sheets, S.MEMBERS, workbook)
    branches = need_columns(sheets, S.BRANCHES, workbook)
    report = ImportReport(export.path, export.sheet, export.header_row)
    names = BranchNames(_branch_pairs(branches), _company_names(sheets.get(S.COMPANY.name)))
    rows = [list(r) for r in members.rows]
    _merge(export, members, rows, names, report)
    if (report.added or report.changed) and not dry_run:
        members.write(rows)
        report.backup = save_in_place(book, workbook)
        report.written = True
    return report


def _merge(export: Export, members: Table, rows: list[list[Any]], names: BranchNames,
           report: ImportReport) -> None:
    ids = [plain(members.get(r, "党员编号")) for r in rows]
    by_name: dict[str, list[int]] = {}
    for i, r in enumerate(rows):
        by_name.setdefault(_name(members.get(r, "姓名")), []).append(i)
    taken: set[int] = set()
    for line in export.rows:
        wanted = _wanted(line, names, report)
        if wanted is None:
            continue
        index = _match(wanted, members, rows, by_name.get(wanted["name"], []), taken, line, report)
        if index == -1:
            continue
        if index is None:
            if not wanted.get("branch"):
                report.left_out.append(Skipped(line.number, wanted["name"],
                                               "新党员，但所在党支部为空或找不到，无法确定支部"))
                continue
            new_id = _next_id(ids, rows, members, wanted["branch"])
            ids.append(new_id)
            row = members.blank_row()
            members.put(row, "党员编号", new_id)
            wanted.setdefault("status", DEFAULT_STATUS)
            for key, value in wanted.items():
                members.put(row, _WRITES[key], value)
            rows.append(row)
            taken.add(len(rows) - 1)
            by_name.setdefault(wanted["name"], []).append(len(rows) - 1)
            report.added.append((new_id, wanted["name"], wanted["branch"]))
            continue
        taken.add(index)
        for key, value in wanted.items():
            old = members.get(rows[index], _WRITES[key])
            if plain(old) != plain(value) and (key != "status" or not _keeps_status(old, value)):
                members.put(rows[index], _WRITES[key], value)
                report.changed.append(Change(ids[index], plain(members.get(rows[index], "姓名")),
                                             _WRITES[key], plain(old), plain(value)))
    for index, row in enumerate(rows):
        if index not in taken and plain(members.get(row, "状态")) != TRANSFERRED:
            report.absent.append((ids[index], plain(members.get(row, "姓名")),
                                  plain(members.get(row, "所属支部"))))


def _wanted(line: ExportRow, names: BranchNames, report: ImportReport) -> dict[str, Any] | None:
    """The member fields an export row gives, checked; None when the row is left out."""
    name = _name(line.values.get("name"))
    if not name:
        if sum(1 for v in line.values.values() if plain(v)) >= 3:
            report.left_out.append(Skipped(line.number, "", "姓名为空"))
        return None  # a note or total line under the list
    wanted: dict[str, Any] = {"name": name}
    gender = line.text("gender")
    if gender in GENDERS:
        wanted["gender"] = gender
    branch_text = line.text("branch")
    if branch_text:
        branch = names.find(branch_text)
        if branch:
            wanted["branch"] = branch
        else:
            report.notes.append(Skipped(line.number, name,
                                        f"所在党支部“{branch_text}”与“支部”表中的支部名称都对不上"))
    if line.text("post"):
        wanted["post"] = line.text("post")
    joined = line.values.get("joined")
    if plain(joined):
        day = export_date(joined)
        if day:
            wanted["joined"] = day
        else:
            report.notes.append(Skipped(line.number, name, f"入党日期“{plain(joined)}”不是完整日期，未导入"))
    mobile = re.sub(r"[\s\-]", "", line.text("mobile"))
    if mobile:
        if MOBILE.match(mobile):
            wanted["mobile"] = mobile
        else:
            report.notes.append(Skipped(line.number, name, f"手机号码“{mobile}”不是11位手机号，未导入"))
    status = _status(line)
    if status:
        wanted["status"] = status
    return wanted


def _status(line: ExportRow) -> str | None:
    standing = line.text("standing")
    if line.text("left") or any(word in standing for word in _GONE):
        return TRANSFERRED
    category = line.text("category")
    if "预备" in category:
        return ACTIVE_STATUSES[1]
    if "正式" in category:
        return ACTIVE_STATUSES[0]
    return None


def _keeps_status(old: object, new: object) -> bool:
    """A blank 状态 means 正式党员: writing 正式党员 over it changes nothing."""
    return plain(old) == "" and new == DEFAULT_STATUS


def _name(value: object) -> str:
    """A name as compared: no spaces of any kind (exports write 张 伟 for 张伟)."""
    return re.sub(f"[{BLANKS}]", "", plain(value))


def _match(wanted: dict[str, Any], members: Table, rows: list[list[Any]], same_name: list[int],
           taken: set[int], line: ExportRow, report: ImportReport) -> int | None:
    """The index of the existing member this export row is; None for a new member; -1 when the
    row is left out (it matches several, or one already matched). `same_name`: the rows of
    members with the row's name."""
    found = [i for i in same_name if _agrees(wanted, members, rows[i])]
    if len(found) > 1:
        found = [i for i in found if wanted.get("branch") == plain(members.get(rows[i], "所属支部"))]
    if len(found) > 1:
        report.left_out.append(Skipped(line.number, wanted["name"],
                                       "与主台账中多名同名党员的手机或入党日期都相同，无法分辨"))
        return -1
    if found and found[0] in taken:
        report.left_out.append(Skipped(line.number, wanted["name"],
                                       "导出文件中重复出现（已按前面的一行导入）"))
        return -1
    if found:
        return found[0]
    if same_name:
        report.notes.append(Skipped(line.number, wanted["name"],
                                    "主台账中有同名党员，但手机和入党日期都不同，已作为新党员添加，请核对"))
    return None


def _agrees(wanted: dict[str, Any], members: Table, row: list[Any]) -> bool:
    mobile = plain(members.get(row, "手机"))
    joined = members.get(row, "入党日期")
    day = export_date(joined) if plain(joined) else None
    return bool((mobile and wanted.get("mobile") == mobile)
                or (day and wanted.get("joined") == day))


def _next_id(ids: list[str], rows: list[list[Any]], members: Table, branch: str) -> str:
    """The next free 党员编号: the branch's own numbering continued (M115 → M116), else the
    workbook's, else M0001."""
    mine = [ids[i] for i, r in enumerate(rows) if plain(members.get(r, "所属支部")) == branch]
    taken = set(ids)
    for pool in (mine, ids):
        pattern = _pattern(pool)
        if pattern:
            prefix, width, last = pattern
            number = last + 1
            while f"{prefix}{number:0{width}d}" in taken:
                number += 1
            return f"{prefix}{number:0{width}d}"
    number = 1
    while f"M{number:04d}" in taken:
        number += 1
    return f"M{number:04d}"


def _pattern(ids: list[str]) -> tuple[str, int, int] | None:
    """The most common (prefix, digits) form of the IDs, and the highest number in that form."""
    forms = [(m.group(1), len(m.group(2)), int(m.group(2)))
             for m in (re.fullmatch(r"(.*?)(\d+)", i) for i in ids if i) if m]
    if not forms:
        return None
    (prefix, width), _ = Counter((p, w) for p, w, _ in forms).most_common(1)[0]
    return prefix, width, max(n for p, w, n in forms if (p, w) == (prefix, width))


def _branch_pairs(branches: Table) -> list[tuple[str, str]]:
    return [(plain(branches.get(r, "支部编号")), plain(branches.get(r, "支部名称")))
            for r in branches.rows if plain(branches.get(r, "支部编号"))]


def _company_names(company: Table | None) -> list[str]:
    if company is None:
        return []
    wanted = {"单位名称", "党委名称"}
    return [plain(r[1]) for r in company.rows if len(r) > 1 and plain(r[0]) in wanted]
