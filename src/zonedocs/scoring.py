"""Assessment arithmetic (SCHEMA.md, scoring rules): totals, grades, flags, ranks, annual results.

All arithmetic is in `decimal`, rounded half-up to one decimal; grade and flag are read from
the rounded total. Nothing here knows about documents.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from .model import RATERS, Member, Roster, Score, ScoringSettings
from .strokes import stroke_key

ONE_PLACE = Decimal("0.1")
ZERO, HUNDRED = Decimal(0), Decimal(100)
GRADES = ("优秀", "合格", "基本合格", "不合格")
FLAGS = ("红旗", "黄旗", "蓝旗", "灰旗")
MISSING = "缺项"
UNSCORED = "未考核"


def round1(value: Decimal) -> Decimal:
    return value.quantize(ONE_PLACE, rounding=ROUND_HALF_UP)


def total(score: Score, settings: ScoringSettings) -> Decimal | None:
    """Weighted mean over the raters present, plus bonus, minus deduction, clamped, rounded.

    None when no rater scored at all."""
    present = [(settings.weights[r], score.ratings[r]) for r in RATERS
               if score.ratings.get(r) is not None]
    weight = sum((w for w, _ in present), ZERO)
    if not present or weight == 0:
        return None
    weighted = sum((w * s for w, s in present), ZERO) / weight  # type: ignore[operator]
    raw = weighted + score.bonus - score.deduction
    return round1(min(max(raw, ZERO), HUNDRED))


def band(value: Decimal, settings: ScoringSettings) -> int:
    """0 优秀/红旗, 1 合格/黄旗, 2 基本合格/蓝旗, 3 不合格/灰旗 — of an already rounded value."""
    if value >= settings.excellent:
        return 0
    if value >= settings.qualified:
        return 1
    if value >= settings.basic:
        return 2
    return 3


def competition_ranks(values: Sequence[Decimal | None]) -> list[int | None]:
    """Ranks by value, descending; equal values share a rank (1, 2, 2, 4); None is unranked."""
    ordered = sorted((v for v in values if v is not None), reverse=True)
    first = {}
    for position, value in enumerate(ordered, start=1):
        first.setdefault(value, position)
    return [None if v is None else first[v] for v in values]


@dataclass
class Result:
    """One member's line in a quarterly table."""

    member: Member
    score: Score | None
    total: Decimal | None
    rank: int | None = None

    @property
    def missing(self) -> list[str]:
        if self.score is None:
            return []
        return [r for r in RATERS if self.score.ratings.get(r) is None]


def quarter_results(roster: Roster, branch_id: str, quarter: int) -> list[Result]:
    """Members of a branch for one quarter, ranked; unscored members last, by strokes."""
    cache = roster.__dict__.setdefault("_quarter_results", {})
    if (branch_id, quarter) not in cache:
        cache[(branch_id, quarter)] = _quarter_results(roster, branch_id, quarter)
    return cache[(branch_id, quarter)]


def _scores_by_quarter(roster: Roster) -> dict[int, dict[str, Score]]:
    index = roster.__dict__.get("_scores_by_quarter")
    if index is None:
        index = {}
        for score in roster.scores:
            index.setdefault(score.quarter, {})[score.member_id] = score
        roster.__dict__["_scores_by_quarter"] = index
    return index


def _quarter_results(roster: Roster, branch_id: str, quarter: int) -> list[Result]:
    scores = _scores_by_quarter(roster).get(quarter, {})
    members = [m for m in roster.members_of(branch_id) if m.active or m.id in scores]
    results = [Result(m, scores.get(m.id), None) for m in members]
    for result in results:
        if result.score is not None:
            result.total = total(result.score, roster.settings)
    for result, rank in zip(results, competition_ranks([r.total for r in results]), strict=True):
        result.rank = rank
    return sorted(results, key=_rank_order)


def _rank_order(result: Result) -> tuple:
    unranked = result.rank is None
    return (unranked, result.rank or 0, stroke_key(result.member.name))


def scored_quarters(roster: Roster) -> list[int]:
    return sorted(_scores_by_quarter(roster))


@dataclass
class AnnualResult:
    member: Member
    quarters: dict[int, Decimal | None]
    result: Decimal | None
    rank: int | None = None

    def recommended(self, settings: ScoringSettings) -> bool:
        return self.result is not None and band(self.result, settings) == 0


def annual_results(roster: Roster, branch_id: str) -> list[AnnualResult]:
    """Each member's quarter totals and the mean of those printed (rounded) totals."""
    cache = roster.__dict__.setdefault("_annual_results", {})
    if branch_id not in cache:
        cache[branch_id] = _annual_results(roster, branch_id)
    return cache[branch_id]


def _annual_results(roster: Roster, branch_id: str) -> list[AnnualResult]:
    quarters = scored_quarters(roster)
    per_quarter = {q: {r.member.id: r.total for r in quarter_results(roster, branch_id, q)}
                   for q in quarters}
    members = {r.member.id: r.member for q in quarters
               for r in quarter_results(roster, branch_id, q)}
    for member in roster.active_members(branch_id):
        members.setdefault(member.id, member)
    results = []
    for member in members.values():
        totals = {q: per_quarter[q].get(member.id) for q in quarters}
        results.append(AnnualResult(member, totals, mean(totals.values())))
    for result, rank in zip(results, competition_ranks([r.result for r in results]), strict=True):
        result.rank = rank
    return sorted(results, key=lambda r: (r.rank is None, r.rank or 0, stroke_key(r.member.name)))


def mean(values: Iterable[Decimal | None]) -> Decimal | None:
    present = [v for v in values if v is not None]
    if not present:
        return None
    return round1(sum(present, ZERO) / len(present))
