"""Build the roster from the master workbook: typed records, IDs, references, settings.

`load(path)` always returns every problem it finds in one pass. Records whose own values are
wrong are still kept where possible, so one bad cell does not hide the problems after it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import astuple, fields
from decimal import Decimal
from operator import attrgetter
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from ..filenames import id_part, name_key
from ..model import (
    Branch,
    Company,
    Contact,
    Leader,
    Member,
    Pledge,
    Roster,
    Score,
    ScoringSettings,
    Task,
    Team,
    Zone,
    ZoneRole,
)
from ..pictures import SUPPORTED, placeable
from ..problems import Problem, Problems
from ..rules import DEFAULT_TASKS, PRINT_OFFICE_SUFFIX, QUARTER_NAMES, RATER_KEYS, RATERS
from . import sheets as S
from .convert import Record, key_value_records, table_records
from .reader import RawSheet, read_workbook
from .sheetcache import SheetCache
from .stray import MAX_COLUMNS, MAX_ROWS

REQUIRED_SHEETS = [s.name for s in S.ALL_SHEETS if not s.optional]
_NAMING_FILES = (S.BRANCHES, S.MEMBERS, S.ZONES)  # their IDs start the names of files and folders
if TYPE_CHECKING:
    from _typeshed import DataclassInstance
R = TypeVar("R", bound="DataclassInstance")  # a record class


def load(path: Path, cache: SheetCache | None = None) -> tuple[Roster, Problems]:
    """Read and check the workbook; the roster is complete only if there are no errors.
    `cache`: the sheets an earlier build read (sheetcache.py)."""
    path = Path(path)
    raw = read_workbook(path, cache)
    problems = Problems()
    for name in raw:
        if name not in S.BY_NAME:
            problems.warning("不认识的工作表，已忽略", name)
    for name, sheet in raw.items():
        if sheet.stray:
            more = f"等{len(sheet.stray)}处" if len(sheet.stray) > 1 else ""
            problems.warning(f"单元格 {sheet.stray[0]}{more}远在表格之外（超过第{MAX_ROWS}行或第"
                             f"{MAX_COLUMNS}列），已忽略；请在 Excel/WPS 中删除", name, None, None,
                             sheet.stray[0])
    for name in REQUIRED_SHEETS:
        if name not in raw:
            problems.error(f"缺少工作表「{name}」", name)
    builder = _Builder(raw, path.resolve().parent, problems, cache)
    roster = builder.build(path)
    if cache is not None:
        cache.prune(derived=True)
    return roster, problems


class _Builder:
    def __init__(self, raw: dict[str, RawSheet], base: Path, problems: Problems,
                 cache: SheetCache | None = None) -> None:
        self.raw = raw
        self.base = base
        self.problems = problems
        self.cache = cache

    def kept(self, sheet: S.Sheet, kind: type[R], depends: str, make: Callable[[], list[R]]
             ) -> list[R]:
        """The records of `kind` (a dataclass) `make` builds from the sheet, with the problems
        it finds; remembered, and read back while the sheet, the folder it reads pictures from
        and `depends` (the IDs it refers to) are unchanged (sheetcache.py). Each record is kept
        as the tuple of its fields and made again with `kind(*fields)`: faster to read back
        than pickled objects, and no class of ours is named in the file."""
        raw = self.raw.get(sheet.name)
        if self.cache is None or raw is None or not raw.content:
            return make()
        depends = repr((str(self.base), kind.__name__, depends))
        found = self.cache.derived(raw.content, depends)
        if isinstance(found, tuple) and len(found) == 2:
            rows, problems = found
            self.problems.items += [Problem(*p) for p in problems]
            return [kind(*row) for row in rows]
        start = len(self.problems.items)
        made = make()
        values = attrgetter(*(f.name for f in fields(kind)))
        self.cache.keep(raw.content, depends,
                        ([values(r) for r in made], [astuple(p) for p in self.problems.items[start:]]))
        return made

    # --- reading -------------------------------------------------------------------------
    def records(self, sheet: S.Sheet) -> list[tuple[int, Record]]:
        raw = self.raw.get(sheet.name)
        return [] if raw is None else list(table_records(sheet, raw, self.base, self.problems))

    def unique(self, sheet: S.Sheet, header: str, rows: Iterable[tuple[int, Record]],
               make: Callable[..., Any]) -> dict[str, Any]:
        """Records by ID, each made as `make(row=…, **the record's fields)`; a repeated ID
        is an error, and a record missing a required value is left out (already reported)."""
        result: dict[str, Any] = {}
        seen: dict[str, int] = {}
        files: dict[str, tuple[int, str]] = {}  # IDs that name files, as file systems compare them
        names_files = any(sheet is s for s in _NAMING_FILES)
        for row, record in rows:
            key = record.get(header)
            if not key:
                continue
            if key in seen:
                self.problems.error(f"编号重复（第{seen[key]}行已使用），编号在本表内不能重复",
                                    sheet.name, row, header, key)
                continue
            seen[key] = row
            if names_files:
                other = files.setdefault(name_key(key), (row, key))
                if other[0] != row:
                    self.problems.error(
                        f"与第{other[0]}行的编号“{other[1]}”只差大小写或文件名不能用的字符，"
                        f"两者的文书文件名会相同（{id_part(key)}），请改用能区分的编号",
                        sheet.name, row, header, key)
                    continue
            if not sheet.has_required(record):
                continue  # a required value was bad; already reported
            result[key] = make(row=row, **sheet.fields(record))
        return result

    def refer(self, known: dict[str, Any] | set[str], what: str, sheet: S.Sheet, row: int,
              header: str, value: object) -> bool:
        if not value or value in known:
            return True
        self.problems.error(f"找不到这个{what}编号，请先在「{what}」表中登记",
                            sheet.name, row, header, value)
        return False

    # --- building ------------------------------------------------------------------------
    def build(self, path: Path) -> Roster:
        company = self.company()
        settings = self.settings()
        leaders = [Leader(row=row, **S.LEADERS.fields(r))
                   for row, r in self.records(S.LEADERS) if "姓名" in r and "小组职务" in r]
        tasks = self.tasks()
        branches = self.unique(S.BRANCHES, "支部编号", self.records(S.BRANCHES), Branch)
        team_rows = self.records(S.TEAMS)
        teams = self.unique(S.TEAMS, "班组编号", team_rows, Team)
        for row, r in team_rows:
            self.refer(branches, "支部", S.TEAMS, row, "所属支部", r.get("所属支部"))
        members = self.members(branches, teams)
        for branch in branches.values():
            self.refer(members, "党员", S.BRANCHES, branch.row, "支部书记", branch.secretary_id)
        ids = _ids(members)  # what they refer to
        zone_ids = _ids(branches, teams, members, tasks)
        zones = {z.id: z for z in self.kept(S.ZONES, Zone, zone_ids, lambda: list(
            self.zones(branches, teams, members, tasks).values()))}
        roles = self.roles(zones, members)
        contacts = self.kept(S.CONTACTS, Contact, ids, lambda: self.contacts(members))
        pledges = self.kept(S.PLEDGES, Pledge, ids, lambda: self.pledges(members))
        scores = self.kept(S.SCORES, Score, ids, lambda: self.scores(members))
        return Roster(path, company, leaders, tasks, branches, teams, members, zones, roles,
                      contacts, pledges, settings, scores)

    def company(self) -> Company:
        raw = self.raw.get(S.COMPANY.name)
        values = {} if raw is None else key_value_records(S.COMPANY, raw, self.base, self.problems)
        v = {key: value for key, (_, value) in values.items()}
        year = v.get("年度", 0)
        fields = S.COMPANY.fields(v)
        fields.setdefault("name", "")
        fields.setdefault("committee", "")
        fields["year"] = year
        fields.setdefault("print_office", fields["committee"] + PRINT_OFFICE_SUFFIX)
        fields.setdefault("print_date", fields.get("doc_date"))
        company = Company(**fields)
        if company.doc_number and year and f"〔{year}〕" not in company.doc_number:
            self.problems.warning(f"发文字号中的年份与「年度」{year} 不一致", S.COMPANY.name,
                                  values["发文字号"][0], "内容（发文字号）", company.doc_number)
        if raw is not None and not company.doc_date:
            self.problems.warning("未填成文日期：实施意见的落款日期将空缺，生成实施意见前请补上",
                                  S.COMPANY.name, None, "成文日期")
        return company

    def settings(self) -> ScoringSettings:
        raw = self.raw.get(S.SETTINGS.name)
        values = {} if raw is None else key_value_records(S.SETTINGS, raw, self.base, self.problems)
        v = {key: value for key, (_, value) in values.items()}

        def get(key: str) -> Any:
            return v.get(key, S.SETTINGS_DEFAULTS[key])

        settings = ScoringSettings(
            weights={r.key: Decimal(get(r.weight_setting)) for r in RATERS},
            excellent=Decimal(get("优秀线")), qualified=Decimal(get("合格线")),
            basic=Decimal(get("基本合格线")),
            contacts_min=int(get("联系人下限")), contacts_max=int(get("联系人上限")),
        )
        total = sum(settings.weights.values())
        if total != 100:
            shown = " + ".join(f"{r}{w}" for r, w in settings.weights.items())
            self.problems.error(f"四项权重之和为 {total}，应为 100（{shown}）",
                                S.SETTINGS.name, None, "内容（权重）", total)
        if not settings.excellent > settings.qualified > settings.basic:
            self.problems.error("分数线应满足 优秀线 > 合格线 > 基本合格线", S.SETTINGS.name,
                                None, "内容（分数线）",
                                f"{settings.excellent}/{settings.qualified}/{settings.basic}")
        if settings.contacts_min > settings.contacts_max:
            self.problems.error("联系人下限不能大于上限", S.SETTINGS.name, None, "内容（联系人）",
                                f"{settings.contacts_min}>{settings.contacts_max}")
        return settings

    def tasks(self) -> dict[str, Task]:
        if S.TASKS.name not in self.raw:
            return {tid: Task(tid, name, req) for tid, name, req in DEFAULT_TASKS}
        return self.unique(S.TASKS, "任务编号", self.records(S.TASKS), Task)

    def members(self, branches: dict[str, Any], teams: dict[str, Any]) -> dict[str, Member]:
        rows = self.records(S.MEMBERS)
        for row, r in rows:
            self.refer(branches, "支部", S.MEMBERS, row, "所属支部", r.get("所属支部"))
            self.refer(teams, "班组", S.MEMBERS, row, "所在班组", r.get("所在班组"))
            for header in ("照片", "签名"):
                image = r.get(header)
                if image is None:
                    continue
                shown = str(image.relative_to(self.base)) if image.is_relative_to(self.base) else str(image)
                if not _inside(image, self.base):
                    self.problems.warning("图片须放在主台账所在文件夹之内（写相对路径，如 照片/M101.jpg），"
                                          "将不放图片", S.MEMBERS.name, row, header, shown)
                    r.pop(header)
                elif not image.is_file():
                    self.problems.warning("找不到这个图片文件（路径相对于主台账所在文件夹），将不放图片",
                                          S.MEMBERS.name, row, header, shown)
                    r.pop(header)
                elif not placeable(image):
                    self.problems.warning(f"不是可以放进文书的图片（支持 {SUPPORTED}），将不放图片；"
                                          "请用画图等软件另存为 JPEG 或 PNG", S.MEMBERS.name, row, header,
                                          shown)
                    r.pop(header)
        return self.unique(S.MEMBERS, "党员编号", rows, Member)

    def zones(self, branches: dict[str, Any], teams: dict[str, Any], members: dict[str, Any],
              tasks: dict[str, Any]) -> dict[str, Zone]:
        sheet = S.ZONES
        rows = self.records(sheet)
        every_task = list(tasks)
        zones = self.unique(sheet, "责任区编号", rows, lambda row, **fields: Zone(
            row=row, **{**fields, "task_ids": fields.get("task_ids") or every_task}))
        for row, r in rows:
            self.refer(branches, "支部", sheet, row, "所属支部", r.get("所属支部"))
            self.refer(members, "党员", sheet, row, "责任党员", r.get("责任党员"))
            self.refer(zones, "责任区", sheet, row, "上级责任区", r.get("上级责任区"))
            for team in r.get("覆盖班组", []):
                self.refer(teams, "班组", sheet, row, "覆盖班组", team)
            for task in r.get("任务", []):
                self.refer(tasks, "任务", sheet, row, "任务", task)
        for zone in zones.values():
            seen = {zone.id}
            parent = zones.get(zone.parent_id)
            while parent is not None:
                if parent.id in seen:
                    self.problems.error("上级责任区形成了循环（A的上级是B，B的上级又是A），请改正",
                                        sheet.name, zone.row, "上级责任区", zone.parent_id)
                    zone.parent_id = ""
                    break
                seen.add(parent.id)
                parent = zones.get(parent.parent_id)
        return zones

    def roles(self, zones: dict[str, Any], members: dict[str, Any]) -> list[ZoneRole]:
        result = []
        for row, r in self.records(S.ROLES):
            ok = self.refer(zones, "责任区", S.ROLES, row, "责任区编号", r.get("责任区编号"))
            self.refer(members, "党员", S.ROLES, row, "党员编号", r.get("党员编号"))
            if ok and S.ROLES.has_required(r):
                result.append(ZoneRole(row=row, **S.ROLES.fields(r)))
        return result

    def contacts(self, members: dict[str, Any]) -> list[Contact]:
        result = []
        for row, r in self.records(S.CONTACTS):
            ok = self.refer(members, "党员", S.CONTACTS, row, "党员编号", r.get("党员编号"))
            if ok and S.CONTACTS.has_required(r):
                result.append(Contact(row=row, **S.CONTACTS.fields(r)))
        return result

    def pledges(self, members: dict[str, Any]) -> list[Pledge]:
        result = []
        for row, r in self.records(S.PLEDGES):
            ok = self.refer(members, "党员", S.PLEDGES, row, "党员编号", r.get("党员编号"))
            if ok and S.PLEDGES.has_required(r):
                checks = (r.get(QUARTER_NAMES[0], ""), r.get(QUARTER_NAMES[1], ""),
                          r.get(QUARTER_NAMES[2], ""), r.get(QUARTER_NAMES[3], ""))
                result.append(Pledge(row=row, checks=checks, **S.PLEDGES.fields(r)))
        return result

    def scores(self, members: dict[str, Any]) -> list[Score]:
        result = []
        seen: dict[tuple[int, str], int] = {}
        for row, r in self.records(S.SCORES):
            ok = self.refer(members, "党员", S.SCORES, row, "党员编号", r.get("党员编号"))
            if not ok or "季度" not in r or "党员编号" not in r:
                continue
            key = (r["季度"], r["党员编号"])
            if key in seen:
                self.problems.error(f"同一党员同一季度重复评分（第{seen[key]}行已有）",
                                    S.SCORES.name, row, "党员编号", r["党员编号"])
                continue
            seen[key] = row
            result.append(Score(row=row, ratings={k: r.get(k) for k in RATER_KEYS},
                                **S.SCORES.fields(r)))
        return result


def _ids(*tables: dict[str, Any]) -> str:
    """A digest of the IDs of each table, in order: what a sheet's references are checked
    against (and the 任务 a zone has when it names none)."""
    return hashlib.sha256(repr([list(t) for t in tables]).encode()).hexdigest()


def _inside(path: Path, folder: Path) -> bool:
    """Whether `path`, links followed, is within `folder` (no absolute path, no `..` out)."""
    try:
        return path.resolve().is_relative_to(folder.resolve())
    except (OSError, RuntimeError):  # a link loop
        return False
