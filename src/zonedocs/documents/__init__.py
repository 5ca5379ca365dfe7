"""The documents zonedocs makes: for each kind, which outputs a roster calls for and the
context of each. Nothing here knows about zip files or XML (see render/), nor about the
workbook (see workbook/): documents are planned from a `Source`."""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass

from ..model import Roster
from ..problems import UsageError
from . import archive, assessment, cards, ledger, opinion, signs, summary
from .output import Composite, DocKind, Output, Part, Producer
from .source import Source

__all__ = ["KINDS", "Composite", "DocKind", "Kind", "Output", "Part", "Producer", "Source",
           "check_branch", "parse_kinds", "plan"]

BranchPlan = Callable[[Source, Collection[str]], list[Output]]
CompanyPlan = Callable[[Source], list[Output]]
DerivedPlan = Callable[[Source, list[Output], Collection[str]], list[Output]]


@dataclass(frozen=True)
class Kind:
    """A kind of document, planned one of three ways: branch by branch, once for the
    company, or derived from the outputs of the other kinds (volumes and bundles)."""

    key: DocKind
    label: str
    per_branch: BranchPlan | None = None
    company: CompanyPlan | None = None
    derive: DerivedPlan | None = None


KINDS: tuple[Kind, ...] = (
    Kind(DocKind.OPINION, "实施意见", company=opinion.plan),
    Kind(DocKind.CARD, "公示卡", cards.plan_cards),
    Kind(DocKind.PLEDGE, "承诺书", cards.plan_pledges),
    Kind(DocKind.SIGN, "标志牌", signs.plan),
    Kind(DocKind.LEDGER, "联系群众台账", ledger.plan),
    Kind(DocKind.QUARTERLY, "季度考核表", assessment.plan_quarterly),
    Kind(DocKind.ANNUAL, "年度考核表", assessment.plan_annual),
    Kind(DocKind.SUMMARY, "考核汇总", company=summary.plan),
    Kind(DocKind.ARCHIVE, "档案卷", derive=archive.plan_archives),
    Kind(DocKind.BUNDLE, "打印合订本", derive=archive.plan_bundles),
)
BY_KEY = {k.key: k for k in KINDS}
ALIASES = {**{k.label: k.key for k in KINDS}, "台账": DocKind.LEDGER, "季度考核": DocKind.QUARTERLY,
           "年度考核": DocKind.ANNUAL, "打印": DocKind.BUNDLE, "合订本": DocKind.BUNDLE}


def parse_kinds(text: str | None) -> set[DocKind] | None:
    """`--only card,承诺书` → {CARD, PLEDGE}; None means every kind."""
    if not text:
        return None
    chosen = set()
    for part in text.replace("，", ",").split(","):
        name = part.strip()
        if not name:
            continue
        key = DocKind(name) if name in BY_KEY else ALIASES.get(name)
        if key is None:
            known = "、".join(f"{k.key}（{k.label}）" for k in KINDS)
            raise UsageError(f"--only 中的“{name}”不是文书种类。可用：{known}")
        chosen.add(key)
    return chosen


def check_branch(roster: Roster, branch: str) -> None:
    if branch not in roster.branches:
        known = "、".join(roster.branches)
        raise UsageError(f"--branch {branch}：主台账中没有这个支部编号。可用：{known}")


def plan(source: Source, only: Collection[DocKind] | None = None,
         branches: Collection[str] | None = None) -> list[Output]:
    """The outputs the roster calls for: the company-wide ones, and those of every branch
    (or of the branches in `branches`), of the kinds in `only` (or all)."""
    chosen = [b for b in source.roster.branches if branches is None or b in branches]
    wanted = [k for k in KINDS if only is None or k.key in only]
    derived_wanted = any(k.derive for k in wanted)
    base: list[Output] = []
    for kind in KINDS:
        if not (kind in wanted or (derived_wanted and kind.key in archive.ORDER)):
            continue  # neither asked for nor a part of a volume or bundle
        if kind.company is not None:
            base += kind.company(source)
        elif kind.per_branch is not None:
            base += kind.per_branch(source, chosen)
    outputs = [o for o in base if BY_KEY[o.kind] in wanted]
    for kind in wanted:
        if kind.derive is not None:
            outputs += kind.derive(source, base, chosen)
    return outputs
