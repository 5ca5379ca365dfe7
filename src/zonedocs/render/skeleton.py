"""A document's XML with its text taken out: what page counting parses once for all the
documents one template makes (render/pagination.py).

Documents from one template differ, almost always, only in the text of their `w:t` elements:
the same rows, cells, paragraphs and properties, with another member's name in them. So the
text is cut out of the XML with one regular expression, the rest — the skeleton — is parsed
the first time it is seen, and each document's text is read from its slots as it is laid
out. Each table cell and body paragraph is known by a digest of its skeleton XML and the span
of text slots it holds, so what is measured of it can be remembered by (that digest, the text
in the span): exactly what the element's XML would give, without serialising it again — and
shared by the identical cells of one table and of other skeletons.
"""

from __future__ import annotations

import hashlib
import html
import re
from collections import OrderedDict
from typing import Any

from lxml import etree

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_TEXT = re.compile(rb"(<w:t(?:\s[^>]*)?>)([^<]*)(</w:t>)")
_KEPT = 32  # skeletons remembered: a card, a pledge, a sign, a 台账 per branch …

Key = tuple[bytes, tuple[bytes, ...]]


class Skeleton:
    """One skeleton's parsed tree, and the text of the document being laid out."""

    def __init__(self, xml: bytes) -> None:
        root = etree.fromstring(xml)
        body = root.find(f"{W}body")
        if body is None:
            raise ValueError("no body")
        self.body = body
        self.slots = list(root.iter(f"{W}t"))
        self.text: list[bytes] = [b""] * len(self.slots)  # the raw text of each slot
        slot = {id(element): index for index, element in enumerate(self.slots)}
        self.slot_of = slot  # a text element's slot, by id (self.slots keeps each one alive)
        self._spans: dict[etree._Element, tuple[bytes, int, int]] = {}
        for element in [*body.iter(f"{W}tc"), *body.iterchildren(f"{W}p")]:
            digest = hashlib.sha256(etree.tostring(element)).digest()
            first = next(element.iter(f"{W}t"), None)
            if first is None:
                self._spans[element] = (digest, 0, 0)
            else:
                start = slot[id(first)]
                self._spans[element] = (digest, start, start + sum(1 for _ in element.iter(f"{W}t")))
        self.rows: dict[etree._Element, Any] = {}  # a table row's layout plan (pagination.py)
        self.shapes: dict[Any, Any] = {}  # a paragraph's shape (pagination.py)
        self.one_line: dict[Any, Any] = {}  # a row's or cell's height while its text fits (pagination.py)
        self.whole: list[Any] | None = None  # the pages while all its text fits (pagination.py)

    def fill(self, text: list[bytes]) -> None:
        """Take a document's text (raw, as `split` cut it out) to lay it out."""
        self.text = text

    def text_of(self, element: etree._Element) -> str:
        """The text of one of the tree's `w:t` elements in the document being laid out."""
        return _unescaped(self.text[self.slot_of[id(element)]])

    def key(self, element: etree._Element) -> Key | None:
        """What decides a cell's or body paragraph's measure, filled as it is now: its skeleton
        and its text. None for an element of another kind."""
        span = self._spans.get(element)
        if span is None:
            return None
        digest, start, end = span
        return digest, tuple(self.text[start:end])


def split(xml: bytes) -> tuple[bytes, list[bytes]]:
    """A document's skeleton and the raw text of its `w:t` elements, in document order."""
    parts = _TEXT.split(xml)
    text = parts[2::4]
    parts[2::4] = [b""] * len(text)
    return b"".join(parts), text


_SKELETONS: OrderedDict[bytes, Skeleton | None] = OrderedDict()
_SEEN: set[bytes] = set()


def skeleton(xml: bytes, text: list[bytes], styles: bytes) -> Skeleton | None:
    """The parsed skeleton, for `text` to be filled in; None the first time a skeleton is seen
    (a document no other is like is laid out from its own XML) and when the text slots cannot
    be matched to the tree one for one. What is measured depends on the styles too: a
    skeleton is kept for each of its styles (`styles`: what tells them apart)."""
    digest = hashlib.sha256(xml + styles).digest()
    if digest in _SKELETONS:
        _SKELETONS.move_to_end(digest)
        found = _SKELETONS[digest]
    elif digest not in _SEEN:
        if len(_SEEN) > 10_000:
            _SEEN.clear()
        _SEEN.add(digest)
        return None
    else:
        try:
            found = Skeleton(xml)
        except (etree.XMLSyntaxError, ValueError):
            found = None
        _SKELETONS[digest] = found
        if len(_SKELETONS) > _KEPT:
            _SKELETONS.popitem(last=False)
    if found is None or len(found.slots) != len(text):
        return None
    return found


def _unescaped(raw: bytes) -> str:
    text = raw.decode("utf-8")
    if "\r" in text:  # as an XML parser reads line ends
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return html.unescape(text) if "&" in text else text
