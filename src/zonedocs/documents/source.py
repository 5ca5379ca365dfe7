"""What the documents are planned from: the roster, with what several kinds read worked out
once — the standings, the company and every member as documents show them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..model import Member, Roster
from ..scoring import Standings
from . import facts


@dataclass(frozen=True)
class Source:
    roster: Roster
    standings: Standings
    company: dict[str, Any]
    people: dict[str, dict[str, Any]]  # member ID -> facts.member_facts (do not modify)

    @classmethod
    def of(cls, roster: Roster) -> Source:
        return cls(roster, Standings.of(roster), facts.company(roster),
                   {m.id: facts.member_facts(roster, m) for m in roster.members.values()})

    @property
    def year(self) -> int:
        return self.roster.company.year

    def member(self, m: Member) -> dict[str, Any]:
        """The member as documents show them."""
        return self.people[m.id]

    def member_brief(self, m: Member) -> dict[str, Any]:
        """The member as forms that do not show personal details name them."""
        full = self.people[m.id]
        return {k: full[k] for k in ("id", "name", "branch", "team", "post", "party_role")}
