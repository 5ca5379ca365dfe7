"""第N季度考核表 (per branch and scored quarter) and 年度考核表 (per branch)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from ..rules import RATERS, TRANSFERRED
from ..scoring import FLAGS, GRADES, MISSING, TALK, UNSCORED, AnnualLine, QuarterLine, mean
from . import facts
from .formatting import cn_number, total_text
from .naming import branch_folder
from .opinion import bands_text, weights_text
from .output import DocKind, Output
from .source import Source

DATE_LINE = "日期：______年____月____日"
_RATED = ("self", "peer", "staff", "org", "bonus", "deduction", "rank", "grade", "flag", "talk")


def plan_quarterly(source: Source, branch_ids: Iterable[str]) -> list[Output]:
    outputs = []
    for quarter in source.standings.quarters:
        for b in (source.roster.branches[i] for i in branch_ids):
            context = quarterly_context(source, b.id, quarter)
            if not context["rows"]:
                continue
            folder = branch_folder(source.year, b.id, b.name) / "季度考核"
            outputs.append(Output(folder / f"第{quarter}季度考核表.docx", DocKind.QUARTERLY, context,
                                  f"{b.name}党员责任区第{context['quarter_cn']}季度考核表",
                                  "季度考核表.docx",
                                  subject=f"{b.name} 第{quarter}季度", branch_id=b.id))
    return outputs


def plan_annual(source: Source, branch_ids: Iterable[str]) -> list[Output]:
    if not source.standings.quarters:
        return []
    outputs = []
    for b in (source.roster.branches[i] for i in branch_ids):
        context = annual_context(source, b.id)
        if not context["rows"]:
            continue
        folder = branch_folder(source.year, b.id, b.name)
        outputs.append(Output(folder / "年度考核表.docx", DocKind.ANNUAL, context,
                              f"{b.name}党员责任区{source.year}年度综合考核表{context['period']}",
                              "年度考核表.docx",
                              subject=f"{b.name} 年度", branch_id=b.id))
    return outputs


def _quarter_row(source: Source, no: int, line: QuarterLine) -> dict[str, Any]:
    row: dict[str, Any] = {"no": no, "name": line.member.name, "team": source.member(line.member)["team"]}
    score, standing = line.score, line.standing
    if score is None or standing.total is None or standing.band is None:
        row.update(dict.fromkeys(_RATED, ""))
        row.update({"total": UNSCORED, "note": score.note if score else "本季度无评分记录"})
        return row
    for rater in RATERS:
        value = score.ratings.get(rater.key)
        row[rater.field] = MISSING if value is None else total_text(value)
    notes = [score.note] if score.note else []
    missing = [r for r in RATERS if r.key in line.missing
               and r.key not in score.note and r.name not in score.note]  # not said twice
    if missing:
        notes.append("缺" + "、".join(r.name for r in missing))
    row.update({
        "bonus": total_text(score.bonus) if score.bonus else "",
        "deduction": total_text(score.deduction) if score.deduction else "",
        "total": total_text(standing.total), "rank": str(standing.rank),
        "grade": standing.band.grade, "flag": standing.band.flag,
        "talk": TALK if standing.band.needs_talk else "", "note": "；".join(notes),
    })
    return row


def quarterly_context(source: Source, branch_id: str, quarter: int) -> dict[str, Any]:
    lines = source.standings.quarter(branch_id, quarter)
    rows = [_quarter_row(source, no, line) for no, line in enumerate(lines, start=1)]
    bands = [line.standing.band for line in lines if line.score is not None
             and line.standing.band is not None]
    flags = Counter(b.flag for b in bands)
    totals = [line.standing.total for line in lines if line.score is not None
              and line.standing.total is not None]
    average = mean(totals)
    return {
        "year": source.year, "quarter": quarter, "quarter_cn": cn_number(quarter),
        "branch": facts.branch(source.roster, branch_id), "rows": rows,
        "weights_text": weights_text(source.roster), "bands_text": bands_text(source.roster),
        "counts": {
            "scored": len(totals), "unscored": len(rows) - len(totals),
            "flags": {f: flags[f] for f in FLAGS},
            "flags_text": "、".join(f"{f}{flags[f]}人" for f in FLAGS),
            "average": total_text(average) if average is not None else "—",
            "talks": sum(1 for b in bands if b.needs_talk),
        },
        "date_line": DATE_LINE,
    }


def _annual_row(source: Source, no: int, line: AnnualLine,
                quarters: tuple[int, ...]) -> dict[str, Any]:
    row: dict[str, Any] = {"no": no, "name": line.member.name, "team": source.member(line.member)["team"]}
    for q in range(1, 5):
        value: Decimal | None = line.quarters.get(q)
        row[f"q{q}"] = "—" if q not in quarters else total_text(value) if value is not None else UNSCORED
    standing = line.standing
    left = "" if line.member.active else TRANSFERRED
    if standing.total is None or standing.band is None:
        row.update({"result": UNSCORED, "grade": "", "rank": "", "recommend": "", "note": left})
        return row
    missing = [cn_number(q) for q, v in line.quarters.items() if v is None]
    notes = [left] if left else []
    if missing and not left:
        notes.append("第" + "、".join(missing) + "季度未考核")
    row.update({
        "result": total_text(standing.total), "grade": standing.band.grade,
        "rank": str(standing.rank) if standing.rank is not None else "",
        "recommend": "推荐优秀共产党员" if line.recommended else "", "note": "；".join(notes),
    })
    return row


def annual_context(source: Source, branch_id: str) -> dict[str, Any]:
    quarters = source.standings.quarters
    lines = source.standings.year(branch_id)
    rows = [_annual_row(source, no, line, quarters) for no, line in enumerate(lines, start=1)]
    grades = Counter(line.standing.band.grade for line in lines if line.standing.band is not None)
    complete = len(quarters) == 4
    return {
        "year": source.year, "branch": facts.branch(source.roster, branch_id), "rows": rows,
        "quarters": list(quarters), "complete": complete,
        "period": "" if complete else f"（截至第{cn_number(max(quarters))}季度）",
        "counts": {"grades": {g: grades[g] for g in GRADES},
                   "grades_text": "、".join(f"{g}{grades[g]}人" for g in GRADES),
                   "recommended": sum(1 for line in lines if line.recommended)},
        "date_line": DATE_LINE,
    }
