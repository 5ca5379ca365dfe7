"""公示卡 and 承诺书: one of each per active member."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import PurePosixPath

from ..model import Member, Pledge
from ..rules import PLEDGE_CATEGORIES, TEMPORARY_TASK
from . import facts
from .naming import branch_folder, item_file
from .output import DocKind, Output
from .source import Source


def plan_cards(source: Source, branch_ids: Iterable[str]) -> list[Output]:
    return [_card(source, m) for b in branch_ids for m in source.roster.active_members(b)]


def plan_pledges(source: Source, branch_ids: Iterable[str]) -> list[Output]:
    return [_pledge(source, m) for b in branch_ids for m in source.roster.active_members(b)]


def _folder(source: Source, m: Member, name: str) -> PurePosixPath:
    b = source.roster.branches[m.branch_id]
    return branch_folder(source.year, b.id, b.name) / name


def _card(source: Source, m: Member) -> Output:
    roster = source.roster
    zones = roster.zones_of(m.id)
    task_ids = [t for z in zones for t in z.task_ids]
    context = {
        "year": source.year, "company": source.company,
        "branch": facts.branch(roster, m.branch_id), "member": source.member(m),
        "photo": facts.photo(m),
        "zones": [facts.zone(roster, z) for z in zones],
        "tasks": "、".join(dict.fromkeys(roster.tasks[t].name for t in task_ids if t in roster.tasks)),
        "contacts": [{"name": c.name, "category": c.category, "team": c.team,
                      "frequency": c.frequency} for c in roster.contacts_of(m.id)],
        "pledges": [{"category": p.category, "content": p.content}
                    for p in _ordered(roster.pledges_of(m.id))],
        "supervision_phone": roster.company.supervision_phone,
    }
    return Output(item_file(_folder(source, m, "公示卡"), m.id, m.name), DocKind.CARD, context,
                  f"{m.name}党员责任区公示卡", "公示卡.docx", subject=f"{m.id} {m.name}",
                  branch_id=m.branch_id)


def _pledge(source: Source, m: Member) -> Output:
    roster = source.roster
    rows = []
    previous = None
    for p in _ordered(roster.pledges_of(m.id)):
        rows.append({"category": p.category if p.category != previous else "",
                     "content": p.content, "deadline": p.deadline,
                     "q1": p.checks[0], "q2": p.checks[1], "q3": p.checks[2], "q4": p.checks[3]})
        previous = p.category
    if not rows:
        rows = [{"category": c, "content": "", "deadline": "", "q1": "", "q2": "", "q3": "",
                 "q4": ""} for c in PLEDGE_CATEGORIES]
    context = {
        "year": source.year, "branch": facts.branch(roster, m.branch_id),
        "member": source.member_brief(m),
        "zone_names": "、".join(z.name for z in roster.zones_of(m.id)) or "—",
        "rows": rows,
    }
    return Output(item_file(_folder(source, m, "承诺书"), m.id, m.name), DocKind.PLEDGE, context,
                  f"{m.name}党员承诺书", "承诺书.docx", subject=f"{m.id} {m.name}",
                  branch_id=m.branch_id)


def _ordered(pledges: list[Pledge]) -> list[Pledge]:
    """Pledges grouped by category in the usual 5+X order, X (临时任务) last."""
    rank = {c: i for i, c in enumerate(PLEDGE_CATEGORIES)}
    return sorted(pledges, key=lambda p: (p.category == TEMPORARY_TASK, rank.get(p.category, 50)))
