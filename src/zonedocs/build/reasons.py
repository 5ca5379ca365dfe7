"""Why an output is written, in the words a user reads in the build's report.

The Chinese name of a changed field comes from the workbook contract: a card's
`member.mobile_masked` shows the 党员 sheet's 手机 column, so the reason says 手机.
"""

from __future__ import annotations

from pathlib import PurePosixPath

from ..workbook import sheets as S
from .keys import PART_FIELD

NEW = "新增"
MOVED = "调动/改名（原文件 {was}）"
OCCUPIED = "目标位置已有文件"
MISSING = "文件不见了，重新生成"
FORCED = "强制重新生成"
TEMPLATE_CHANGED = "模板已修改"
PROGRAM_CHANGED = "程序版本更新"

# Context objects and the sheet whose rows they show.
_SHEET_OF = {"member": S.MEMBERS, "holder": S.MEMBERS, "zone": S.ZONES, "branch": S.BRANCHES,
             "company": S.COMPANY}
# Context field names that show a roster attribute under another name.
_ATTRIBUTE_OF = {"mobile_masked": "mobile", "team": "team_id", "branch": "branch_id",
                 "secretary": "secretary_id", "holder": "member_id", "parent": "parent_id",
                 "teams": "team_ids", "tasks": "task_ids"}
# Whole context fields and what they show.
_WHOLE = {
    "contacts": S.CONTACTS.name, "pledges": S.PLEDGES.name, "roles": S.ROLES.name,
    "zones": S.ZONES.name, "zone_names": S.ZONES.name, "tasks": S.TASKS.name,
    "photo": S.MEMBERS.column("照片").header,
    "supervision_phone": S.COMPANY.column("监督电话").header,
    "zone_table": S.ZONES.name, "leaders": S.LEADERS.name, "settings": S.SETTINGS.name,
    "rows": "表格内容", "cover": "封面和卷内目录",
}
OTHER = "其他内容"


def label(field: str) -> str:
    """The Chinese name of a context field (`member.mobile` → 手机)."""
    if field in _WHOLE:
        return _WHOLE[field]
    owner, _, name = field.rpartition(".")
    sheet = _SHEET_OF.get(owner.rpartition(".")[2]) if owner else S.COMPANY
    header = sheet.header_of(_ATTRIBUTE_OF.get(name, name)) if sheet is not None else None
    return header or _WHOLE.get(owner, OTHER)


def changed_fields(now: dict[str, str], then: dict[str, str]) -> str:
    """The reason for a rewrite, from the field digests of now and of the file on disk."""
    changed = [k for k in now if then.get(k) != now[k]] + [k for k in then if k not in now]
    parts = [PurePosixPath(k.removeprefix(PART_FIELD)).stem for k in changed if k.startswith(PART_FIELD)]
    labels = list(dict.fromkeys(label(k) for k in changed if not k.startswith(PART_FIELD)))
    reasons = []
    if labels:
        reasons.append("内容变化：" + "、".join(labels[:6]) + ("等" if len(labels) > 6 else ""))
    if parts:
        more = f"等{len(parts)}份" if len(parts) > 3 else ""
        reasons.append("所含文书有变化：" + "、".join(parts[:3]) + more)
    return "；".join(reasons) or PROGRAM_CHANGED
