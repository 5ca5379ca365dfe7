"""The roster: everything one year's paperwork is made from, as read from the master workbook.

Plain dataclasses with no knowledge of spreadsheets or .docx. Each record keeps the Excel row
it came from (``row``) so later checks can point the user at it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

ACTIVE_STATUSES = ("正式党员", "预备党员")
TRANSFERRED = "转出"
ZONE_KINDS = ("片区", "班组", "岗位", "区域")
RATERS = ("自评", "互评", "群众评议", "组织考评")

DEFAULT_TASKS = (
    ("T1", "宣传教育", "向联系群众宣讲党的路线方针政策和企业决策，及时了解并反映职工的想法和诉求。"),
    ("T2", "生产服务", "在本岗位带头完成生产经营和服务任务，及时发现并纠正责任区内的违章和隐患。"),
    ("T3", "文明建设", "带头遵守规章制度和社会公德，带动身边职工参与文明单位创建。"),
    ("T4", "廉政建设", "严守廉洁从业规定，发挥示范和监督作用，确保责任区内不发生违纪违法问题。"),
    ("T5", "培养联系", "联系和帮助入党积极分子，做好培养考察，把优秀职工吸引到党组织周围。"),
    ("T6", "其他交办", "完成党支部和党委临时交办的其他工作。"),
)


@dataclass
class Company:
    name: str
    committee: str
    year: int
    doc_number: str = ""
    doc_date: dt.date | None = None
    recipients: str = "各基层党支部"
    copy_to: list[str] = field(default_factory=list)
    print_office: str = ""
    print_date: dt.date | None = None
    supervision_phone: str = ""

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
    status: str = "正式党员"
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
    category: str = "群众"
    team: str = ""
    phone: str = ""
    frequency: str = "每月"
    row: int = 0


@dataclass
class Pledge:
    member_id: str
    category: str
    content: str
    deadline: str = ""
    checks: tuple[str, str, str, str] = ("", "", "", "")
    row: int = 0


@dataclass
class ScoringSettings:
    weights: dict[str, Decimal] = field(default_factory=lambda: {
        "自评": Decimal(10), "互评": Decimal(20), "群众评议": Decimal(30), "组织考评": Decimal(40),
    })
    excellent: Decimal = Decimal(90)
    qualified: Decimal = Decimal(80)
    basic: Decimal = Decimal(70)
    contacts_min: int = 2
    contacts_max: int = 3


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
    """One year's programme, validated; lookups by ID are dicts in workbook order."""

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

    def active_members(self, branch_id: str | None = None) -> list[Member]:
        members = self.members.values() if branch_id is None else self.members_of(branch_id)
        return [m for m in members if m.active]

    def members_of(self, branch_id: str) -> list[Member]:
        return self._index("members", "branch_id").get(branch_id, [])

    def contacts_of(self, member_id: str) -> list[Contact]:
        return self._index("contacts", "member_id").get(member_id, [])

    def pledges_of(self, member_id: str) -> list[Pledge]:
        return self._index("pledges", "member_id").get(member_id, [])

    def scores_of(self, member_id: str) -> list[Score]:
        return self._index("scores", "member_id").get(member_id, [])

    def zones_of(self, member_id: str) -> list[Zone]:
        return self._index("zones", "member_id").get(member_id, [])

    def roles_of(self, zone_id: str) -> list[ZoneRole]:
        return self._index("roles", "zone_id").get(zone_id, [])

    def zones_in(self, branch_id: str) -> list[Zone]:
        return self._index("zones", "branch_id").get(branch_id, [])

    def children_of(self, zone_id: str) -> list[Zone]:
        return self._index("zones", "parent_id").get(zone_id, [])

    def _index(self, collection: str, key: str) -> dict[str, list]:
        cache = self.__dict__.setdefault("_indexes", {})
        if (collection, key) not in cache:
            records = getattr(self, collection)
            if isinstance(records, dict):
                records = records.values()
            grouped: dict[str, list] = {}
            for record in records:
                grouped.setdefault(getattr(record, key), []).append(record)
            cache[(collection, key)] = grouped
        return cache[(collection, key)]
