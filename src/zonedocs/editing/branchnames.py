"""Finding a branch of the master workbook from the name an export gives its party organisation.

Exports write the organisation's full name ("中共滨江公共交通集团有限公司第一运营分公司支部委员会");
the workbook has a short one ("第一运营分公司党支部") and an ID. Both sides are reduced to their core
("第一运营分公司") by dropping the 中共 prefix, the company's and committee's names and the kind of
organisation at the end, and compared.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from ..workbook.cells import BLANKS

_PREFIXES = ("中国共产党", "中共")
_SUFFIX = re.compile(r"(党总支部委员会|总支部委员会|党支部委员会|支部委员会|党总支部|党总支|总支部|"
                     r"党支部|支部|党委|委员会)$")


class BranchNames:
    def __init__(self, branches: Iterable[tuple[str, str]], company_names: Iterable[str]) -> None:
        self._ids = {bid: bid for bid, _ in branches}
        self._company = sorted({_strip_prefix(n) for n in company_names if n}, key=len, reverse=True)
        self._names: dict[str, str] = {}
        self._cores: dict[str, list[str]] = {}
        for bid, name in branches:
            self._names.setdefault(_squeeze(name), bid)
            self._cores.setdefault(self.core(name), []).append(bid)

    def core(self, name: str) -> str:
        text = _strip_prefix(_squeeze(name))
        for company in self._company:
            if text.startswith(company) and len(text) > len(company):
                text = text[len(company):]
                break
        while True:
            shorter = _SUFFIX.sub("", text)
            if shorter == text or not shorter:
                return text
            text = shorter

    def find(self, written: str) -> str | None:
        """The branch ID the export's name means, or None when none or several could be meant."""
        text = _squeeze(written)
        if not text:
            return None
        if text in self._ids:
            return text
        if text in self._names:
            return self._names[text]
        same = self._cores.get(self.core(text), [])
        if len(same) == 1:
            return same[0]
        inside = {bid for core, ids in self._cores.items() if len(core) >= 2 and core in text
                  for bid in ids}
        return inside.pop() if len(inside) == 1 else None


def _squeeze(name: str) -> str:
    return re.sub(f"[{BLANKS}]", "", name)


def _strip_prefix(name: str) -> str:
    for prefix in _PREFIXES:
        if name.startswith(prefix):
            return name[len(prefix):]
    return name
