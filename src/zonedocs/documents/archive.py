"""档案卷 (one per branch) and the print bundles (all cards, all pledges of a branch).

Both are assembled from the outputs the other kinds planned: the volume renders each part
again (rendering is deterministic) and joins them, so its key covers every part's context.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from ..model import Roster
from ..strokes import stroke_key
from . import facts
from .formatting import cn_date
from .naming import branch_folder
from .output import Output

ARCHIVE, BUNDLE = "archive", "bundle"
ORDER = ("opinion", "zones", "sign", "card", "pledge", "ledger", "quarterly", "annual")


def plan_archives(roster: Roster, planned: list[Output], branch_ids: Iterable[str]) -> list[Output]:
    by_branch = _parts_by_branch(roster, planned)
    opinion = next((o for o in planned if o.kind == "opinion"), None)
    outputs = []
    for b in (roster.branches[i] for i in branch_ids):
        parts = [opinion] if opinion else []
        parts.append(_zone_table(roster, b.id))
        parts += by_branch.get(b.id, [])
        items = [{"no": i, "title": _item_title(o), "bookmark": f"zd_part_{i}", "page": "—"}
                 for i, o in enumerate(parts, start=1)]
        cover = {"year": roster.company.year, "company": facts.company(roster),
                 "branch": facts.branch(roster, b.id), "keeper": b.name, "items": items,
                 "date": cn_date(roster.company.doc_date)}
        context = {"year": roster.company.year, "cover": cover,
                   "parts": [_part(o, item["bookmark"]) for o, item in zip(parts, items, strict=True)]}
        folder = branch_folder(roster.company.year, b.id, b.name)
        outputs.append(Output(folder / "档案卷.docx", ARCHIVE, context, f"{b.name}党员责任区活动档案",
                              producer="archive", subject=f"{b.name} 档案卷", branch_id=b.id))
    return outputs


def plan_bundles(roster: Roster, planned: list[Output], branch_ids: Iterable[str]) -> list[Output]:
    by_branch = _parts_by_branch(roster, planned)
    outputs = []
    for b in (roster.branches[i] for i in branch_ids):
        folder = branch_folder(roster.company.year, b.id, b.name) / "打印"
        for kind, name in (("card", "公示卡合订本"), ("pledge", "承诺书合订本")):
            parts = [o for o in by_branch.get(b.id, []) if o.kind == kind]
            if not parts:
                continue
            context = {"year": roster.company.year,
                       "parts": [_part(o, f"zd_item_{i}") for i, o in enumerate(parts, start=1)]}
            outputs.append(Output(folder / f"{name}.docx", BUNDLE, context, f"{b.name}{name}",
                                  producer="bundle", subject=f"{b.name} {name}", branch_id=b.id))
    return outputs


def _parts_by_branch(roster: Roster, planned: list[Output]) -> dict[str, list[Output]]:
    grouped: dict[str, list[Output]] = defaultdict(list)
    rank = {kind: i for i, kind in enumerate(ORDER)}
    for output in planned:
        if output.branch_id and output.kind in rank and output.template:
            grouped[output.branch_id].append(output)
    for parts in grouped.values():
        parts.sort(key=lambda o: (rank[o.kind], _person_key(roster, o), str(o.path)))
    return grouped


def _person_key(roster: Roster, output: Output) -> tuple:
    member = output.context.get("member")
    return stroke_key(member["name"]) if isinstance(member, dict) else ((), "")


def _part(output: Output, bookmark: str) -> dict[str, Any]:
    return {"template": output.template, "title": output.title, "context": output.context,
            "bookmark": bookmark, "path": str(output.path)}


def _item_title(output: Output) -> str:
    if output.kind == "opinion":
        number = output.context["company"]["doc_number"]
        return f"关于开展党员责任区活动的实施意见（{number}）" if number else output.title
    if output.kind == "sign":
        zone = output.context["zone"]
        return f"责任区标志牌：{zone['id']} {zone['name']}"
    if output.kind in ("card", "pledge"):
        label = "党员责任区公示卡" if output.kind == "card" else "党员承诺书"
        return f"{label}：{output.context['member']['name']}"
    return output.title


def _zone_table(roster: Roster, branch_id: str) -> Output:
    zones = facts.zone_tree(roster, roster.zones_in(branch_id))
    rows = []
    for no, zone in enumerate(zones, start=1):
        z = facts.zone(roster, zone)
        rows.append({"no": no, "id": zone.id, "name": zone.name, "kind": zone.kind,
                     "parent": z["parent"], "holder": z["holder"], "scope": zone.scope})
    teams = {t for zone in zones for t in zone.team_ids}
    b = roster.branches[branch_id]
    context = {"year": roster.company.year, "branch": facts.branch(roster, branch_id),
               "zones": rows, "team_count": len(teams)}
    return Output(branch_folder(roster.company.year, b.id, b.name) / "责任区划分表.docx", "zones",
                  context, f"{b.name}责任区划分表", "责任区划分表.docx", branch_id=b.id)
