"""第N季度考核表 (per branch and scored quarter) and 年度考核表 (per branch)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from ..model import RATERS, Roster
from ..scoring import (
    FLAGS,
    GRADES,
    MISSING,
    UNSCORED,
    annual_results,
    band,
    mean,
    quarter_results,
    scored_quarters,
)
from . import facts
from .formatting import cn_number, score_text, total_text
from .naming import branch_folder
from .opinion import RATER_NAMES, bands_text
from .output import Output

QUARTERLY, ANNUAL = "quarterly", "annual"
DATE_LINE = "日期：______年____月____日"
KEYS = {"自评": "self", "互评": "peer", "群众评议": "staff", "组织考评": "org"}


def plan_quarterly(roster: Roster, branch_ids: Iterable[str]) -> list[Output]:
    outputs = []
    for quarter in scored_quarters(roster):
        for b in (roster.branches[i] for i in branch_ids):
            context = quarterly_context(roster, b.id, quarter)
            if not context["rows"]:
                continue
            folder = branch_folder(roster.company.year, b.id, b.name) / "季度考核"
            outputs.append(Output(folder / f"第{quarter}季度考核表.docx", QUARTERLY, context,
                                  f"{b.name}第{quarter}季度考核表", "季度考核表.docx",
                                  subject=f"{b.name} 第{quarter}季度", branch_id=b.id))
    return outputs


def plan_annual(roster: Roster, branch_ids: Iterable[str]) -> list[Output]:
    if not scored_quarters(roster):
        return []
    outputs = []
    for b in (roster.branches[i] for i in branch_ids):
        context = annual_context(roster, b.id)
        if not context["rows"]:
            continue
        folder = branch_folder(roster.company.year, b.id, b.name)
        outputs.append(Output(folder / "年度考核表.docx", ANNUAL, context,
                              f"{b.name}{roster.company.year}年度综合考核表", "年度考核表.docx",
                              subject=f"{b.name} 年度", branch_id=b.id))
    return outputs


def quarterly_context(roster: Roster, branch_id: str, quarter: int) -> dict[str, Any]:
    settings = roster.settings
    rows = []
    flags: Counter[str] = Counter()
    totals: list[Decimal] = []
    for no, result in enumerate(quarter_results(roster, branch_id, quarter), start=1):
        row: dict[str, Any] = {"no": no, "name": result.member.name,
                               "team": facts.member(roster, result.member)["team"]}
        score = result.score
        if score is None or result.total is None:
            row.update({k: "" for k in ("self", "peer", "staff", "org", "bonus", "deduction",
                                        "rank", "grade", "flag", "talk")})
            row.update({"total": UNSCORED, "note": score.note if score else "本季度无评分记录"})
            rows.append(row)
            continue
        level = band(result.total, settings)
        for rater in RATERS:
            value = score.ratings.get(rater)
            row[KEYS[rater]] = MISSING if value is None else score_text(value)
        notes = [score.note] if score.note else []
        if result.missing:
            notes.append("缺" + "、".join(RATER_NAMES[r] for r in result.missing))
        row.update({
            "bonus": score_text(score.bonus) if score.bonus else "",
            "deduction": score_text(score.deduction) if score.deduction else "",
            "total": total_text(result.total), "rank": str(result.rank),
            "grade": GRADES[level], "flag": FLAGS[level], "talk": "需谈话" if level >= 1 else "",
            "note": "；".join(notes),
        })
        flags[FLAGS[level]] += 1
        totals.append(result.total)
        rows.append(row)
    average = mean(totals)
    return {
        "year": roster.company.year, "quarter": quarter, "quarter_cn": cn_number(quarter),
        "branch": facts.branch(roster, branch_id), "rows": rows,
        "weights_text": "、".join(f"{RATER_NAMES[r]}{score_text(settings.weights[r])}%" for r in RATERS),
        "bands_text": bands_text(roster),
        "counts": {
            "scored": len(totals), "unscored": len(rows) - len(totals),
            "flags": {f: flags[f] for f in FLAGS},
            "flags_text": "、".join(f"{f}{flags[f]}人" for f in FLAGS),
            "average": total_text(average) if average is not None else "—",
            "talks": sum(flags[f] for f in FLAGS[1:]),
        },
        "date_line": DATE_LINE,
    }


def annual_context(roster: Roster, branch_id: str) -> dict[str, Any]:
    settings = roster.settings
    quarters = scored_quarters(roster)
    rows = []
    grades: Counter[str] = Counter()
    recommended = 0
    for no, result in enumerate(annual_results(roster, branch_id), start=1):
        row: dict[str, Any] = {"no": no, "name": result.member.name,
                               "team": facts.member(roster, result.member)["team"]}
        for q in range(1, 5):
            if q not in quarters:
                row[f"q{q}"] = "—"
            else:
                value = result.quarters.get(q)
                row[f"q{q}"] = total_text(value) if value is not None else UNSCORED
        if result.result is None:
            row.update({"result": UNSCORED, "grade": "", "rank": "", "recommend": "", "note": ""})
        else:
            level = band(result.result, settings)
            grades[GRADES[level]] += 1
            is_recommended = result.recommended(settings)
            recommended += is_recommended
            missing = [cn_number(q) for q, v in result.quarters.items() if v is None]
            row.update({
                "result": total_text(result.result), "grade": GRADES[level], "rank": str(result.rank),
                "recommend": "推荐优秀共产党员" if is_recommended else "",
                "note": ("第" + "、".join(missing) + "季度未考核") if missing else "",
            })
        rows.append(row)
    return {
        "year": roster.company.year, "branch": facts.branch(roster, branch_id), "rows": rows,
        "quarters": quarters,
        "counts": {"grades": {g: grades[g] for g in GRADES},
                   "grades_text": "、".join(f"{g}{grades[g]}人" for g in GRADES),
                   "recommended": recommended},
        "date_line": DATE_LINE,
    }
