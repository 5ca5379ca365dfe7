"""标志牌: one per zone, hung at the zone."""

from __future__ import annotations

from collections.abc import Iterable

from ..model import Zone
from ..rules import SIGN_ROLES_LIMIT, SIGN_SCOPE_LIMIT, SIGN_TEMPLATES, fit_sign_text, sign_roles
from . import facts
from .naming import branch_folder, item_file
from .output import DocKind, Output
from .source import Source


def plan(source: Source, branch_ids: Iterable[str]) -> list[Output]:
    return [_sign(source, z) for b in branch_ids for z in source.roster.zones_in(b)]


def _sign(source: Source, z: Zone) -> Output:
    roster = source.roster
    holder = roster.members.get(z.member_id)
    b = roster.branches[z.branch_id]
    context = {
        "year": source.year, "company": source.company, "zone": _fitted(facts.zone(roster, z)),
        "holder": {"name": holder.name, "post": holder.post} if holder else {"name": "", "post": ""},
        "tasks": facts.task_names(roster, z),
        # a number anyone can call: the zone's own, else the branch's; never a masked mobile
        "public_phone": z.phone or b.phone,
        "roles": fit_sign_text(sign_roles([(r.role, r.name, r.phone) for r in roster.roles_of(z.id)]),
                               SIGN_ROLES_LIMIT),
        "supervision_phone": roster.company.supervision_phone,
    }
    folder = branch_folder(source.year, b.id, b.name) / "标志牌"
    return Output(item_file(folder, z.id, z.name), DocKind.SIGN, context, f"{z.name}责任区标志牌",
                  SIGN_TEMPLATES[roster.company.sign_paper], subject=f"{z.id} {z.name}", branch_id=b.id)



def _fitted(zone: dict[str, object]) -> dict[str, object]:
    """The zone as the sign prints it: a 范围 past the limit cut with "…" (check warns of it)."""
    return {**zone, "scope": fit_sign_text(str(zone.get("scope") or ""), SIGN_SCOPE_LIMIT)}
