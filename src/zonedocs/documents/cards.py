"""公示卡 and 承诺书: one of each per active member."""

from __future__ import annotations

from collections.abc import Iterable

from ..model import Member, Roster
from ..workbook.sheets import PLEDGE_CATEGORIES
from . import facts
from .naming import branch_folder, item_file
from .output import Output

CARD, PLEDGE = "card", "pledge"


def plan_cards(roster: Roster, branch_ids: Iterable[str]) -> list[Output]:
    return [_card(roster, m) for b in branch_ids for m in roster.active_members(b)]


def plan_pledges(roster: Roster, branch_ids: Iterable[str]) -> list[Output]:
    return [_pledge(roster, m) for b in branch_ids for m in roster.active_members(b)]


def _folder(roster: Roster, m: Member, name: str):
    b = roster.branches[m.branch_id]
    return branch_folder(roster.company.year, b.id, b.name) / name


def _card(roster: Roster, m: Member) -> Output:
    zones = roster.zones_of(m.id)
    task_ids = [t for z in zones for t in z.task_ids]
    context = {
        "year": roster.company.year, "company": facts.company(roster),
        "branch": facts.branch(roster, m.branch_id), "member": facts.member(roster, m),
        "photo": facts.photo(m),
        "zones": [facts.zone(roster, z) for z in zones],
        "tasks": "、".join(dict.fromkeys(roster.tasks[t].name for t in task_ids if t in roster.tasks)),
        "contacts": [{"name": c.name, "category": c.category, "team": c.team,
                      "frequency": c.frequency} for c in roster.contacts_of(m.id)],
        "pledges": [{"category": p.category, "content": p.content}
                    for p in _ordered(roster.pledges_of(m.id))],
        "supervision_phone": roster.company.supervision_phone,
    }
    return Output(item_file(_folder(roster, m, "公示卡"), m.id, m.name), CARD, context,
                  f"{m.name}党员责任区公示卡", "公示卡.docx", subject=f"{m.id} {m.name}",
                  branch_id=m.branch_id)


def _pledge(roster: Roster, m: Member) -> Output:
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
        "year": roster.company.year, "branch": facts.branch(roster, m.branch_id),
        "member": facts.member_brief(roster, m),
        "zone_names": "、".join(z.name for z in roster.zones_of(m.id)) or "—",
        "rows": rows,
    }
    return Output(item_file(_folder(roster, m, "承诺书"), m.id, m.name), PLEDGE, context,
                  f"{m.name}党员承诺书", "承诺书.docx", subject=f"{m.id} {m.name}",
                  branch_id=m.branch_id)


def _ordered(pledges):
    """Pledges grouped by category in the usual 5+X order, X (临时任务) last."""
    rank = {c: i for i, c in enumerate(PLEDGE_CATEGORIES)}
    return sorted(pledges, key=lambda p: (p.category == "临时任务", rank.get(p.category, 50)))
