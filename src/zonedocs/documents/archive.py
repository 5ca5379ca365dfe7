"""档案卷 (one per branch) and the print bundles (all cards, all pledges of a branch).

Both are composites of the outputs the other kinds planned: each part is rendered again
(rendering is deterministic) or its file reused, and the parts are joined in order.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from ..filing import filing_date
from ..strokes import NameKey, stroke_key
from . import facts
from .formatting import cn_date, da_date
from .naming import branch_folder
from .opinion import branch_copy
from .output import Composite, DocKind, Output, Part
from .source import Source

COVER_TEMPLATE = "档案卷封面.docx"
CLOSING_TEMPLATE = "档案卷备考表.docx"
ZONE_TABLE_TEMPLATE = "责任区划分表.docx"
ORDER = (DocKind.OPINION, DocKind.ZONE_TABLE, DocKind.SIGN, DocKind.CARD, DocKind.PLEDGE,
         DocKind.LEDGER, DocKind.QUARTERLY, DocKind.ANNUAL)
BUNDLES = ((DocKind.CARD, "公示卡合订本"), (DocKind.PLEDGE, "承诺书合订本"))


def plan_archives(source: Source, planned: list[Output], branch_ids: Iterable[str]) -> list[Output]:
    roster = source.roster
    by_branch = _parts_by_branch(planned)
    opinion = next((o for o in planned if o.kind is DocKind.OPINION), None)
    outputs: list[Output] = []
    date = cn_date(filing_date(roster))  # one for every volume (it reads every score)
    for b in (roster.branches[i] for i in branch_ids):
        folder = branch_folder(source.year, b.id, b.name)
        parts = [branch_copy(opinion, b.id, b.name, folder)] if opinion else []
        parts.append(_zone_table(source, b.id))
        parts += by_branch.get(b.id, [])
        items = [_item(source, o, i) for i, o in enumerate(parts, start=1)]
        branch = facts.branch(roster, b.id)
        cover = {"year": source.year, "company": source.company, "branch": branch,
                 "retention": roster.company.retention, "items": items, "date": date}
        closing = _closing(source, b.id, len(items), date)
        outputs.append(Composite(
            folder / "档案卷.docx", DocKind.ARCHIVE, {"year": source.year, "cover": cover},
            f"{b.name}党员责任区活动档案", subject=f"{b.name} 档案卷", branch_id=b.id,
            parts=(*(Part.of(o, item["bookmark"]) for o, item in zip(parts, items, strict=True)),
                   closing),
            cover_template=COVER_TEMPLATE, update_fields=True))
    return outputs


def plan_bundles(source: Source, planned: list[Output], branch_ids: Iterable[str]) -> list[Output]:
    by_branch = _parts_by_branch(planned)
    outputs: list[Output] = []
    for b in (source.roster.branches[i] for i in branch_ids):
        folder = branch_folder(source.year, b.id, b.name) / "打印"
        for kind, name in BUNDLES:
            parts = [o for o in by_branch.get(b.id, []) if o.kind is kind]
            if not parts:
                continue
            outputs.append(Composite(
                folder / f"{name}.docx", DocKind.BUNDLE, {"year": source.year}, f"{b.name}{name}",
                subject=f"{b.name} {name}", branch_id=b.id,
                parts=tuple(Part.of(o, f"zd_item_{i}") for i, o in enumerate(parts, start=1))))
    return outputs


def _parts_by_branch(planned: list[Output]) -> dict[str, list[Output]]:
    grouped: dict[str, list[Output]] = defaultdict(list)
    rank = {kind: i for i, kind in enumerate(ORDER)}
    for output in planned:
        if output.branch_id and output.kind in rank and output.template:
            grouped[output.branch_id].append(output)
    for parts in grouped.values():
        parts.sort(key=lambda o: (rank[o.kind], _person_key(o), str(o.path)))
    return grouped


def _person_key(output: Output) -> NameKey:
    member = output.context.get("member")
    return stroke_key(member["name"]) if isinstance(member, dict) else stroke_key("")


def _item(source: Source, output: Output, no: int) -> dict[str, Any]:
    """A line of the 卷内目录 (DA/T 22): 序号, 文号, 责任者, 题名, 日期, 页号, 备注."""
    company = source.roster.company
    note = ""
    if output.kind is DocKind.OPINION:
        number, author, date = company.doc_number, company.committee, da_date(company.doc_date)
        note = "附件摘录"  # the branch's share of the 附件 (opinion.branch_copy)
    else:
        number, author, date = "", source.roster.branches[output.branch_id].name, ""
    return {"no": no, "number": number, "author": author, "title": _item_title(output),
            "date": date, "page": "—", "note": note, "bookmark": f"zd_part_{no}"}


def _closing(source: Source, branch_id: str, count: int, date: str) -> Part:
    """The 备考表 that closes the volume."""
    b = source.roster.branches[branch_id]
    context = {"year": source.year, "branch": facts.branch(source.roster, branch_id),
               "count": count, "date": date}
    path = branch_folder(source.year, b.id, b.name) / CLOSING_TEMPLATE
    return Part(str(path), CLOSING_TEMPLATE, f"{b.name}档案卷备考表", context, "zd_closing")


def _item_title(output: Output) -> str:
    if output.kind is DocKind.OPINION:
        return str(output.context["title"]).replace("\n", "")
    if output.kind is DocKind.SIGN:
        zone = output.context["zone"]
        return f"责任区标志牌：{zone['id']} {zone['name']}"
    if output.kind in (DocKind.CARD, DocKind.PLEDGE):
        label = "党员责任区公示卡" if output.kind is DocKind.CARD else "党员承诺书"
        return f"{label}：{output.context['member']['name']}"
    return output.title


def _zone_table(source: Source, branch_id: str) -> Output:
    roster = source.roster
    zones = facts.zone_tree(roster, roster.zones_in(branch_id))
    rows: list[dict[str, Any]] = []
    for no, zone in enumerate(zones, start=1):
        z = facts.zone(roster, zone)
        rows.append({"no": no, "id": zone.id, "name": zone.name, "kind": zone.kind,
                     "parent": z["parent"], "holder": z["holder"], "scope": zone.scope})
    teams = {t for zone in zones for t in zone.team_ids}
    b = roster.branches[branch_id]
    context = {"year": source.year, "branch": facts.branch(roster, branch_id),
               "zones": rows, "team_count": len(teams)}
    return Output(branch_folder(source.year, b.id, b.name) / "责任区划分表.docx", DocKind.ZONE_TABLE,
                  context, f"{b.name}党员责任区划分表", ZONE_TABLE_TEMPLATE, branch_id=b.id)
