"""考核汇总.xlsx: the party office's view of every member's scores and every branch's standing.

The context lists the sheets (title, headers, widths, rows, which columns hold one-decimal
scores) and the chart; render/xlsx.py writes them.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from ..rules import RATER_KEYS
from ..scoring import FLAGS, GRADES, TALK, UNSCORED, Band, competition_ranks, mean
from .facts import OFFICE_TEAM
from .naming import year_folder
from .output import DocKind, Output, Producer
from .source import Source

FLAG_COLOURS = {"红旗": "E00000", "黄旗": "F2C200", "蓝旗": "2F6FD0", "灰旗": "8C8C8C"}
QUARTER_HEADERS = ["支部", "党员编号", "姓名", "班组", "自评", "互评", "群众评议", "组织考评", "加分",
                   "扣分", "总分", "支部内排名", "等次", "挂旗", "谈话"]
ANNUAL_HEADERS = ["支部", "党员编号", "姓名", "一季度", "二季度", "三季度", "四季度", "年度成绩",
                  "支部内排名", "等次", "评优推荐"]


def plan(source: Source) -> list[Output]:
    quarters = source.standings.quarters
    if not quarters:
        return []
    year = source.year
    sheets = [_sheet(f"第{q}季度", QUARTER_HEADERS, _quarter_rows(source, q),
                     [22, 10, 10, 14, 8, 8, 10, 10, 7, 7, 8, 10, 10, 7, 8], [11]) for q in quarters]
    sheets.append(_sheet("年度", ANNUAL_HEADERS, _annual_rows(source),
                         [22, 10, 10, 9, 9, 9, 9, 10, 10, 10, 10], [4, 5, 6, 7, 8]))
    branch_headers = ["支部", "参评人数", *(f"{g}（{f}）" for g, f in zip(GRADES, FLAGS, strict=True)),
                      "平均分", "支部排名"]
    sheets.append(_sheet("支部", branch_headers, _branch_rows(source),
                         [24, 10, 12, 12, 14, 12, 10, 10], [7]))
    title = f"{year}年度党员责任区考核汇总"
    context = {
        "year": year, "title": title, "sheets": sheets,
        "chart": {"sheet": "支部", "title": f"{year}年度各支部挂旗分布", "y_title": "人数",
                  "first_column": 3, "colours": [FLAG_COLOURS[f] for f in FLAGS]},
    }
    return [Output(year_folder(year) / "考核汇总.xlsx", DocKind.SUMMARY, context, title,
                   producer=Producer.SUMMARY, subject="考核汇总")]


def _sheet(title: str, headers: list[str], rows: list[list[Any]], widths: list[int],
           decimals: list[int]) -> dict[str, Any]:
    return {"title": title, "headers": headers, "rows": rows, "widths": widths, "decimals": decimals}


def _number(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def _quarter_rows(source: Source, quarter: int) -> list[list[Any]]:
    rows: list[list[Any]] = []
    for b in source.roster.branches.values():
        for line in source.standings.quarter(b.id, quarter):
            team = source.roster.teams.get(line.member.team_id)
            score, standing = line.score, line.standing
            level: Band | None = standing.band
            ratings = [_number(score.ratings.get(k)) if score else None for k in RATER_KEYS]
            rows.append([b.name, line.member.id, line.member.name, team.name if team else OFFICE_TEAM,
                         *ratings, _number(score.bonus) if score else None,
                         _number(score.deduction) if score else None,
                         _number(standing.total) if standing.total is not None else UNSCORED,
                         standing.rank, level.grade if level is not None else "",
                         level.flag if level is not None else "",
                         TALK if level is not None and level.needs_talk else ""])
    return rows


def _annual_rows(source: Source) -> list[list[Any]]:
    quarters = source.standings.quarters
    rows: list[list[Any]] = []
    for b in source.roster.branches.values():
        for line in source.standings.year(b.id):
            level = line.standing.band
            per_quarter = [(_number(v) if (v := line.quarters.get(q)) is not None else UNSCORED)
                           if q in quarters else None for q in range(1, 5)]
            result = line.standing.total
            rows.append([b.name, line.member.id, line.member.name, *per_quarter,
                         _number(result) if result is not None else UNSCORED, line.standing.rank,
                         level.grade if level is not None else "",
                         "推荐" if line.recommended else ""])
    return rows


def _branch_rows(source: Source) -> list[list[Any]]:
    rows: list[list[Any]] = []
    averages = []
    for b in source.roster.branches.values():
        bands = [line.standing.band for line in source.standings.year(b.id)
                 if line.standing.band is not None]
        counts = [0, 0, 0, 0]
        for level in bands:
            counts[level] += 1
        average = mean(line.standing.total for line in source.standings.year(b.id))
        averages.append(average)
        rows.append([b.name, len(bands), *counts, _number(average)])
    for row, rank in zip(rows, competition_ranks(averages), strict=True):
        row.append(rank)
    return rows
