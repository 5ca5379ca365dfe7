"""The roster: everything one year's paperwork is made from, as read from the master workbook.

Plain dataclasses with no knowledge of spreadsheets or .docx. Each record keeps the Excel row
it came from (``row``) so later checks can point the user at it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from .rules import (
    DEFAULT_CONTACT_CATEGORY,
    DEFAULT_CONTACT_LIMITS,
    DEFAULT_FREQUENCY,
    DEFAULT_LINES,
    DEFAULT_RECIPIENTS,
    DEFAULT_RETENTION,
    DEFAULT_SIGN_PAPER,
    DEFAULT_STATUS,
    RATERS,
    TRANSFERRED,
)


@dataclass
class Company:
    name: str
    committee: str
    year: int
    doc_number: str = ""
    doc_date: dt.date | None = None
    recipients: str = DEFAULT_RECIPIENTS
    copy_to: list[str] = field(default_factory=list)
    print_office: str = ""
    print_date: dt.date | None = None
    supervision_phone: str = ""
    retention: str = DEFAULT_RETENTION
    filing_date: dt.date | None = None  # 立卷日期 as set; see filing.py for the default
    sign_paper: str = DEFAULT_SIGN_PAPER

    @property
    def party_anniversary(self) -> int:
        return self.year - 1921


@dataclass
class Leader:
    name: str
    group_role: str
    title: str = ""
    row: int = 0


@dataclass
class Task:
    id: str
    name: str
    requirement: str = ""
    row: int = 0


@dataclass
class Branch:
    id: str
    name: str
    secretary_id: str = ""
    phone: str = ""
    archive_no: str = ""
    row: int = 0


@dataclass
class Team:
    id: str
    name: str
    branch_id: str
    staff_count: int | None = None
    row: int = 0


@dataclass
class Member:
    id: str
    name: str
    branch_id: str
    gender: str = ""
    team_id: str = ""
    post: str = ""
    party_role: str = ""
    joined: dt.date | None = None
    mobile: str = ""
    status: str = DEFAULT_STATUS
    photo: Path | None = None
    signature: Path | None = None
    row: int = 0

    @property
    def active(self) -> bool:
        return self.status != TRANSFERRED


@dataclass
class Zone:
    id: str
    name: str
    kind: str
    branch_id: str
    member_id: str
    parent_id: str = ""
    team_ids: list[str] = field(default_factory=list)
    scope: str = ""
    task_ids: list[str] = field(default_factory=list)
    phone: str = ""
    row: int = 0


@dataclass
class ZoneRole:
    zone_id: str
    name: str
    role: str
    member_id: str = ""
    phone: str = ""
    row: int = 0


@dataclass
class Contact:
    member_id: str
    name: str
    category: str = DEFAULT_CONTACT_CATEGORY
    team: str = ""
    phone: str = ""
    frequency: str = DEFAULT_FREQUENCY
    row: int = 0


@dataclass
class Pledge:
    member_id: str
    category: str
    content: str
    deadline: str = ""
    checks: tuple[str, str, str, str] = ("", "", "", "")
    row: int = 0


def _default_weights() -> dict[str, Decimal]:
    return {r.key: Decimal(r.default_weight) for r in RATERS}


@dataclass
class ScoringSettings:
    weights: dict[str, Decimal] = field(default_factory=_default_weights)
    excellent: Decimal = Decimal(DEFAULT_LINES["优秀线"])
    qualified: Decimal = Decimal(DEFAULT_LINES["合格线"])
    basic: Decimal = Decimal(DEFAULT_LINES["基本合格线"])
    contacts_min: int = DEFAULT_CONTACT_LIMITS["联系人下限"]
    contacts_max: int = DEFAULT_CONTACT_LIMITS["联系人上限"]


@dataclass
class Score:
    quarter: int
    member_id: str
    ratings: dict[str, Decimal | None]
    bonus: Decimal = Decimal(0)
    deduction: Decimal = Decimal(0)
    note: str = ""
    row: int = 0


@dataclass
class Roster:
    """One year's programme, validated; lookups by ID are dicts in workbook order.

    The groupings below (a branch's members, a member's contacts …) are made once, when the
    roster is made; a changed copy is made with `dataclasses.replace`, which makes them anew."""

    source: Path
    company: Company
    leaders: list[Leader]
    tasks: dict[str, Task]
    branches: dict[str, Branch]
    teams: dict[str, Team]
    members: dict[str, Member]
    zones: dict[str, Zone]
    roles: list[ZoneRole]
    contacts: list[Contact]
    pledges: list[Pledge]
    settings: ScoringSettings
    scores: list[Score]
    _members_by_branch: dict[str, list[Member]] = field(init=False, repr=False, compare=False)
    _contacts: dict[str, list[Contact]] = field(init=False, repr=False, compare=False)
    _pledges: dict[str, list[Pledge]] = field(init=False, repr=False, compare=False)
    _scores: dict[str, list[Score]] = field(init=False, repr=False, compare=False)
    _zones_by_member: dict[str, list[Zone]] = field(init=False, repr=False, compare=False)
    _zones_by_branch: dict[str, list[Zone]] = field(init=False, repr=False, compare=False)
    _zones_by_parent: dict[str, list[Zone]] = field(init=False, repr=False, compare=False)
    _roles: dict[str, list[ZoneRole]] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        self._members_by_branch = _group(self.members.values(), "branch_id")
        self._contacts = _group(self.contacts, "member_id")
        self._pledges = _group(self.pledges, "member_id")
        self._scores = _group(self.scores, "member_id")
        self._zones_by_member = _group(self.zones.values(), "member_id")
        self._zones_by_branch = _group(self.zones.values(), "branch_id")
        self._zones_by_parent = _group(self.zones.values(), "parent_id")
        self._roles = _group(self.roles, "zone_id")

    def active_members(self, branch_id: str | None = None) -> list[Member]:
        members = self.members.values() if branch_id is None else self.members_of(branch_id)
        return [m for m in members if m.active]

    def members_of(self, branch_id: str) -> list[Member]:
        return self._members_by_branch.get(branch_id, [])

    def contacts_of(self, member_id: str) -> list[Contact]:
        return self._contacts.get(member_id, [])

    def pledges_of(self, member_id: str) -> list[Pledge]:
        return self._pledges.get(member_id, [])

    def scores_of(self, member_id: str) -> list[Score]:
        return self._scores.get(member_id, [])

    def zones_of(self, member_id: str) -> list[Zone]:
        return self._zones_by_member.get(member_id, [])

    def roles_of(self, zone_id: str) -> list[ZoneRole]:
        return self._roles.get(zone_id, [])

    def zones_in(self, branch_id: str) -> list[Zone]:
        return self._zones_by_branch.get(branch_id, [])

    def children_of(self, zone_id: str) -> list[Zone]:
        return self._zones_by_parent.get(zone_id, [])


def _group(records: Iterable[Any], key: str) -> dict[str, list[Any]]:
    grouped: dict[str, list[Any]] = {}
    for record in records:
        grouped.setdefault(getattr(record, key), []).append(record)
    return grouped
