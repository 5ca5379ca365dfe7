"""Ordering names by surname strokes (姓氏笔画), as official Chinese lists are ordered.

A name is ordered by its surname first: the surname's strokes, then its stroke order by kind
(横竖撇点折, GB 13000.1: the first stroke, then the second …), then the surname itself, so
people of one surname stand together; then the given name, character by character, the same
way. A compound surname (欧阳, 司马, 上官 …) is one surname, counted by its first character's
strokes as lists usually do.

Stroke counts come from Unicode's Unihan database (`kTotalStrokes`, the simplified-Chinese
count), shipped in data/strokes.txt (scripts/make_strokes.py). Stroke kinds of about 7,000
common characters are in data/strokeorder.txt (scripts/make_stroke_order.py); a rarer
character without them follows the others of its count.
"""

from __future__ import annotations

from functools import cache
from importlib.resources import files

UNKNOWN = 99


@cache
def _table() -> dict[str, int]:
    table: dict[str, int] = {}
    text = files("zonedocs").joinpath("data/strokes.txt").read_text(encoding="utf-8")
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        count, chars = line.split("\t")
        for char in chars:
            table[char] = int(count)
    return table


def strokes(char: str) -> int:
    """Total strokes of one character; letters and digits count as 0, unknown ones sort last."""
    if char.isascii():
        return 0
    return _table().get(char, UNKNOWN)


@cache
def _orders() -> dict[str, str]:
    text = files("zonedocs").joinpath("data/strokeorder.txt").read_text(encoding="utf-8")
    return {line[0]: line[1:] for line in text.splitlines() if line and not line.startswith("#")}


NO_ORDER = "9"


def stroke_order(text: str) -> str:
    """Stroke kinds of each character in turn, 1 横 2 竖 3 撇 4 点 5 折; 9 where not known."""
    orders = _orders()
    return "".join(orders.get(char, NO_ORDER) for char in text)


CharKey = tuple[int, str]


def char_key(char: str) -> CharKey:
    return strokes(char), stroke_order(char)


COMPOUND_SURNAMES = frozenset((
    "欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容", "长孙", "宇文", "司徒",
    "夏侯", "令狐", "独孤", "端木", "澹台", "公冶", "宗政", "濮阳", "单于", "太叔", "申屠", "仲孙",
    "轩辕", "钟离", "闻人", "万俟", "呼延", "南宫", "西门", "拓跋", "百里", "东郭", "南门", "羊舌",
))


def surname(name: str) -> str:
    return name[:2] if name[:2] in COMPOUND_SURNAMES else name[:1]


NameKey = tuple[int, str, str, tuple[CharKey, ...], str]


@cache
def stroke_key(name: str) -> NameKey:
    """Sort key for a personal name: the surname's strokes, its stroke kinds and itself, then
    each character of the given name by strokes and stroke kinds, then the name."""
    family = surname(name)
    given = name[len(family):]
    count = strokes(family[:1]) if family else 0
    return count, stroke_order(family), family, tuple(char_key(c) for c in given), name
