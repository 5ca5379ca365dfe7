"""What the documents are planned from: the roster, with what several kinds read worked out
once — the standings, the company and every member as documents show them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from ..model import Member, Roster
from ..scoring import Standings
from . import facts

T = TypeVar("T")


@dataclass(frozen=True)
class Source:
    roster: Roster
    standings: Standings
    company: dict[str, Any]
    people: dict[str, dict[str, Any]]  # member ID -> facts.member_facts (do not modify)
    _made: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def of(cls, roster: Roster) -> Source:
        return cls(roster, Standings.of(roster), facts.company(roster),
                   {m.id: facts.member_facts(roster, m) for m in roster.members.values()})

    def once(self, name: str, make: Callable[[], T]) -> T:
        """What `make` gives, made the first time it is asked for by `name` (do not modify)."""
        if name not in self._made:
            self._made[name] = make()
        made: T = self._made[name]
        return made

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
