"""Context pieces shared by several documents: the company, a member, a zone, as plain data."""

from __future__ import annotations

from typing import Any

from ..model import Member, Roster, Zone
from ..render import Image
from ..rules import DEFAULT_STATUS
from .formatting import cn_date, cn_list, cn_month, mask_mobile

OFFICE_TEAM = "机关"  # shown for a member in no team (office cadres)


def company(roster: Roster) -> dict[str, Any]:
    c = roster.company
    return {
        "name": c.name, "committee": c.committee, "year": c.year, "doc_number": c.doc_number,
        "doc_date": cn_date(c.doc_date), "recipients": c.recipients,
        "print_office": c.print_office, "print_date": cn_date(c.print_date),
        "supervision_phone": c.supervision_phone,
        "short_unit": "集团" if "集团" in c.name else "公司",
        "committee_short": ("集团" if "集团" in c.name else "公司") + "党委",
    }


def member_facts(roster: Roster, m: Member) -> dict[str, Any]:
    """The member as documents show them."""
    team = roster.teams.get(m.team_id)
    return {
        "id": m.id, "name": m.name, "gender": m.gender, "branch": roster.branches[m.branch_id].name,
        "team": team.name if team else OFFICE_TEAM, "post": m.post, "party_role": m.party_role or "党员",
        "status": m.status if m.status != DEFAULT_STATUS else "中共党员",
        "joined": cn_month(m.joined), "mobile": m.mobile, "mobile_masked": mask_mobile(m.mobile),
    }


def branch(roster: Roster, branch_id: str) -> dict[str, Any]:
    b = roster.branches[branch_id]
    secretary = roster.members.get(b.secretary_id)
    return {"id": b.id, "name": b.name, "secretary": secretary.name if secretary else "",
            "phone": b.phone, "archive_no": b.archive_no}


def zone(roster: Roster, z: Zone) -> dict[str, Any]:
    parent = roster.zones.get(z.parent_id)
    holder = roster.members.get(z.member_id)
    return {
        "id": z.id, "name": z.name, "kind": z.kind, "branch": roster.branches[z.branch_id].name,
        "parent": parent.name if parent else "", "scope": z.scope, "phone": z.phone,
        "holder": holder.name if holder else "",
        "teams": cn_list([roster.teams[t].name for t in z.team_ids if t in roster.teams]),
        "tasks": task_names(roster, z),
    }


def task_names(roster: Roster, z: Zone) -> str:
    return cn_list([roster.tasks[t].name for t in z.task_ids if t in roster.tasks])


def photo(m: Member, width_mm: float = 24) -> Image | str:
    return Image.of(m.photo, width_mm) if m.photo and m.photo.is_file() else ""


def zone_tree(roster: Roster, zones: list[Zone]) -> list[Zone]:
    """Zones with each parent before its children (depth first), keeping workbook order."""
    ids = {z.id for z in zones}
    ordered: list[Zone] = []
    # A stack, not a nested function calling itself: that would hold the roster in a cycle
    # only the garbage collector frees.
    stack = [z for z in reversed(zones) if z.parent_id not in ids]
    while stack:
        zone = stack.pop()
        ordered.append(zone)
        stack.extend(reversed([c for c in roster.children_of(zone.id) if c.id in ids]))
    return ordered
