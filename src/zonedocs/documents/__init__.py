"""The documents zonedocs makes: for each kind, which outputs a roster calls for and the
context of each. Nothing here knows about zip files or XML; see render/ for that."""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass

from ..model import Roster
from ..problems import UsageError
from . import archive, assessment, cards, ledger, opinion, signs, summary
from .output import Output


@dataclass(frozen=True)
class Kind:
    """A kind of document. Most are planned branch by branch (`plan(roster, branch_ids)`);
    a company-wide kind is planned once (`plan(roster)`); a derived kind is assembled from
    the outputs of the others (`derive(roster, planned, branch_ids)`)."""

    key: str
    label: str
    plan: Callable[..., list[Output]] | None = None
    derive: Callable[[Roster, list[Output], list[str]], list[Output]] | None = None
    company_wide: bool = False


KINDS: tuple[Kind, ...] = (
    Kind("opinion", "实施意见", opinion.plan, company_wide=True),
    Kind("card", "公示卡", cards.plan_cards),
    Kind("pledge", "承诺书", cards.plan_pledges),
    Kind("sign", "标志牌", signs.plan),
    Kind("ledger", "联系群众台账", ledger.plan),
    Kind("quarterly", "季度考核表", assessment.plan_quarterly),
    Kind("annual", "年度考核表", assessment.plan_annual),
    Kind("summary", "考核汇总", summary.plan, company_wide=True),
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


def check_branch(roster: Roster, branch: str) -> None:
    if branch not in roster.branches:
        known = "、".join(roster.branches)
        raise UsageError(f"--branch {branch}：主台账中没有这个支部编号。可用：{known}")


def plan(roster: Roster, only: set[str] | None = None, branch: str | None = None,
         branches: Collection[str] | None = None) -> list[Output]:
    """The outputs the roster calls for: the company-wide ones, and those of every branch
    (or of `branch`, or of the branches in `branches`), of the kinds in `only` (or all)."""
    if branch is not None:
        check_branch(roster, branch)
        branches = {branch}
    chosen = [b for b in roster.branches if branches is None or b in branches]
    wanted = [k for k in KINDS if only is None or k.key in only]
    derived_wanted = any(k.derive for k in wanted)
    base: list[Output] = []
    for kind in KINDS:
        if kind.plan is not None and (kind in wanted or derived_wanted):
            base += kind.plan(roster) if kind.company_wide else kind.plan(roster, chosen)
    outputs = [o for o in base if BY_KEY[o.kind] in wanted]
    for kind in wanted:
        if kind.derive is not None:
            outputs += kind.derive(roster, base, chosen)
    return outputs
