"""`zonedocs merge`: take back what each branch changed in its workbook from `split`.

Three versions of every row are compared: as the branch workbook was written (its base), as it
is now, and as the master is now. A cell the branch changed is taken when the master still
holds the base value; when both changed it differently it is a conflict and the master's value
stays. A member's contacts and pledges and a zone's roles are compared as one group. A branch
workbook holding another branch's rows or a changed ID is refused whole.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..problems import UsageError
from ..workbook import sheets as S
from .book import Table, need_columns, open_book, plain, save_in_place, tables
from .origin import read_note, write_note
from .scopes import BRANCH_SCOPES, Owners, Scope

Values = dict[str, str]  # header → the cell as the user reads it


@dataclass(frozen=True)
class Refusal:
    sheet: str
    row: int | None
    message: str


@dataclass(frozen=True)
class Edit:
    sheet: str
    subject: str  # the row's ID, or the group's owner
    action: str  # 修改 / 新增 / 删除
    column: str = ""
    old: str = ""
    new: str = ""


@dataclass(frozen=True)
class Conflict:
    sheet: str
    subject: str
    column: str
    master: str
    branch: str


@dataclass
class FileResult:
    path: Path
    branch: str = ""
    refused: list[Refusal] = field(default_factory=list)
    edits: list[Edit] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)


@dataclass
class MergeReport:
    files: list[FileResult]
    backup: Path | None = None
    written: bool = False

    @property
    def exit_code(self) -> int:
        return 1 if any(f.refused or f.conflicts for f in self.files) else 0

    def as_json(self) -> dict[str, Any]:
        return {"written": self.written, "backup": str(self.backup) if self.backup else None,
                "files": [{
                    "file": str(f.path), "branch": f.branch,
                    "refused": [vars(r) for r in f.refused],
                    "edits": [vars(e) for e in f.edits],
                    "conflicts": [vars(c) for c in f.conflicts],
                } for f in self.files]}


def branch_files(given: Iterable[Path]) -> list[Path]:
    """The files named, a folder standing for the .xlsx files in it; the lock files Excel and
    WPS leave beside an open workbook (~$name.xlsx) are not workbooks and are passed over."""
    found: list[Path] = []
    for path in given:
        if path.is_dir():
            found += sorted(p for p in path.glob("*.xlsx") if not p.name.startswith("~$"))
        elif not path.name.startswith("~$"):
            found.append(path)
    if not found:
        raise UsageError("没有找到要合并的支部工作簿（.xlsx）。")
    return found


def merge(workbook: Path, files: list[Path], dry_run: bool = False) -> MergeReport:
    master = open_book(workbook)
    sheets = tables(master)
    need_columns(sheets, S.BRANCHES, workbook)
    merged: dict[str, Any] = read_note(master, S.MERGES_SHEET) or {}
    results = []
    for path in files:
        result = FileResult(Path(path))
        results.append(result)
        try:
            snapshot = _merge_file(Path(path), workbook, sheets, merged, result)
        except UsageError as exc:
            result.refused.append(Refusal("", None, str(exc)))
            continue
        if snapshot is not None:
            merged[snapshot[0]] = snapshot[1]
    report = MergeReport(results)
    if any(r.edits for r in results) and not dry_run:
        for scope in BRANCH_SCOPES:
            if scope.name in sheets:
                sheets[scope.name].write(sheets[scope.name].rows)
        write_note(master, S.MERGES_SHEET, merged)
        report.backup = save_in_place(master, workbook)
        report.written = True
    return report


def _merge_file(path: Path, workbook: Path, sheets: dict[str, Table], merged: dict[str, Any],
                result: FileResult) -> tuple[str, Any] | None:
    """Merge one branch workbook into the master's tables; returns (split ID, its rows now) to
    remember, or None when it was refused."""
    if path.resolve() == Path(workbook).resolve():
        raise UsageError("这是主台账本身，不是支部工作簿。")
    book = open_book(path)
    origin = read_note(book, S.ORIGIN_SHEET)
    if not origin or not isinstance(origin.get("base"), dict) or not origin.get("branch"):
        raise UsageError(f"{path.name} 不是 zonedocs split 拆分出的支部工作簿（或其中的拆分信息已损坏），"
                         "无法判断它来自哪个支部。")
    branch = str(origin["branch"])
    result.branch = branch
    theirs = tables(book)
    mine = Owners.of(sheets)
    branches = sheets[S.BRANCHES.name]
    if branch not in {plain(branches.get(r, "支部编号")) for r in branches.rows}:
        raise UsageError(f"主台账中已没有支部 {branch}，无法合并 {path.name}。")
    split_id = str(origin.get("split_id", ""))
    base_doc = merged.get(split_id) or origin["base"]
    owners = Owners.of(theirs).merged(mine)  # the master says where a known member is
    scoped = [(s, sheets[s.name], theirs.get(s.name), _base(base_doc, s)) for s in BRANCH_SCOPES
              if s.name in sheets]
    for scope, _, table, _ in scoped:
        if table is None:
            if scope.name in base_doc:
                result.refused.append(Refusal(scope.name, None, "支部工作簿中缺少这张工作表"))
            continue
        _validate(scope, table, sheets[scope.name], owners, mine, branch, base_doc, result)
    if result.refused:
        return None
    for scope, master_table, table, base in scoped:
        if table is None:
            continue
        if scope.owner:
            _merge_groups(scope, master_table, table, base, owners, branch, result)
        else:
            _merge_rows(scope, master_table, table, base, result)
    now = {s.name: {"headers": t.headers, "rows": [[plain(v) for v in r] for r in t.rows]}
           for s, _, t, _ in scoped if t is not None}
    return split_id, now


def _base(doc: dict[str, Any], scope: Scope) -> list[Values]:
    part = doc.get(scope.name) or {}
    headers = [str(h) for h in part.get("headers", [])]
    return [{h: str(v) for h, v in zip(headers, row, strict=False)} for row in part.get("rows", [])]


def _validate(scope: Scope, table: Table, master: Table, owners: Owners, mine: Owners, branch: str,
              base_doc: dict[str, Any], result: FileResult) -> None:
    needed = [scope.link, *scope.key, *([scope.owner] if scope.owner else [])]
    missing = sorted({h for h in needed if h not in table.headers})
    if missing:
        result.refused.append(Refusal(scope.name, 1, "第1行缺少列：" + "、".join(missing)))
        return
    base_keys = {scope.values_key(v) for v in _base(base_doc, scope)}
    master_branch = {scope.row_key(master, r): mine.branch(scope, master, r) for r in master.rows}
    seen: Counter[tuple[str, ...]] = Counter()
    for number, row in enumerate(table.rows, start=2):
        if not any(plain(v) for v in row):
            continue
        where = owners.branch(scope, table, row)
        if where and where != branch:
            result.refused.append(Refusal(scope.name, number,
                                          f"这一行属于支部 {where}，不是本支部 {branch} 的"))
            continue
        if scope.owner:
            continue
        key = scope.row_key(table, row)
        seen[key] += 1
        if seen[key] == 2:
            result.refused.append(Refusal(scope.name, number, f"{_show(key)} 重复出现"))
        elsewhere = master_branch.get(key)
        if key not in base_keys and elsewhere and elsewhere != branch:
            result.refused.append(Refusal(scope.name, number,
                                          f"编号 {_show(key)} 在主台账中属于支部 {elsewhere}"))
    if len(scope.key) == 1:
        _renamed(scope, table, base_doc, result)


def _renamed(scope: Scope, table: Table, base_doc: dict[str, Any], result: FileResult) -> None:
    """Refuse a row whose ID was changed: a base row gone and a new row equal to it but the ID."""
    base = {scope.values_key(v): v for v in _base(base_doc, scope)}
    rows = {scope.row_key(table, r): (n, r) for n, r in enumerate(table.rows, start=2)}
    others = [h for h in scope.headers if h not in scope.key and h in table.headers]
    gone = {tuple(v.get(h, "") for h in others): k for k, v in base.items() if k not in rows}
    for key, (number, row) in rows.items():
        if key in base or not key[0]:
            continue
        old = gone.get(tuple(plain(table.get(row, h)) for h in others))
        if old is not None:
            result.refused.append(Refusal(scope.name, number,
                                          f"编号由 {_show(old)} 改成了 {_show(key)}："
                                          "编号不能在支部工作簿中修改"))


def _merge_rows(scope: Scope, master: Table, table: Table, base_rows: list[Values],
                result: FileResult) -> None:
    columns = [h for h in scope.headers if h in table.headers and h in master.headers]
    base = {scope.values_key(v): v for v in base_rows}
    theirs = {scope.row_key(table, r): r for r in table.rows if any(plain(v) for v in r)}
    rows = master.rows
    index = {scope.row_key(master, r): i for i, r in enumerate(rows)}
    removed: set[int] = set()
    for key, row in theirs.items():
        was, at = base.get(key), index.get(key)
        subject = _show(key)
        if at is None:
            if was is None:
                rows.append(_copy_row(master, table, row, columns))
                result.edits.append(Edit(scope.name, subject, "新增"))
            elif any(plain(table.get(row, h)) != was.get(h, "") for h in columns):
                result.conflicts.append(Conflict(scope.name, subject, "", "（主台账中已删除）", "（已修改）"))
            continue
        if was is None:  # added in the branch workbook and in the master alike
            for h in columns:
                if plain(table.get(row, h)) != plain(master.get(rows[at], h)):
                    result.conflicts.append(Conflict(scope.name, subject, h, plain(master.get(rows[at], h)),
                                                     plain(table.get(row, h))))
            continue
        for h in columns:
            new, old = table.get(row, h), master.get(rows[at], h)
            base_value = was.get(h, "")
            if plain(new) == base_value or plain(new) == plain(old):
                continue
            if plain(old) == base_value:
                master.put(rows[at], h, new)
                result.edits.append(Edit(scope.name, subject, "修改", h, plain(old), plain(new)))
            else:
                result.conflicts.append(Conflict(scope.name, subject, h, plain(old), plain(new)))
    for key, was in base.items():
        at = index.get(key)
        if key in theirs or at is None:
            continue
        if all(plain(master.get(rows[at], h)) == was.get(h, "") for h in columns):
            removed.add(at)
            result.edits.append(Edit(scope.name, _show(key), "删除"))
        else:
            result.conflicts.append(Conflict(scope.name, _show(key), "", "（主台账中已修改）", "（已删除）"))
    master.rows = [r for i, r in enumerate(rows) if i not in removed]


def _merge_groups(scope: Scope, master: Table, table: Table, base_rows: list[Values],
                  owners: Owners, branch: str, result: FileResult) -> None:
    columns = [h for h in scope.headers if h in table.headers and h in master.headers]
    base: dict[str, list[tuple[str, ...]]] = {}
    for v in base_rows:
        base.setdefault(v.get(scope.owner, ""), []).append(tuple(v.get(h, "") for h in columns))
    theirs: dict[str, list[list[Any]]] = {}
    for row in table.rows:
        if any(plain(v) for v in row):
            theirs.setdefault(plain(table.get(row, scope.owner)), []).append(row)
    ours: dict[str, list[int]] = {}
    for i, row in enumerate(master.rows):
        ours.setdefault(plain(master.get(row, scope.owner)), []).append(i)
    replace: dict[str, list[list[Any]]] = {}
    for owner in sorted(set(base) | set(theirs)):
        was = sorted(base.get(owner, []))
        new = sorted(_values(table, r, columns) for r in theirs.get(owner, []))
        now = sorted(_values(master, master.rows[i], columns) for i in ours.get(owner, []))
        if new in (was, now):
            continue
        if now != was:
            result.conflicts.append(Conflict(scope.name, owner, "", _lines(now), _lines(new)))
            continue
        replace[owner] = [_copy_row(master, table, r, columns) for r in theirs.get(owner, [])]
        shown = [i for i, h in enumerate(columns) if h != scope.owner]
        for gone in _minus(now, new):
            result.edits.append(Edit(scope.name, owner, "删除", "", _line(gone, shown)))
        for added in _minus(new, now):
            result.edits.append(Edit(scope.name, owner, "新增", "", "", _line(added, shown)))
    rows: list[list[Any]] = []
    placed: set[str] = set()
    for row in master.rows:
        owner = plain(master.get(row, scope.owner))
        if owner not in replace:
            rows.append(row)
        elif owner not in placed:
            rows.extend(replace[owner])
            placed.add(owner)
    for owner, new_rows in replace.items():
        if owner not in placed:
            rows.extend(new_rows)
    master.rows = rows


def _copy_row(master: Table, table: Table, row: list[Any], columns: list[str]) -> list[Any]:
    new = master.blank_row()
    for h in columns:
        master.put(new, h, table.get(row, h))
    return new


def _values(table: Table, row: list[Any], columns: list[str]) -> tuple[str, ...]:
    return tuple(plain(table.get(row, h)) for h in columns)


def _minus(a: list[tuple[str, ...]], b: list[tuple[str, ...]]) -> list[tuple[str, ...]]:
    return list((Counter(a) - Counter(b)).elements())


def _line(row: tuple[str, ...], shown: list[int]) -> str:
    return " ".join(row[i] for i in shown if row[i])


def _lines(rows: list[tuple[str, ...]]) -> str:
    return "；".join(" ".join(v for v in row if v) for row in rows) or "（无）"


def _show(key: tuple[str, ...]) -> str:
    return " ".join(k for k in key if k)
