"""联系群众台账: one per branch, every member's key contacts."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ..model import Contact
from ..strokes import stroke_key
from . import facts
from .naming import branch_folder
from .output import DocKind, Output
from .source import Source


def plan(source: Source, branch_ids: Iterable[str]) -> list[Output]:
    return [_ledger(source, b) for b in branch_ids]


def _ledger(source: Source, branch_id: str) -> Output:
    roster = source.roster
    members = sorted(roster.active_members(branch_id), key=lambda m: stroke_key(m.name))
    rows: list[dict[str, Any]] = []
    for m in members:
        team = source.member(m)["team"]
        contacts: list[Contact | None] = [*roster.contacts_of(m.id)] or [None]
        for index, c in enumerate(contacts):
            rows.append({
                "no": len(rows) + 1, "member": m.name if index == 0 else "",
                "member_team": team if index == 0 else "",
                "name": c.name if c else "（未确定）", "category": c.category if c else "",
                "team": c.team if c else "", "phone": c.phone if c else "",
                "frequency": c.frequency if c else ""})
    b = roster.branches[branch_id]
    context = {"year": source.year, "branch": facts.branch(roster, branch_id), "rows": rows,
               "member_count": len(members),
               "contact_count": sum(len(roster.contacts_of(m.id)) for m in members)}
    return Output(branch_folder(source.year, b.id, b.name) / "联系群众台账.docx", DocKind.LEDGER,
                  context, f"{b.name}联系群众台账", "联系群众台账.docx", subject=b.name,
                  branch_id=b.id)
