"""The commands that change workbooks, on a 10,000-member master with 100 branches.

Each is compared, in the same run, with the least any openpyxl-based edit can cost: loading the
same workbook and saving it unchanged (what a clerk's script would do to touch one cell).
Usage: uv run python benchmarks/workbook_edits.py [MEMBERS]
"""

from __future__ import annotations

import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import openpyxl
from common import synthetic_workbook

from zonedocs.editing.annotate import annotate
from zonedocs.editing.importing import import_members
from zonedocs.editing.merge import merge
from zonedocs.editing.newyear import new_year
from zonedocs.editing.split import split
from zonedocs.workbook import check


def timed(label: str, floor: float, action: Callable[[], object]) -> None:
    start = time.perf_counter()
    action()
    seconds = time.perf_counter() - start
    print(f"{label:<44} {seconds:6.1f} s   ({seconds / floor:.1f}× an openpyxl load and save)")


def export_of(master: Path, target: Path) -> Path:
    """The master's members as the national system lists them, one phone in 100 changed."""
    roster, _ = check(master)
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["党员信息"])
    sheet.append(["序号", "姓名", "性别", "公民身份号码", "人员类别", "所在党支部", "手机号码", "入党日期",
                  "工作岗位", "党籍状态"])
    for number, m in enumerate(roster.members.values(), start=1):
        branch = roster.branches[m.branch_id].name
        sheet.append([number, m.name, m.gender, "—", m.status, f"中共{roster.company.name}{branch}",
                      m.mobile if number % 100 else "13900000000", m.joined, m.post,
                      "正常" if m.active else "停止党籍"])
    book.save(target)
    return target


def main() -> None:
    members = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    source = synthetic_workbook(members)
    work = Path(tempfile.mkdtemp(prefix="zonedocs-edits-"))
    master = work / "主台账.xlsx"
    shutil.copy(source, master)
    start = time.perf_counter()
    openpyxl.load_workbook(master).save(work / "floor.xlsx")
    floor = time.perf_counter() - start
    print(f"workbook: {members} members, {master.stat().st_size / 2**20:.1f} MiB")
    print(f"{'openpyxl load and save, nothing changed':<44} {floor:6.1f} s")
    export = export_of(master, work / "导出.xlsx")
    timed("import (every member matched, 1% changed)", floor,
          lambda: import_members(export, master))
    timed("split into one workbook per branch", floor, lambda: split(master, work / "支部"))
    first = sorted((work / "支部").glob("*.xlsx"))[0]
    book = openpyxl.load_workbook(first)
    book["党员"]["F2"] = "新岗位"
    book.save(first)
    timed("merge one branch workbook back", floor, lambda: merge(master, [first]))
    _, problems = check(master)
    timed("check --annotate", floor, lambda: annotate(master, problems, work / "标注.xlsx"))
    timed("new-year", floor, lambda: new_year(master, 2027, work / "新年度.xlsx"))
    shutil.rmtree(work)


if __name__ == "__main__":
    main()
