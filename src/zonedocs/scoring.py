"""Assessment arithmetic (SCHEMA.md, scoring rules): totals, bands, ranks, annual results.

All arithmetic is in `decimal`, rounded half-up to one decimal; the band (grade, flag, talk)
is read from the rounded total. `Standings.of(roster)` gives every member's standing in
every scored quarter and the year, each branch worked out once when first read; the tables
and the summary workbook read it.
Nothing here knows about documents.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from enum import IntEnum

from .model import Member, Roster, Score, ScoringSettings
from .rules import RATER_KEYS
from .strokes import NameKey, stroke_key

ONE_PLACE = Decimal("0.1")
ZERO, HUNDRED = Decimal(0), Decimal(100)
GRADES = ("优秀", "合格", "基本合格", "不合格")
FLAGS = ("红旗", "黄旗", "蓝旗", "灰旗")
TALK = "需谈话"
MISSING = "缺项"
UNSCORED = "未考核"


class Band(IntEnum):
    """Where a rounded total falls: its grade, its flag, and whether the branch talks with
    the member (黄旗 and below)."""

    EXCELLENT = 0
    QUALIFIED = 1
    BASIC = 2
    FAILED = 3

    @property
    def grade(self) -> str:
        return GRADES[self]

    @property
    def flag(self) -> str:
        return FLAGS[self]

    @property
    def needs_talk(self) -> bool:
        return self >= Band.QUALIFIED


def round1(value: Decimal) -> Decimal:
    return value.quantize(ONE_PLACE, rounding=ROUND_HALF_UP)


def total(score: Score, settings: ScoringSettings) -> Decimal | None:
    """Weighted mean over the raters present, plus bonus, minus deduction, clamped, rounded.

    None when no rater scored at all."""
    present = [(settings.weights[r], rating) for r in RATER_KEYS
               if (rating := score.ratings.get(r)) is not None]
    weight = sum((w for w, _ in present), ZERO)
    if not present or weight == 0:
        return None
    weighted = sum((w * s for w, s in present), ZERO) / weight
    raw = weighted + score.bonus - score.deduction
    return round1(min(max(raw, ZERO), HUNDRED))


def band(value: Decimal, settings: ScoringSettings) -> Band:
    """The band of an already rounded value."""
    if value >= settings.excellent:
        return Band.EXCELLENT
    if value >= settings.qualified:
        return Band.QUALIFIED
    if value >= settings.basic:
        return Band.BASIC
    return Band.FAILED


def competition_ranks(values: Sequence[Decimal | None]) -> list[int | None]:
    """Ranks by value, descending; equal values share a rank (1, 2, 2, 4); None is unranked."""
    ordered = sorted((v for v in values if v is not None), reverse=True)
    first: dict[Decimal, int] = {}
    for position, value in enumerate(ordered, start=1):
        first.setdefault(value, position)
    return [None if v is None else first[v] for v in values]


def mean(values: Iterable[Decimal | None]) -> Decimal | None:
    present = [v for v in values if v is not None]
    if not present:
        return None
    return round1(sum(present, ZERO) / len(present))


@dataclass(frozen=True)
class Standing:
    """A rounded total with its rank in the branch and its band (all None: not assessed)."""

    total: Decimal | None
    rank: int | None
    band: Band | None


@dataclass(frozen=True)
class QuarterLine:
    """One member's line in a quarterly table."""

    member: Member
    score: Score | None
    standing: Standing

    @property
    def missing(self) -> list[str]:
        """The raters who gave no score."""
        if self.score is None:
            return []
        return [r for r in RATER_KEYS if self.score.ratings.get(r) is None]


@dataclass(frozen=True)
class AnnualLine:
    """One member's line in the annual table: each scored quarter's printed total (None:
    not assessed that quarter) and the year's standing."""

    member: Member
    quarters: dict[int, Decimal | None]
    standing: Standing

    @property
    def recommended(self) -> bool:
        """优秀 in a year whose four quarters were all assessed, and still a member here."""
        return (self.standing.band is Band.EXCELLENT and self.standing.rank is not None
                and len(self.quarters) == 4)


class Standings:
    """Every branch's quarterly and annual lines, ranked; unranked members last, by strokes.

    A branch's lines are worked out when first asked for (ranks are within the branch), so a
    build that plans one branch ranks that branch alone."""

    def __init__(self, roster: Roster, scores: dict[int, dict[str, Score]]) -> None:
        self.roster = roster
        self.quarters: tuple[int, ...] = tuple(sorted(scores))
        self._scores = scores
        self._by_quarter: dict[tuple[str, int], list[QuarterLine]] = {}
        self._by_year: dict[str, list[AnnualLine]] = {}

    @classmethod
    def of(cls, roster: Roster) -> Standings:
        scores: dict[int, dict[str, Score]] = {}
        for score in roster.scores:
            scores.setdefault(score.quarter, {})[score.member_id] = score
        return cls(roster, scores)

    def quarter(self, branch_id: str, quarter: int) -> list[QuarterLine]:
        if quarter not in self._scores or branch_id not in self.roster.branches:
            return []
        lines = self._by_quarter.get((branch_id, quarter))
        if lines is None:
            lines = _quarter_lines(self.roster, branch_id, self._scores[quarter])
            self._by_quarter[(branch_id, quarter)] = lines
        return lines

    def year(self, branch_id: str) -> list[AnnualLine]:
        if branch_id not in self.roster.branches:
            return []
        lines = self._by_year.get(branch_id)
        if lines is None:
            lines = _annual_lines(self.roster, branch_id, self.quarters, self.quarter)
            self._by_year[branch_id] = lines
        return lines


def _standings(totals: list[Decimal | None], settings: ScoringSettings) -> list[Standing]:
    return [Standing(t, rank, band(t, settings) if t is not None else None)
            for t, rank in zip(totals, competition_ranks(totals), strict=True)]


def _unranked(totals: dict[int, Decimal | None], roster: Roster) -> Standing:
    result = mean(totals.values())
    return Standing(result, None, band(result, roster.settings) if result is not None else None)


def _order(member: Member, standing: Standing) -> tuple[bool, int, NameKey]:
    return standing.rank is None, standing.rank or 0, stroke_key(member.name)


def _quarter_lines(roster: Roster, branch_id: str, scores: dict[str, Score]) -> list[QuarterLine]:
    members = [m for m in roster.members_of(branch_id) if m.active or m.id in scores]
    totals = [total(scores[m.id], roster.settings) if m.id in scores else None for m in members]
    lines = [QuarterLine(m, scores.get(m.id), s)
             for m, s in zip(members, _standings(totals, roster.settings), strict=True)]
    return sorted(lines, key=lambda line: _order(line.member, line.standing))


def _annual_lines(roster: Roster, branch_id: str, quarters: tuple[int, ...],
                  lines_of: Callable[[str, int], list[QuarterLine]]) -> list[AnnualLine]:
    per_quarter = {q: {line.member.id: line.standing.total for line in lines_of(branch_id, q)}
                   for q in quarters}
    members = {line.member.id: line.member for q in quarters for line in lines_of(branch_id, q)}
    for member in roster.active_members(branch_id):
        members.setdefault(member.id, member)
    totals = {m: {q: per_quarter[q].get(m) for q in quarters} for m in members}
    # A member who has left is shown with the quarters they were assessed in, but not ranked.
    results = [mean(totals[m].values()) if members[m].active else None for m in members]
    lines = [AnnualLine(members[m], totals[m], s if members[m].active else _unranked(totals[m], roster))
             for m, s in zip(members, _standings(results, roster.settings), strict=True)]
    return sorted(lines, key=lambda line: _order(line.member, line.standing))
