"""实施意见: one per year, issued by the party office to every branch."""

from __future__ import annotations

from decimal import Decimal
from pathlib import PurePosixPath
from typing import Any

from ..model import Roster
from ..rules import RATERS
from ..scoring import Band
from . import facts
from .formatting import cn_date, cn_list, cn_number, score_text, total_text
from .naming import year_folder
from .output import DocKind, Output
from .source import Source

TEMPLATE = "实施意见.docx"
TEXT_WIDTH_PT = 442  # 156 mm
MARK_SIZE_PT = 32


def plan(source: Source) -> list[Output]:
    """The 实施意见, made once per source: the branches' digests read it, then the plan."""
    return [source.once("opinion", lambda: _opinion(source))]


def _opinion(source: Source) -> Output:
    roster = source.roster
    c = roster.company
    mark = c.committee + "文件"
    scale = min(100, int(TEXT_WIDTH_PT / (len(mark) * MARK_SIZE_PT) * 100))
    settings = roster.settings
    context = {
        "year": c.year, "company": source.company, "anniversary": c.party_anniversary,
        "issuer_mark": mark, "issuer_scale": scale,
        "title": f"关于开展{c.year}年度党员责任区\n活动的实施意见",
        "doc_date": cn_date(c.doc_date), "print_date": cn_date(c.print_date),
        "copy_to": cn_list(c.copy_to, "，"),
        "imprint": imprint_positions(cn_list(c.copy_to, "，")),
        "signature": signature_indents(c.committee, cn_date(c.doc_date)),
        "attachment_title": f"{c.year}年度党员责任区划分表",
        "excerpt": "",  # set in a branch's archive copy (branch_copy)
        "stats": {"zones": len(roster.zones), "branches": len(roster.branches),
                  "teams": len(roster.teams), "members": len(roster.active_members())},
        "leaders": _leaders(roster),
        "tasks": [{"label": f"（{cn_number(i)}）", "name": t.name, "requirement": t.requirement}
                  for i, t in enumerate(roster.tasks.values(), start=1)],
        "settings": {
            "contacts_min": settings.contacts_min, "contacts_max": settings.contacts_max,
            "weights_text": weights_text(roster),
            "bands_text": bands_text(roster),
        },
        "zone_table": _zone_table(roster),
    }
    return Output(year_folder(c.year) / "实施意见.docx", DocKind.OPINION, context,
                  f"{c.year}年度党员责任区实施意见", TEMPLATE, subject="实施意见")


def branch_copy(opinion: Output, branch_id: str, branch_name: str, folder: PurePosixPath) -> Output:
    """The 实施意见 as a branch's 档案卷 holds it: the whole text, and of the 附件 only the
    branch's own part, under a line that says so. The whole table lists every zone of the
    company (hundreds of pages at ten thousand members); the branch files its own share, which
    its 责任区划分表 then details."""
    context = dict(opinion.context)
    context["zone_table"] = [t for t in context["zone_table"] if t["id"] == branch_id]
    context["excerpt"] = f"（{branch_name}存档件，附件仅收录本支部部分）"
    return Output(folder / "实施意见（存档件）.docx", DocKind.OPINION, context, opinion.title,
                  opinion.template, subject=opinion.subject, branch_id=branch_id)


# The 版记's lines (templates/builder/opinion.py): 4号 text on exact 21 pt lines, rules 4 pt off
# the text; the 抄送 line has a 1 pt rule above and a 0.75 pt rule below, the 印发 line a 1 pt
# rule below. Heights in twips; positions from the top of the type area (225 mm).
TYPE_AREA_TWIPS = 12756
LINE_TWIPS = 420
COPY_RULES_TWIPS = (4 + 1 + 4 + 0.75) * 20
PRINT_RULES_TWIPS = (4 + 1) * 20
COPY_FIRST_LINE_CHARS, COPY_MORE_LINE_CHARS = 29, 26  # 156 mm less the indents, in 4号 characters


def imprint_positions(copy_to: str) -> dict[str, int]:
    """Where the 抄送 and 印发 lines start, so the 版记 ends at the foot of the type area."""
    print_y = TYPE_AREA_TWIPS - LINE_TWIPS - PRINT_RULES_TWIPS
    text = f"抄送：{copy_to}。"
    width = sum(1 if ord(ch) >= 0x2E80 else 0.5 for ch in text)
    lines = 1 if width <= COPY_FIRST_LINE_CHARS else \
        1 + -(-int(width - COPY_FIRST_LINE_CHARS) // COPY_MORE_LINE_CHARS)
    copy_y = print_y - lines * LINE_TWIPS - COPY_RULES_TWIPS
    return {"copy_y": int(copy_y), "print_y": int(print_y)}


BODY_PT = 16  # a 3号 character
BODY_PITCH_PT = BODY_PT - 0.25  # the body text is set 0.25 pt closer (templates/builder/opinion.py)


def text_width(text: str) -> float:
    """Width in characters: Chinese characters 1, Latin letters and digits ½."""
    return sum(1 if ord(ch) >= 0x2E80 else 0.5 for ch in text)


def signature_indents(issuer: str, date: str) -> dict[str, Any]:
    """GB/T 9704 §7.3.5.2 (no seal): the issuer two characters in from the right, the date on
    the next line starting two characters right of the issuer's first character. The date is set
    from the left, so its own width (which Word and LibreOffice space differently around digits)
    does not move it; only a date longer than the issuer less two characters is set two in from
    the right, with the issuer moved left to keep the step."""
    issuer_pt = len(issuer) * BODY_PITCH_PT
    date_pt = text_width(date) * BODY_PT
    issuer_right = 2.0 * BODY_PT
    if date_pt <= issuer_pt - 2 * BODY_PT:
        align, date_left, date_right = "left", TEXT_WIDTH_PT - issuer_right - issuer_pt + 2 * BODY_PT, 0.0
    else:
        issuer_right = 2 * BODY_PT + date_pt + 2 * BODY_PT - issuer_pt
        align, date_left, date_right = "right", 0.0, 2.0 * BODY_PT
    return {"issuer": {"align": "right", "left": _indent(0.0), "right": _indent(issuer_right)},
            "date": {"align": align, "left": _indent(date_left), "right": _indent(date_right)}}


def _indent(points: float) -> dict[str, int]:
    return {"twips": round(points * 20), "chars": round(points / BODY_PT * 100)}


def weights_text(roster: Roster) -> str:
    """个人自评10%、党员互评20%…, from the settings."""
    weights = roster.settings.weights
    return "、".join(f"{r.name}{score_text(weights[r.key])}%" for r in RATERS)


def bands_text(roster: Roster) -> str:
    """The four bands as the opinion and the tables state them, from the settings."""
    s = roster.settings
    top, mid, low = (score_text(v) for v in (s.excellent, s.qualified, s.basic))

    def below(line: Decimal) -> str:
        return total_text(line - Decimal("0.1"))

    e, q, b, f = Band
    lines = [f"{top}分及以上为{e.grade}（挂{e.flag}）",
             f"{mid}分至{below(s.excellent)}分为{q.grade}（挂{q.flag}）",
             f"{low}分至{below(s.qualified)}分为{b.grade}（挂{b.flag}）",
             f"{low}分以下为{f.grade}（挂{f.flag}）"]
    return "；".join(lines)


def _leaders(roster: Roster) -> list[dict[str, str]]:
    groups: dict[str, list[str]] = {}
    for leader in roster.leaders:
        shown = f"{leader.name}（{leader.title}）" if leader.title else leader.name
        groups.setdefault(leader.group_role, []).append(shown)
    order = ("组长", "副组长", "成员")
    return [{"role": role, "names": "、".join(groups[role])} for role in order if role in groups]


def _zone_table(roster: Roster) -> list[dict[str, Any]]:
    table: list[dict[str, Any]] = []
    for index, branch in enumerate(roster.branches.values(), start=1):
        zones = facts.zone_tree(roster, roster.zones_in(branch.id))
        rows: list[dict[str, Any]] = []
        for no, zone in enumerate(zones, start=1):
            z = facts.zone(roster, zone)
            rows.append({"no": no, "id": zone.id, "name": zone.name, "kind": zone.kind,
                         "parent": z["parent"], "holder": z["holder"], "teams": z["teams"] or "—"})
        table.append({"id": branch.id, "label": f"（{cn_number(index)}）", "name": branch.name,
                      "zones": rows})
    return table
