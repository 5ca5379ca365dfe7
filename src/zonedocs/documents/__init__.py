"""The documents zonedocs makes: for each kind, which outputs a roster calls for and the
context of each. Nothing here knows about zip files or XML; see render/ for that."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ..model import Roster
from ..problems import UsageError
from . import archive, assessment, cards, ledger, opinion, signs, summary
from .output import Output


@dataclass(frozen=True)
class Kind:
    key: str
    label: str
    plan: Callable[[Roster], list[Output]] | None = None
    derive: Callable[[Roster, list[Output]], list[Output]] | None = None  # from other outputs


KINDS: tuple[Kind, ...] = (
    Kind("opinion", "实施意见", opinion.plan),
    Kind("card", "公示卡", cards.plan_cards),
    Kind("pledge", "承诺书", cards.plan_pledges),
    Kind("sign", "标志牌", signs.plan),
    Kind("ledger", "联系群众台账", ledger.plan),
    Kind("quarterly", "季度考核表", assessment.plan_quarterly),
    Kind("annual", "年度考核表", assessment.plan_annual),
    Kind("summary", "考核汇总", summary.plan),
    Kind("archive", "档案卷", derive=archive.plan_archives),
    Kind("bundle", "打印合订本", derive=archive.plan_bundles),
)
BY_KEY = {k.key: k for k in KINDS}
ALIASES = {**{k.label: k.key for k in KINDS}, "台账": "ledger", "季度考核": "quarterly",
           "年度考核": "annual", "打印": "bundle", "合订本": "bundle"}


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
    wanted = [k for k in KINDS if only is None or k.key in only]
    derived_wanted = any(k.derive for k in wanted)
    base: list[Output] = []
    for kind in KINDS:
        if kind.plan is not None and (kind in wanted or derived_wanted):
            base += kind.plan(roster)
    outputs = [o for o in base if BY_KEY[o.kind] in wanted]
    for kind in wanted:
        if kind.derive is not None:
            outputs += kind.derive(roster, base)
    return [o for o in outputs if branch is None or o.branch_id in ("", branch)]
