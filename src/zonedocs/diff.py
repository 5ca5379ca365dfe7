"""What changed between two master workbooks, and which documents each change touches.

Documents touched are found the way a build finds them: by planning both rosters and
comparing the keys of their outputs, so `diff` and `build` never disagree.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from . import documents
from .build.keys import Keys
from .model import Member, Roster
from .templates import TemplateSet
from .workbook import load_valid
from .workbook import sheets as S

# The fields a change is told of, by their column in the workbook contract.
MEMBER_FIELDS = {c.field: c.header for c in S.MEMBERS.columns if c.field not in ("", "id", "branch_id")}
ZONE_FIELDS = {c.field: c.header for c in S.ZONES.columns if c.field not in ("", "id", "member_id")}


@dataclass
class Change:
    kind: str
    subject: str
    text: str
    documents: list[str] = field(default_factory=list)
    related: list[str] = field(default_factory=list)  # other subjects whose documents it touches


@dataclass
class DiffReport:
    changes: list[Change]
    documents: dict[str, str]  # path -> 新增 / 更新 / 移除

    def as_json(self) -> dict[str, object]:
        """What `zonedocs diff --json` prints, and what the web page's API returns."""
        return {
            "changes": [{"kind": c.kind, "subject": c.subject, "text": c.text,
                         "documents": c.documents} for c in self.changes],
            "documents": [{"path": p, "change": s} for p, s in sorted(self.documents.items())],
        }


def diff(old_path: Path, new_path: Path, templates: Path | None = None) -> DiffReport:
    old, _ = load_valid(old_path)
    new, _ = load_valid(new_path)
    changes = _member_changes(old, new) + _zone_changes(old, new) + _other_changes(old, new)
    touched = _touched_documents(old, new, TemplateSet(templates))
    status = {path: state for path, (state, _) in touched.items()}
    for change in changes:
        if change.kind.startswith("member"):
            change.related = [z.id for z in new.zones_of(change.subject)]
        subjects_of_change = {change.subject, *change.related}
        change.documents = sorted(p for p, (_, subject) in touched.items()
                                  if subject.split(" ")[0] in subjects_of_change)
    return DiffReport(changes, status)


def _member_changes(old: Roster, new: Roster) -> list[Change]:
    changes = []
    for member_id, m in new.members.items():
        before = old.members.get(member_id)
        branch = new.branches[m.branch_id].name
        if before is None:
            changes.append(Change("member_added", member_id, f"新增党员 {member_id} {m.name}（{branch}）"))
            continue
        if before.branch_id != m.branch_id:
            was = old.branches[before.branch_id].name
            changes.append(Change("member_transferred", member_id,
                                  f"调动 {member_id} {m.name}：{was} → {branch}"))
        if before.active and not m.active:
            changes.append(Change("member_left", member_id, f"转出 {member_id} {m.name}"))
        skip = frozenset({"status"}) if not m.active else frozenset()
        altered = _fields(before, m, MEMBER_FIELDS, skip)
        if altered:
            changes.append(Change("member_changed", member_id,
                                  f"党员 {member_id} {m.name}：" + "；".join(altered)))
    for member_id, m in old.members.items():
        if member_id not in new.members:
            changes.append(Change("member_removed", member_id, f"删除党员 {member_id} {m.name}"))
    return changes


def _zone_changes(old: Roster, new: Roster) -> list[Change]:
    changes = []
    for zone_id, z in new.zones.items():
        before = old.zones.get(zone_id)
        if before is None:
            changes.append(Change("zone_added", zone_id, f"新增责任区 {zone_id} {z.name}"))
            continue
        if before.member_id != z.member_id:
            changes.append(Change("zone_reassigned", zone_id,
                                  f"责任区 {zone_id} {z.name} 改由 {_name(new, z.member_id)} 负责"
                                  f"（原为 {_name(old, before.member_id)}）",
                                  related=[before.member_id, z.member_id]))
        altered = _fields(before, z, ZONE_FIELDS)
        if altered:
            changes.append(Change("zone_changed", zone_id,
                                  f"责任区 {zone_id} {z.name}：" + "；".join(altered)))
    for zone_id, z in old.zones.items():
        if zone_id not in new.zones:
            changes.append(Change("zone_removed", zone_id, f"删除责任区 {zone_id} {z.name}"))
    return changes


def _other_changes(old: Roster, new: Roster) -> list[Change]:
    changes = []
    for label, getter in (("重点联系人", Roster.contacts_of), ("承诺", Roster.pledges_of)):
        for member_id, m in new.members.items():
            if member_id not in old.members:
                continue
            before = [_plain(x) for x in getter(old, member_id)]
            after = [_plain(x) for x in getter(new, member_id)]
            if before != after:
                counts = f"{len(before)} → {len(after)} 条"
                changes.append(Change(f"{label}_changed", member_id,
                                      f"党员 {member_id} {m.name}：{label}有变化（{counts}）"))
    old_scores = {(s.quarter, s.member_id): _plain(s) for s in old.scores}
    new_scores = {(s.quarter, s.member_id): _plain(s) for s in new.scores}
    quarters = sorted({q for (q, m) in old_scores.keys() ^ new_scores.keys()} |
                      {q for k, v in new_scores.items() if old_scores.get(k, v) != v for q in [k[0]]})
    for quarter in quarters:
        changes.append(Change("scores_changed", f"Q{quarter}", f"第{quarter}季度评分有变化"))
    if _plain(old.company) != _plain(new.company) or _plain(old.settings) != _plain(new.settings):
        changes.append(Change("company_changed", "单位", "单位信息或考核设置有变化"))
    return changes


def _fields(before: object, after: object, labels: dict[str, str],
            skip: frozenset[str] = frozenset()) -> list[str]:
    altered = []
    for name, label in labels.items():
        if name in skip:
            continue
        a, b = getattr(before, name), getattr(after, name)
        if a != b:
            altered.append(f"{label} {_show(a)} → {_show(b)}")
    return altered


def _show(value: object) -> str:
    if isinstance(value, list):
        return "、".join(value) or "（空）"
    if value in (None, ""):
        return "（空）"
    return str(value)


def _plain(record: Any) -> tuple[Any, ...]:
    return tuple(getattr(record, f.name) for f in fields(record) if f.name != "row" and f.init)


def _name(roster: Roster, member_id: str) -> str:
    member: Member | None = roster.members.get(member_id)
    return f"{member_id} {member.name}" if member else member_id


def _touched_documents(old: Roster, new: Roster, templates: TemplateSet) -> dict[str, tuple[str, str]]:
    before_keys, after_keys = Keys(templates), Keys(templates)  # each remembers keys by path
    before = {str(o.path): (before_keys.of(o), o.subject)
              for o in documents.plan(documents.Source.of(old))}
    after = {str(o.path): (after_keys.of(o), o.subject)
             for o in documents.plan(documents.Source.of(new))}
    touched: dict[str, tuple[str, str]] = {}
    for path, (key, subject) in after.items():
        if path not in before:
            touched[path] = ("新增", subject)
        elif before[path][0] != key:
            touched[path] = ("更新", subject)
    for path, (_, subject) in before.items():
        if path not in after:
            touched[path] = ("移除", subject)
    return touched

