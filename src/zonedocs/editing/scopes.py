"""Which rows of each sheet belong to a branch, and what identifies a row: the rules `split`
writes branch workbooks by and `merge` takes them back by.

Sheets with an ID (支部, 班组, 党员, 责任区) and 季度评分 (季度 + 党员编号) are merged cell by cell;
a member's contacts and pledges and a zone's roles are merged as one group of rows, since such a
row has no ID of its own. 单位, 领导小组, 任务 and 考核设置 are the company's: a branch workbook
carries them for reference and merge leaves them alone.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Literal

from ..workbook import sheets as S
from ..workbook.cells import CellError, quarter
from .book import Table, plain

Via = Literal["branch", "member", "zone"]


@dataclass(frozen=True)
class Scope:
    sheet: S.Sheet
    via: Via  # how a row is tied to a branch
    link: str  # the column holding the branch, member or zone ID
    key: tuple[str, ...] = ()  # columns identifying one row (cell-by-cell merge)
    owner: str = ""  # column naming the group a row belongs to (group merge)

    @property
    def name(self) -> str:
        return self.sheet.name

    @property
    def headers(self) -> list[str]:
        return [c.header for c in self.sheet.columns]

    def row_key(self, table: Table, row: list[Any]) -> tuple[str, ...]:
        return self.values_key({h: table.get(row, h) for h in (self.owner, *self.key) if h})

    def values_key(self, values: Mapping[str, object]) -> tuple[str, ...]:
        if self.owner:
            return (plain(values.get(self.owner)),)
        return tuple(_key_part(h, values.get(h)) for h in self.key)


BRANCH_SCOPES: tuple[Scope, ...] = (
    Scope(S.BRANCHES, "branch", "支部编号", key=("支部编号",)),
    Scope(S.TEAMS, "branch", "所属支部", key=("班组编号",)),
    Scope(S.MEMBERS, "branch", "所属支部", key=("党员编号",)),
    Scope(S.ZONES, "branch", "所属支部", key=("责任区编号",)),
    Scope(S.ROLES, "zone", "责任区编号", owner="责任区编号"),
    Scope(S.CONTACTS, "member", "党员编号", owner="党员编号"),
    Scope(S.PLEDGES, "member", "党员编号", owner="党员编号"),
    Scope(S.SCORES, "member", "党员编号", key=("季度", "党员编号")),
)
COMPANY_SHEETS: tuple[S.Sheet, ...] = (S.COMPANY, S.LEADERS, S.TASKS, S.SETTINGS)


@dataclass(frozen=True)
class Owners:
    """The IDs of every member and zone, and the branch each is in."""

    members: dict[str, str]
    zones: dict[str, str]

    @classmethod
    def of(cls, sheets: dict[str, Table]) -> Owners:
        return cls(_branch_of(sheets.get(S.MEMBERS.name), "党员编号"),
                   _branch_of(sheets.get(S.ZONES.name), "责任区编号"))

    def branch(self, scope: Scope, table: Table, row: list[Any]) -> str:
        """The branch the row is in ("" when it names no known member or zone)."""
        value = plain(table.get(row, scope.link))
        if scope.via == "branch":
            return value
        return (self.members if scope.via == "member" else self.zones).get(value, "")

    def merged(self, other: Owners) -> Owners:
        return Owners({**self.members, **other.members}, {**self.zones, **other.zones})


def by_branch(scope: Scope, table: Table, owners: Owners) -> dict[str, list[list[Any]]]:
    """The table's rows grouped by the branch each is in, in their order."""
    groups: dict[str, list[list[Any]]] = {}
    for row in table.rows:
        groups.setdefault(owners.branch(scope, table, row), []).append(row)
    return groups


def values(scope: Scope, table: Table, row: list[Any], headers: Iterable[str]) -> tuple[str, ...]:
    return tuple(plain(table.get(row, h)) for h in headers)


def _branch_of(table: Table | None, id_header: str) -> dict[str, str]:
    if table is None:
        return {}
    return {plain(table.get(r, id_header)): plain(table.get(r, "所属支部")) for r in table.rows
            if plain(table.get(r, id_header))}


def _key_part(header: str, value: object) -> str:
    if header == "季度" and plain(value):
        try:
            return str(quarter(value))
        except CellError:
            pass
    return plain(value)
