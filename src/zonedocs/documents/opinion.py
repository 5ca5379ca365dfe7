"""实施意见: one per year, issued by the party office to every branch."""

from __future__ import annotations

from decimal import Decimal

from ..model import RATERS, Roster
from ..scoring import FLAGS, GRADES
from . import facts
from .formatting import cn_date, cn_list, cn_number, score_text, total_text
from .naming import year_folder
from .output import Output

KIND = "opinion"
TEMPLATE = "实施意见.docx"
TEXT_WIDTH_PT = 442  # 156 mm
MARK_SIZE_PT = 32
RATER_NAMES = {"自评": "个人自评", "互评": "党员互评", "群众评议": "群众评议", "组织考评": "组织考评"}


def plan(roster: Roster) -> list[Output]:
    c = roster.company
    mark = c.committee + "文件"
    scale = min(100, int(TEXT_WIDTH_PT / (len(mark) * MARK_SIZE_PT) * 100))
    settings = roster.settings
    context = {
        "year": c.year, "company": facts.company(roster), "anniversary": c.party_anniversary,
        "issuer_mark": mark, "issuer_scale": scale,
        "title": f"关于开展{c.year}年度党员责任区\n活动的实施意见",
        "doc_date": cn_date(c.doc_date), "print_date": cn_date(c.print_date),
        "copy_to": cn_list(c.copy_to, "，"),
        "attachment_title": f"{c.year}年度党员责任区划分表",
        "stats": {"zones": len(roster.zones), "branches": len(roster.branches),
                  "teams": len(roster.teams), "members": len(roster.active_members())},
        "leaders": _leaders(roster),
        "tasks": [{"label": f"（{cn_number(i)}）", "name": t.name, "requirement": t.requirement}
                  for i, t in enumerate(roster.tasks.values(), start=1)],
        "settings": {
            "contacts_min": settings.contacts_min, "contacts_max": settings.contacts_max,
            "weights_text": "、".join(f"{RATER_NAMES[r]}{score_text(settings.weights[r])}%" for r in RATERS),
            "bands_text": bands_text(roster),
        },
        "zone_table": _zone_table(roster),
    }
    return [Output(year_folder(c.year) / "实施意见.docx", KIND, context,
                   f"{c.year}年度党员责任区实施意见", TEMPLATE, subject="实施意见")]


def bands_text(roster: Roster) -> str:
    s = roster.settings
    top, mid, low = (score_text(v) for v in (s.excellent, s.qualified, s.basic))
    below = lambda v: total_text(v - Decimal("0.1"))  # noqa: E731
    lines = [f"{top}分及以上为{GRADES[0]}（挂{FLAGS[0]}）",
             f"{mid}分至{below(s.excellent)}分为{GRADES[1]}（挂{FLAGS[1]}）",
             f"{low}分至{below(s.qualified)}分为{GRADES[2]}（挂{FLAGS[2]}）",
             f"{low}分以下为{GRADES[3]}（挂{FLAGS[3]}）"]
    return "；".join(lines)


def _leaders(roster: Roster) -> list[dict[str, str]]:
    groups: dict[str, list[str]] = {}
    for leader in roster.leaders:
        shown = f"{leader.name}（{leader.title}）" if leader.title else leader.name
        groups.setdefault(leader.group_role, []).append(shown)
    order = ("组长", "副组长", "成员")
    return [{"role": role, "names": "、".join(groups[role])} for role in order if role in groups]


def _zone_table(roster: Roster) -> list[dict[str, object]]:
    table = []
    for index, branch in enumerate(roster.branches.values(), start=1):
        zones = facts.zone_tree(roster, roster.zones_in(branch.id))
        rows = []
        for no, zone in enumerate(zones, start=1):
            z = facts.zone(roster, zone)
            rows.append({"no": no, "id": zone.id, "name": zone.name, "kind": zone.kind,
                         "parent": z["parent"], "holder": z["holder"], "teams": z["teams"] or "—"})
        table.append({"label": f"（{cn_number(index)}）", "name": branch.name, "zones": rows})
    return table
