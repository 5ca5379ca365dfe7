"""`zonedocs split`: one workbook per branch, to send to its secretary and merge back later.

Each holds the branch's rows of every branch sheet (scopes.py), the company's sheets for
reference (protected against accidental edits), and in a very hidden sheet where it came from
and its rows as written — the base `merge` compares with.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..filenames import named
from ..problems import UsageError
from ..workbook import sheets as S
from .book import Table, need_columns, open_book, plain, save_new, tables
from .origin import write_note
from .scopes import BRANCH_SCOPES, COMPANY_SHEETS, Owners, Scope, by_branch

FORMAT = 1


@dataclass(frozen=True)
class BranchFile:
    branch: str
    name: str
    path: Path
    rows: dict[str, int]  # sheet → rows written


def split(workbook: Path, folder: Path, now: dt.datetime | None = None) -> list[BranchFile]:
    book = open_book(workbook)
    sheets = tables(book)
    branches = need_columns(sheets, S.BRANCHES, workbook)
    scoped = _scoped_tables(sheets, workbook)
    owners = Owners.of(sheets)
    pairs = _branches(branches)
    targets = {bid: Path(folder) / f"{named(bid, name)}.xlsx" for bid, name in pairs}
    present = [p for p in targets.values() if p.exists()]
    if present:
        raise UsageError(f"{folder} 中已有支部工作簿（如 {present[0].name}，共{len(present)}个），可能是上次"
                         "拆分后各支部填写过的文件：为免覆盖，请换一个空文件夹，或先移走这些文件。")
    for name in (S.MERGES_SHEET, S.ORIGIN_SHEET):
        if name in book.sheetnames:
            del book[name]
    for contract in COMPANY_SHEETS:
        if contract.name in book.sheetnames:
            book[contract.name].protection.sheet = True  # reference only: merge ignores them
    groups = {scope.name: by_branch(scope, table, owners) for scope, table in scoped}
    stamp = (now or dt.datetime.now()).isoformat(timespec="seconds")
    written = []
    for bid, name in pairs:
        base: dict[str, Any] = {}
        counts = {}
        for scope, table in scoped:
            mine = groups[scope.name].get(bid, [])
            table.write(mine, trim=True)
            base[scope.name] = {"headers": table.headers,
                                "rows": [[plain(v) for v in row] for row in mine]}
            counts[scope.name] = len(mine)
        write_note(book, S.ORIGIN_SHEET, {
            "format": FORMAT, "branch": bid, "branch_name": name, "master": Path(workbook).name,
            "split_id": uuid.uuid4().hex, "split_at": stamp, "base": base,
        })
        save_new(book, targets[bid])
        written.append(BranchFile(bid, name, targets[bid], counts))
    return written


def _scoped_tables(sheets: dict[str, Table], workbook: Path) -> list[tuple[Scope, Table]]:
    found = []
    for scope in BRANCH_SCOPES:
        if scope.name not in sheets and scope.sheet.optional:
            continue
        table = need_columns(sheets, scope.sheet, workbook)
        found.append((scope, table))
    return found


def _branches(branches: Table) -> list[tuple[str, str]]:
    pairs: list[tuple[str, str]] = []
    seen = set()
    for number, row in enumerate(branches.rows, start=2):
        bid = plain(branches.get(row, "支部编号"))
        if not bid:
            continue
        if bid in seen:
            raise UsageError(f"支部 第{number}行「支部编号」: \"{bid}\" 重复："
                             "请先运行 zonedocs check 改正后再拆分。")
        seen.add(bid)
        pairs.append((bid, plain(branches.get(row, "支部名称"))))
    if not pairs:
        raise UsageError("「支部」表中没有支部，无法拆分。")
    return pairs
