"""标志牌: one per zone, hung at the zone."""

from __future__ import annotations

from collections.abc import Iterable

from ..model import Roster, Zone
from . import facts
from .naming import branch_folder, item_file
from .output import Output

KIND = "sign"


def plan(roster: Roster, branch_ids: Iterable[str]) -> list[Output]:
    return [_sign(roster, z) for b in branch_ids for z in roster.zones_in(b)]


def _sign(roster: Roster, z: Zone) -> Output:
    holder = roster.members.get(z.member_id)
    b = roster.branches[z.branch_id]
    context = {
        "year": roster.company.year, "company": facts.company(roster), "zone": facts.zone(roster, z),
        "holder": facts.member(roster, holder) if holder else {"name": "", "post": "",
                                                               "mobile_masked": ""},
        "tasks": facts.task_names(roster, z),
        "roles": [{"role": r.role, "name": r.name, "phone": r.phone} for r in roster.roles_of(z.id)],
        "supervision_phone": roster.company.supervision_phone,
    }
    folder = branch_folder(roster.company.year, b.id, b.name) / "标志牌"
    return Output(item_file(folder, z.id, z.name), KIND, context, f"{z.name}责任区标志牌",
                  "标志牌.docx", subject=f"{z.id} {z.name}", branch_id=b.id)
