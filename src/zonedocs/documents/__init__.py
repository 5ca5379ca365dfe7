"""The documents zonedocs makes: for each kind, which outputs a roster calls for and the
context of each. Nothing here knows about zip files or XML; see render/ for that."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ..model import Roster
from ..problems import UsageError
from . import assessment, cards, ledger, opinion, signs, summary
from .output import Output


@dataclass(frozen=True)
class Kind:
    key: str
    label: str
    plan: Callable[[Roster], list[Output]]


KINDS: tuple[Kind, ...] = (
    Kind("opinion", "实施意见", opinion.plan),
    Kind("card", "公示卡", cards.plan_cards),
    Kind("pledge", "承诺书", cards.plan_pledges),
    Kind("sign", "标志牌", signs.plan),
    Kind("ledger", "联系群众台账", ledger.plan),
    Kind("quarterly", "季度考核表", assessment.plan_quarterly),
    Kind("annual", "年度考核表", assessment.plan_annual),
    Kind("summary", "考核汇总", summary.plan),
)
BY_KEY = {k.key: k for k in KINDS}
ALIASES = {**{k.label: k.key for k in KINDS}, "台账": "ledger", "季度考核": "quarterly",
           "年度考核": "annual"}


def register(kind: Kind) -> None:
    """Add a kind defined elsewhere (summary, archive, bundles) to the catalogue."""
    global KINDS
    if kind.key not in BY_KEY:
        KINDS = (*KINDS, kind)
        BY_KEY[kind.key] = kind
        ALIASES[kind.label] = kind.key


def parse_kinds(text: str | None) -> set[str] | None:
    """`--only card,承诺书` → {"card", "pledge"}; None means every kind."""
    if not text:
        return None
    chosen = set()
    for part in text.replace("，", ",").split(","):
        name = part.strip()
        if not name:
            continue
        key = name if name in BY_KEY else ALIASES.get(name)
        if key is None:
            known = "、".join(f"{k.key}（{k.label}）" for k in KINDS)
            raise UsageError(f"--only 中的“{name}”不是文书种类。可用：{known}")
        chosen.add(key)
    return chosen


def plan(roster: Roster, only: set[str] | None = None, branch: str | None = None) -> list[Output]:
    if branch is not None and branch not in roster.branches:
        known = "、".join(roster.branches)
        raise UsageError(f"--branch {branch}：主台账中没有这个支部编号。可用：{known}")
    outputs: list[Output] = []
    for kind in KINDS:
        if only is not None and kind.key not in only:
            continue
        for output in kind.plan(roster):
            if branch is None or output.branch_id in ("", branch):
                outputs.append(output)
    return outputs
