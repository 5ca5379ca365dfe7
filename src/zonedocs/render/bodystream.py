"""A large document's body read block by block, for page counting (render/pagination.py).

The 实施意见 of a 10,000-member company carries every zone in its 附件: 28 MB of XML, whose
tree would take some 350 MB in every process that counts it. Read with `iterparse`, each
body-level block (a paragraph, a table) is laid out as soon as it is whole and then dropped,
so only a few blocks are held at a time.

Blocks come in chunks that a chain of paragraphs kept with the next never crosses: a chunk ends
after a block that is not kept with the next, which is what page counting's look-ahead needs.
A section's page setup is read from its `w:sectPr` before its blocks, found in the raw XML in
document order: the n-th `w:sectPr` is taken to close the n-th section, as it does wherever
section breaks sit in body paragraphs (the only place Word and the templates put them). A
document with a tracked change of section properties, whose old `w:sectPr` would break that
count, is read whole (None is returned).
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Iterator

from lxml import etree

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
STREAM_ABOVE = 4 << 20  # bytes of document XML: smaller documents are read whole
_SECTION = re.compile(rb"<w:sectPr\b(?:[^>]*/>|.*?</w:sectPr>)", re.S)
_ROOT = re.compile(rb"<w:document\b[^>]*>")

# What a body holds besides its w:sectPr (CT_Body's block-level content, ISO/IEC 29500-1 17.2.2)
_BLOCK_TAGS = [f"{W}{name}" for name in (
    "p", "tbl", "sdt", "customXml", "altChunk", "bookmarkStart", "bookmarkEnd", "proofErr",
    "permStart", "permEnd", "commentRangeStart", "commentRangeEnd", "moveFromRangeStart",
    "moveFromRangeEnd", "moveToRangeStart", "moveToRangeEnd", "ins", "del", "moveFrom", "moveTo",
    "customXmlInsRangeStart", "customXmlInsRangeEnd", "customXmlDelRangeStart",
    "customXmlDelRangeEnd", "customXmlMoveFromRangeStart", "customXmlMoveFromRangeEnd",
    "customXmlMoveToRangeStart", "customXmlMoveToRangeEnd")]
Chunks = Iterator[list[etree._Element]]


def sections(xml: bytes, keeps: Callable[[etree._Element], bool]
             ) -> Iterator[tuple[etree._Element | None, Chunks]] | None:
    """Each section's properties with its blocks in chunks (`keeps`: whether a block is kept
    with the next); consume each section's chunks before asking for the next section. None
    where the sections cannot be told in advance."""
    root = _ROOT.search(xml)
    found = _SECTION.findall(xml)
    if root is None or not found or b"sectPrChange" in xml or xml.count(b"<w:sectPr") != len(found):
        return None
    props = [etree.fromstring(root.group(0) + s + b"</w:document>").find(f"{W}sectPr") for s in found]
    return _sections(_blocks(xml), props, keeps)


def _sections(blocks: Iterator[etree._Element], props: list[etree._Element | None],
              keeps: Callable[[etree._Element], bool]) -> Iterator[tuple[etree._Element | None, Chunks]]:
    pending: list[etree._Element | None] = [next(blocks, None)]
    for index, section in enumerate(props):
        last = index == len(props) - 1
        if pending[0] is None and not (last and index == 0):
            return
        yield section, _chunks(blocks, pending, last, keeps)


def _chunks(blocks: Iterator[etree._Element], pending: list[etree._Element | None],
            last: bool, keeps: Callable[[etree._Element], bool]) -> Chunks:
    """The section's blocks from `pending[0]` on, in chunks; leaves the first block of the
    next section in `pending[0]`."""
    chunk: list[etree._Element] = []
    while pending[0] is not None:
        block = pending[0]
        chunk.append(block)
        pending[0] = next(blocks, None)
        ends = not last and block.tag == f"{W}p" and block.find(f"{W}pPr/{W}sectPr") is not None
        if ends or not keeps(block):
            yield chunk
            _drop(chunk)
            chunk = []
        if ends:
            return
    if chunk:
        yield chunk
        _drop(chunk)


def _drop(blocks: list[etree._Element]) -> None:
    """Free blocks laid out: emptied first, they leave the tree at no cost."""
    for block in blocks:
        block.clear()
        parent = block.getparent()
        if parent is not None:
            parent.remove(block)


def _blocks(xml: bytes) -> Iterator[etree._Element]:
    """The body's children but its `w:sectPr`, each once whole."""
    for _, element in etree.iterparse(io.BytesIO(xml), events=("end",), tag=_BLOCK_TAGS, huge_tree=True):
        parent = element.getparent()
        if parent is not None and parent.tag == f"{W}body":
            yield element
