"""How many pages a rendered document takes, worked out from its XML without a layout engine.

Used for the 卷内目录's page numbers when LibreOffice is not there to lay the volume out (with
it, `--pdf` writes LibreOffice's own numbers back; build/pagenumbers.py). The count is exact
where the templates fix the layout — table lines have exact heights (templates/builder,
`CELL_LINE`), the 实施意见's body sits on a document grid of fixed pitch, and a Chinese
character is one em wide in every face — and an estimate where a layout engine decides:
where Latin text wraps, a line that only punctuation rules push over, widows and orphans.

Units are twips (1/20 pt) throughout.
"""

from __future__ import annotations

import bisect
import functools
import hashlib
import itertools
import math
import re
from dataclasses import dataclass

from lxml import etree

from . import bodystream
from .bodystream import STREAM_ABOVE
from .skeleton import Key, Skeleton, skeleton, split
from .zipreader import Package

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
WP = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"
NATURAL_LINE = 1.4  # a single-spaced line, in ems, where nothing fixes it (faces vary 1.3–2.0)
LATIN_EM = 0.5  # the width of a character outside ASCII and the Chinese ranges, in ems
AUTOSPACE = 0.25  # the room set between Chinese and Latin letters or digits, in ems
BORDER = 10  # a table's 0.5 pt rule between rows
_WIDE = re.compile(r"[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60"
                   r"\uffe0-\uffe6\u2014\u2026\u201c\u201d\u2018\u2019\u00b7\u3000-\u303f]")


@dataclass(frozen=True)
class Spacing:
    before: int = 0
    after: int = 0
    line: int = 240
    rule: str = "auto"


@dataclass
class Page:
    """Where the flow stands: the page count and the height used on the current page."""

    height: int
    count: int = 1
    used: int = 0
    hard: bool = True  # the page began at a section's start or a page break, not by overflow

    def new(self, hard: bool = False) -> None:
        self.count += 1
        self.used = 0
        self.hard = hard

    def take(self, height: int) -> None:
        """Place a block that cannot split (a line, a table row) of `height`."""
        if self.used and self.used + height > self.height:
            self.new()
        self.used += height
        self.hard = False


@dataclass(frozen=True)
class Geometry:
    width: int
    height: int
    pitch: int | None  # the document grid's line pitch, when lines snap to it


class Styles:
    """The paragraph and table properties a document's styles give, resolved through basedOn."""

    def __init__(self, xml: bytes | None) -> None:
        root = etree.fromstring(xml) if xml else etree.Element(f"{W}styles")
        self.key = hashlib.sha256(xml or b"").digest()  # equal for equal styles
        self.by_id = {s.get(f"{W}styleId"): s for s in root.iter(f"{W}style")}
        defaults = root.find(f"{W}docDefaults")
        self.size = _size(defaults.find(f".//{W}rPrDefault/{W}rPr") if defaults is not None else None)
        spacing = defaults.find(f".//{W}pPrDefault/{W}pPr/{W}spacing") if defaults is not None else None
        self.spacing = _spacing(spacing, Spacing())
        self.default_paragraph = next((sid for sid, s in self.by_id.items()
                                       if s.get(f"{W}type") == "paragraph"
                                       and s.get(f"{W}default") in ("1", "true")), None)
        self.cache: dict[str | None, tuple[int, Spacing]] = {}
        self.faces: dict[str | None, Face] = {}
        self.tables: dict[str | None, tuple[Spacing | None, tuple[int, int, int, int]]] = {}
        self.props: dict[tuple[bytes, Spacing | None], Props] = {}
        self.run_faces: dict[tuple[bytes, Face], Face] = {}
        # cell heights, by where the cell stands (grid pitch, table spacing and margins), then
        # by what it holds and its width
        self.cells: dict[tuple[int | None, Spacing | None, tuple[int, int, int, int]],
                         dict[tuple[object, int], int]] = {}
        self.measures: dict[tuple[Key, int, int | None, Spacing | None], Measure] = {}

    def paragraph(self, style_id: str | None) -> tuple[int, Spacing]:
        """The size (half-points) and spacing of a paragraph style."""
        style_id = style_id or self.default_paragraph
        if style_id not in self.cache:
            chain = self._chain(style_id)
            size, spacing = self.size, self.spacing
            for style in reversed(chain):
                size = _size(style.find(f"{W}rPr"), size)
                spacing = _spacing(style.find(f"{W}pPr/{W}spacing"), spacing)
            self.cache[style_id] = (size, spacing)
        return self.cache[style_id]

    def run_face(self, rpr: etree._Element | None, inherited: Face) -> Face:
        """A run's face over its paragraph's, worked out once for each distinct w:rPr."""
        if rpr is None:
            return inherited
        key = (etree.tostring(rpr), inherited)
        if key not in self.run_faces:
            self.run_faces[key] = _face(rpr, inherited)
        return self.run_faces[key]

    def face(self, style_id: str | None) -> Face:
        """The size, horizontal scale and character spacing a paragraph style gives its runs."""
        style_id = style_id or self.default_paragraph
        if style_id not in self.faces:
            face = Face(self.paragraph(style_id)[0])
            for style in reversed(self._chain(style_id)):
                face = _face(style.find(f"{W}rPr"), face)
            self.faces[style_id] = face
        return self.faces[style_id]

    def table(self, style_id: str | None) -> tuple[Spacing | None, tuple[int, int, int, int]]:
        """A table style's paragraph spacing and its cell margins (top, bottom, left, right)."""
        if style_id not in self.tables:
            spacing: Spacing | None = None
            margins = (0, 0, 108, 108)
            for style in reversed(self._chain(style_id)):
                found = style.find(f"{W}pPr/{W}spacing")
                if found is not None:
                    spacing = _spacing(found, spacing or Spacing())
                margins = _margins(style.find(f"{W}tblPr/{W}tblCellMar"), margins)
            self.tables[style_id] = (spacing, margins)
        return self.tables[style_id]

    def _chain(self, style_id: str | None) -> list[etree._Element]:
        chain: list[etree._Element] = []
        while style_id in self.by_id and len(chain) < 20:
            style = self.by_id[style_id]
            chain.append(style)
            based = style.find(f"{W}basedOn")
            style_id = based.get(f"{W}val") if based is not None else None
        return chain


@functools.lru_cache(maxsize=16)
def _styles(xml: bytes) -> Styles:
    """The styles of a document; the parts of one template share them."""
    return Styles(xml or None)


MEMO_BOUND = 2_000  # measures remembered for one set of styles: more costs memory, not time
_COUNTED: dict[bytes, int] = {}  # by digest: a document in every volume (the 实施意见) is counted once


def count_pages(data: bytes) -> int:
    """The number of pages a .docx takes."""
    digest = hashlib.sha256(data).digest()
    if digest not in _COUNTED:
        if len(_COUNTED) > 100_000:
            _COUNTED.clear()
        _COUNTED[digest] = _count(Package(data))
    return _COUNTED[digest]


def count_read(package: Package, xml: bytes) -> int:
    """The number of pages of a .docx already opened, its document part `xml` read (a
    volume's parts, which it joins from the same reading)."""
    return _count(package, xml)


def _count(package: Package, xml: bytes | None = None) -> int:
    styles = _package_styles(package)
    if xml is None:
        xml = package.read("word/document.xml")
    large = len(xml) > STREAM_ABOVE  # one of a kind (the 实施意见 of a large company): streamed
    memo = None
    if not large:  # parsed once for a template's documents
        cut, text = split(xml)
        memo = skeleton(cut, text, styles.key)
    fits = False
    if memo is not None:
        if memo.whole is None:
            memo.whole = [_whole(memo, styles), 0]
        checks, pages = memo.whole
        if checks is not None:
            misfit = _misfit(text, checks)
            fits = misfit < 0
            if misfit > 0:  # the documents of a template mostly overflow in the same place
                checks.insert(0, checks.pop(misfit))
        if fits and pages:
            return int(pages)
        memo.fill(text)
    total = _laid_out(xml, styles, memo, large)
    if fits:
        assert memo is not None and memo.whole is not None
        memo.whole[1] = total
    return total


_STYLES_XML: dict[tuple[int, bytes], bytes] = {}  # by the entry as stored: read once a template


def _package_styles(package: Package) -> Styles:
    """The styles of a document: the parts of one template store them alike, so they are
    inflated and parsed once."""
    if "word/styles.xml" not in package.entries:
        return _styles(b"")
    stored = (package.entries["word/styles.xml"][0], package.raw("word/styles.xml"))
    xml = _STYLES_XML.get(stored)
    if xml is None:
        if len(_STYLES_XML) > 16:
            _STYLES_XML.clear()
        xml = _STYLES_XML[stored] = package.read("word/styles.xml")
    return _styles(xml)


def _laid_out(xml: bytes, styles: Styles, memo: Skeleton | None, large: bool) -> int:
    """The pages of a document's body, laid out block by block."""
    streamed = bodystream.sections(xml, _keeps) if large else None
    if streamed is None:
        body = memo.body if memo is not None else etree.fromstring(xml).find(f"{W}body")
        assert body is not None
        streamed = ((section, iter([blocks])) for blocks, section in _sections(body))
    total = 0
    for section, chunks in streamed:
        geometry = _geometry(section)
        page = Page(geometry.height)
        for blocks in chunks:  # a chain of paragraphs kept with the next is never cut
            for index, block in enumerate(blocks):
                if block.tag == f"{W}p":
                    kept = _kept_with_next(blocks, index, styles, geometry, memo)
                    if kept and page.used and page.used + kept > page.height:
                        page.new()
                    _paragraph(block, styles, geometry, page, memo=memo)
                elif block.tag == f"{W}tbl":
                    _table(block, styles, geometry, page, memo=memo)
        total += page.count
    return total


def _kept_with_next(blocks: list[etree._Element], index: int, styles: Styles,
                    geometry: Geometry, memo: Skeleton | None) -> int:
    """For a paragraph kept with the next (a heading), the height that must share its page:
    it, the paragraphs it is chained to, and the first line of what follows; 0 otherwise."""
    if index and _keeps(blocks[index - 1]):
        return 0  # its chain was measured from the first of it
    height = 0
    while index < len(blocks) and _keeps(blocks[index]):
        height += _paragraph(blocks[index], styles, geometry, Page(10 ** 9), memo=memo)
        index += 1
    if not height:
        return 0
    if index < len(blocks) and blocks[index].tag == f"{W}p":
        height += _first_line(blocks[index], styles, geometry)
    elif index < len(blocks) and blocks[index].tag == f"{W}tbl":
        scratch = Page(10 ** 9)
        _table(blocks[index], styles, geometry, scratch, rows=1, memo=memo)
        height += scratch.used
    return height


def _keeps(block: etree._Element) -> bool:
    return block.tag == f"{W}p" and _on(block.find(f"{W}pPr/{W}keepNext"))


def _first_line(p: etree._Element, styles: Styles, geometry: Geometry) -> int:
    props = _props(p.find(f"{W}pPr"), styles, None)
    line = _line_height(props.size, props.spacing, geometry.pitch if props.snap else None)
    return props.spacing.before + line


def _sections(body: etree._Element) -> list[tuple[list[etree._Element], etree._Element | None]]:
    sections: list[tuple[list[etree._Element], etree._Element | None]] = []
    blocks: list[etree._Element] = []
    for child in body:
        if child.tag == f"{W}sectPr":
            continue
        blocks.append(child)
        inner = child.find(f"{W}pPr/{W}sectPr") if child.tag == f"{W}p" else None
        if inner is not None:
            sections.append((blocks, inner))
            blocks = []
    sections.append((blocks, body.find(f"{W}sectPr")))
    return [s for s in sections if s[0] or len(sections) == 1]


def _geometry(section: etree._Element | None) -> Geometry:
    size = section.find(f"{W}pgSz") if section is not None else None
    margin = section.find(f"{W}pgMar") if section is not None else None
    grid = section.find(f"{W}docGrid") if section is not None else None
    width, height = _int(size, "w", 11906), _int(size, "h", 16838)
    top, bottom = abs(_int(margin, "top", 1440)), abs(_int(margin, "bottom", 1440))
    left, right = _int(margin, "left", 1800), _int(margin, "right", 1800)
    pitch = None
    if grid is not None and grid.get(f"{W}type") in ("lines", "linesAndChars", "snapToChars"):
        pitch = _int(grid, "linePitch", 0) or None
    return Geometry(width - left - right, height - top - bottom, pitch)


def _paragraph(p: etree._Element, styles: Styles, geometry: Geometry, page: Page,
               width: int | None = None, base: Spacing | None = None,
               memo: Skeleton | None = None) -> int:
    """Lay a paragraph on `page`; its height (for a table cell, where `page` is a scratch one)."""
    width = width if width is not None else geometry.width
    known = memo.key(p) if memo is not None else None
    if known is None:
        return _place(_measure(p, styles, geometry, width, base, memo), page)
    key = (known, width, geometry.pitch, base)
    measure = styles.measures.get(key)
    if measure is None:
        if len(styles.measures) > MEMO_BOUND:
            styles.measures.clear()
        measure = styles.measures[key] = _measure(p, styles, geometry, width, base, memo)
    return _place(measure, page)


@dataclass(frozen=True)
class Measure:
    """A paragraph measured, before it is placed: the heights of its lines, None where a page
    break falls."""

    break_before: bool
    before: int
    after: int
    lines: tuple[int | None, ...]


def _measure(p: etree._Element, styles: Styles, geometry: Geometry, width: int,
             base: Spacing | None, memo: Skeleton | None = None) -> Measure:
    shape = memo.shapes.get((p, base)) if memo is not None else None
    if shape is None:
        shape = _shape(p, styles, base)
        if memo is not None:  # the skeleton's paragraph keeps its shape; only its text changes
            memo.shapes[(p, base)] = shape
    props, runs, pictures = shape
    segments = _segments(runs, memo)
    sizes = [f.size for segment in segments if segment for _, f in segment]
    size = max(sizes or [props.size])
    spacing = props.spacing
    line = _line_height(size, spacing, geometry.pitch if props.snap else None)
    available = width - props.sides
    heights: list[int | None] = []
    for index, text in enumerate(segments):
        if text is None:  # a page break
            heights.append(None)
            continue
        lines = _lines(text, available, props.first if index == 0 else 0)
        for number in range(lines):
            tall = max(pictures) if pictures and number == 0 and index == 0 else 0
            heights.append(max(line, tall))
    return Measure(props.break_before, spacing.before, spacing.after, tuple(heights))


def _place(measure: Measure, page: Page) -> int:
    if measure.break_before:
        page.new(hard=True)
    start = page.used
    # space before is dropped at the top of a page the text flowed onto, as Word does
    page.used += measure.before if page.used or page.hard else 0
    for height in measure.lines:
        if height is None:
            page.new(hard=True)
        else:
            page.take(height)
    page.used += measure.after
    if page.used > page.height:
        page.used = page.height
    return page.used - start


@dataclass(frozen=True)
class Props:
    """What a paragraph's properties, over its style's, decide for its layout."""

    size: int
    spacing: Spacing
    face: Face
    break_before: bool
    snap: bool
    sides: int  # left and right indents
    first: int  # first-line indent (negative: hanging)


def _props(element: etree._Element | None, styles: Styles, base: Spacing | None) -> Props:
    """A paragraph's properties worked out once for each distinct w:pPr (table rows repeat them)."""
    key = (etree.tostring(element) if element is not None else b"", base)
    found = styles.props.get(key)
    if found is not None:
        return found
    style = element.find(f"{W}pStyle") if element is not None else None
    style_id = style.get(f"{W}val") if style is not None else None
    size, spacing = styles.paragraph(style_id)
    if base is not None:  # a table style's paragraph spacing sits over the paragraph style's
        spacing = base
    spacing = _spacing(element.find(f"{W}spacing") if element is not None else None, spacing)
    snap = element is None or element.find(f"{W}snapToGrid") is None or \
        _on(element.find(f"{W}snapToGrid"))
    indent = element.find(f"{W}ind") if element is not None else None
    found = Props(size, spacing, styles.face(style_id),
                  element is not None and _on(element.find(f"{W}pageBreakBefore")), snap,
                  _int(indent, "left", 0) + _int(indent, "right", 0),
                  _int(indent, "firstLine", 0) - _int(indent, "hanging", 0))
    styles.props[key] = found
    return found


# Advance widths of Times New Roman (and the metric-compatible Liberation Serif LibreOffice
# uses for it), in thousandths of an em, for the printable ASCII characters from the space on.
_TIMES = (250, 333, 408, 500, 500, 833, 778, 180, 333, 333, 500, 564, 250, 333, 250, 278,
          500, 500, 500, 500, 500, 500, 500, 500, 500, 500, 278, 278, 564, 564, 564, 444,
          921, 722, 667, 667, 722, 611, 556, 722, 722, 333, 389, 722, 611, 889, 722, 722,
          556, 722, 667, 556, 611, 722, 722, 944, 722, 722, 611, 333, 278, 333, 469, 500,
          333, 444, 500, 444, 500, 444, 333, 500, 500, 278, 278, 500, 278, 778, 500, 500,
          500, 500, 333, 389, 278, 500, 500, 722, 500, 500, 444, 480, 200, 480, 541)
_TOKEN = re.compile(r"[!-~]+|\s|.", re.S)  # a Latin word (unbreakable), a space, a character


@functools.cache
def _em(character: str) -> float:
    """A character's width in ems."""
    code = ord(character)
    if 32 <= code < 127:
        return _TIMES[code - 32] / 1000
    return 1.0 if _WIDE.match(character) or code > 0x2000 else LATIN_EM


@dataclass(frozen=True)
class Face:
    """What decides a run's width: its size in half-points, horizontal scale, extra spacing."""

    size: int
    scale: int = 100
    extra: int = 0  # twips added after each character

    def width(self, text: str) -> float:
        return sum(_em(c) for c in text) * self.size * self.scale / 10 + len(text) * self.extra


def _face(rpr: etree._Element | None, inherited: Face) -> Face:
    if rpr is None:
        return inherited
    scale = rpr.find(f"{W}w")
    extra = rpr.find(f"{W}spacing")
    return Face(_size(rpr, inherited.size), _int(scale, "val", inherited.scale),
                _int(extra, "val", inherited.extra))


Segment = list[tuple[str, Face]]


Runs = list[tuple[Face, list[etree._Element | str | None]]]
Shape = tuple[Props, Runs, list[int]]


def _shape(p: etree._Element, styles: Styles, base: Spacing | None) -> Shape:
    """What of a paragraph does not depend on its text: its properties, its runs' faces and
    content (a text element, a break as text, None for a page break), its pictures' heights."""
    props = _props(p.find(f"{W}pPr"), styles, base)
    runs: Runs = []
    in_field = False
    for run in p.iter(f"{W}r"):
        items: list[etree._Element | str | None] = []
        for node in run:
            tag = node.tag
            if tag == f"{W}fldChar":
                in_field = node.get(f"{W}fldCharType") == "begin"
            elif tag == f"{W}br" and node.get(f"{W}type") == "page":
                items.append(None)
            elif tag in (f"{W}br", f"{W}cr"):
                items.append("\n")
            elif tag == f"{W}tab":
                items.append("\u3000\u3000")
            elif tag == f"{W}t" and not in_field:
                items.append(node)
        runs.append((styles.run_face(run.find(f"{W}rPr"), props.face), items))
    pictures = [_int(e, "cy", 0) // 635 for e in p.iter(f"{WP}extent")]
    return props, runs, pictures


def _segments(runs: Runs, memo: Skeleton | None = None) -> list[Segment | None]:
    """A paragraph's text, split at its page breaks (None); a line break is a newline."""
    segments: list[Segment | None] = []
    current: Segment = []
    for face, items in runs:
        for item in items:
            if item is None:
                segments += [current, None]
                current = []
            elif isinstance(item, str):
                current.append((item, face))
            else:
                current.append((memo.text_of(item) if memo is not None else item.text or "",
                                face))
    segments.append(current)
    return segments


def _lines(segment: Segment, width: int, first: int) -> int:
    """Lines a paragraph's text takes in a column `width` twips wide: filled greedily, a Chinese
    character or a space where the line is full, a Latin word whole unless longer than a line."""
    bound = first + sum(len(text) * (face.size * 10 * face.scale / 100 * (1 + AUTOSPACE) + face.extra)
                        for text, face in segment)
    if bound <= width and not any("\n" in text for text, _ in segment):
        return 1  # even at the widest every character could be, it is one line
    lines, used = 1, float(first)
    previous = ""
    for text, face in segment:
        for token in _TOKEN.findall(text):
            if token == "\n":
                lines, used, previous = lines + 1, 0.0, ""
                continue
            needed = face.width(token)
            if previous and _gap(previous, token[0]):  # Word's and LibreOffice's autospace
                needed += face.size * 10 * AUTOSPACE
            previous = token[-1]
            if used + needed <= width + 1:
                used += needed
            elif len(token) > 1 and needed > width:  # a word longer than a line breaks anywhere
                for character in token:
                    step = face.width(character)
                    if used + step > width + 1:
                        lines, used = lines + 1, 0.0
                    used += step
            elif token.isspace():
                continue  # a space at the end of a line takes no room
            else:
                lines, used = lines + 1, needed
    return lines


def _gap(before: str, after: str) -> bool:
    """Whether a Chinese character meets a Latin letter or digit (autospace adds room there)."""
    wide_before, wide_after = bool(_WIDE.match(before)), bool(_WIDE.match(after))
    return (wide_before and after.isascii() and after.isalnum()) or \
        (wide_after and before.isascii() and before.isalnum())


def _line_height(size: int, spacing: Spacing, pitch: int | None) -> int:
    natural = size * 10 * NATURAL_LINE
    if spacing.rule == "exact":
        return pitch * max(1, math.ceil(spacing.line / pitch - 0.05)) if pitch else spacing.line
    height = max(spacing.line, natural) if spacing.rule == "atLeast" else natural * spacing.line / 240
    if pitch:
        return pitch * max(1, math.ceil(height / pitch - 0.05))
    return round(height)


def _table(table: etree._Element, styles: Styles, geometry: Geometry, page: Page,
           rows: int | None = None, memo: Skeleton | None = None) -> None:
    """Lay a table's rows (its first `rows` only, if given) on `page`."""
    setting = _table_setting(table, styles)
    if setting is None:
        return  # a floating table sits beside the flow
    spacing, margins, grid = setting
    header = 0  # the height of the rows repeated at the top of each page
    heading = True  # still in the table's first rows, which alone can repeat
    for row in table.findall(f"{W}tr")[:rows]:
        height = _row(row, styles, geometry, spacing, margins, grid, memo)
        row_props = row.find(f"{W}trPr")
        repeated = heading and row_props is not None and row_props.find(f"{W}tblHeader") is not None
        heading = repeated
        if repeated:
            header += height
        before = page.count
        page.take(height)
        if page.count != before and header and not repeated:
            page.used += header


TableSetting = tuple[Spacing | None, tuple[int, int, int, int], list[int]]


def _table_setting(table: etree._Element, styles: Styles) -> TableSetting | None:
    """A table's paragraph spacing, cell margins and column widths; None for a floating table."""
    props = table.find(f"{W}tblPr")
    if props is not None and props.find(f"{W}tblpPr") is not None:
        return None
    style = props.find(f"{W}tblStyle") if props is not None else None
    spacing, margins = styles.table(style.get(f"{W}val") if style is not None else None)
    margins = _margins(props.find(f"{W}tblCellMar") if props is not None else None, margins)
    columns = table.find(f"{W}tblGrid")  # its own grid: a table in a cell has its own
    grid = [] if columns is None else [_int(c, "w", 0) for c in columns.iterchildren(f"{W}gridCol")]
    return spacing, margins, grid


def _row(row: etree._Element, styles: Styles, geometry: Geometry, spacing: Spacing | None,
         margins: tuple[int, int, int, int], grid: list[int], memo: Skeleton | None) -> int:
    cells, fixed = _planned_row(row, grid, memo)
    if fixed is not None and fixed[1]:
        return fixed[0] + BORDER  # an exact height: what the cells hold cannot change it
    if memo is not None:  # a row whose every cell is sure to keep its height keeps its own
        known = memo.one_line.get(row)  # a row of the skeleton sits in one table, one section
        if known is None:
            known = memo.one_line[row] = RowMemo(_row_checks(cells, styles, spacing, margins, memo))
        if known.checks is not None:
            misfit = _misfit(memo.text, known.checks)
            if misfit < 0:
                if known.height is None:
                    known.height = _measured_row(cells, fixed, styles, geometry, spacing,
                                                 margins, memo)
                return known.height
            return _partly_measured(known, misfit, cells, fixed, styles, geometry, spacing,
                                    margins, memo)
    return _measured_row(cells, fixed, styles, geometry, spacing, margins, memo)


class RowMemo:
    """What a skeleton's table row keeps: each cell's one-line checks end to end (None when a
    cell cannot be checked), where each cell's end, the row's height while all of them fit,
    and, by the cells that do not, the height of the others (each of which then fits)."""

    __slots__ = ("checks", "ends", "height", "others")

    def __init__(self, found: tuple[OneLine, list[int]] | None) -> None:
        self.checks: OneLine | None = found[0] if found is not None else None
        self.ends: list[int] = found[1] if found is not None else []
        self.height: int | None = None
        self.others: dict[tuple[int, ...], int] = {}


def _partly_measured(known: RowMemo, misfit: int,
                     cells: list[tuple[etree._Element, int, etree._Element | None]],
                     fixed: tuple[int, bool] | None, styles: Styles, geometry: Geometry,
                     spacing: Spacing | None, margins: tuple[int, int, int, int],
                     memo: Skeleton) -> int:
    """A row where some cells' text may wrap (a long team name): those are measured, and the
    others, which fit, are as high together as whenever the same cells wrap."""
    assert known.checks is not None
    ends, text = known.ends, memo.text
    wrapped = []
    while misfit >= 0:
        index = bisect.bisect_right(ends, misfit)
        wrapped.append(index)
        misfit = _misfit(text, known.checks, ends[index])
    heights = styles.cells.setdefault((geometry.pitch, spacing, margins), {})
    key = tuple(wrapped)
    others = known.others.get(key)
    if others is None:
        others = known.others[key] = max(
            (_cell(cell, width, props, styles, geometry, spacing, margins, heights, memo)
             for index, (cell, width, props) in enumerate(cells) if index not in wrapped),
            default=0)
    content = max(others, *(_cell(*cells[index], styles, geometry, spacing, margins, heights,
                                  memo) for index in wrapped))
    if fixed is not None:
        content = max(content, fixed[0])
    return content + BORDER


def _row_checks(cells: list[tuple[etree._Element, int, etree._Element | None]], styles: Styles,
                spacing: Spacing | None, margins: tuple[int, int, int, int],
                memo: Skeleton) -> tuple[OneLine, list[int]] | None:
    """A row's cells' one-line checks end to end, and where each cell's end; None when a
    cell cannot be checked."""
    checks: OneLine = []
    ends = []
    for cell, width, props in cells:
        found = _one_line(cell, width, props, styles, spacing, margins, memo)
        if found is None:
            return None
        checks += found
        ends.append(len(checks))
    return checks, ends


def _measured_row(cells: list[tuple[etree._Element, int, etree._Element | None]],
                  fixed: tuple[int, bool] | None, styles: Styles, geometry: Geometry,
                  spacing: Spacing | None, margins: tuple[int, int, int, int],
                  memo: Skeleton | None) -> int:
    heights = styles.cells.setdefault((geometry.pitch, spacing, margins), {})
    content = 0
    for cell, width, props in cells:
        content = max(content, _cell(cell, width, props, styles, geometry, spacing, margins,
                                     heights, memo))
    if fixed is not None:
        content = max(content, fixed[0])
    return content + BORDER


def _cell(cell: etree._Element, width: int, props: etree._Element | None, styles: Styles,
          geometry: Geometry, spacing: Spacing | None, margins: tuple[int, int, int, int],
          heights: dict[tuple[object, int], int], memo: Skeleton | None) -> int:
    """A table cell's height. Most cells keep each paragraph on one line, whatever name or
    number fills them: such a cell is as high as with any other such text, and is measured
    once for its skeleton."""
    if memo is not None:
        known = memo.one_line.get(cell)
        if known is None:
            known = memo.one_line[cell] = [_one_line(cell, width, props, styles, spacing,
                                                      margins, memo), None]
        checks, height = known
        if checks is not None and _fits(memo.text, checks):
            if height is None:
                height = known[1] = _measured_cell(cell, width, props, styles, geometry,
                                                   spacing, margins, memo)
            return int(height)
    key = ((memo.key(cell) if memo is not None else None) or etree.tostring(cell), width)
    height = heights.get(key)  # tables repeat cells: 群众, 每月, an empty 备注 …
    if height is None:
        if len(heights) > MEMO_BOUND:
            heights.clear()
        height = heights[key] = _measured_cell(cell, width, props, styles, geometry, spacing,
                                               margins, memo)
    return height


def _measured_cell(cell: etree._Element, width: int, props: etree._Element | None,
                   styles: Styles, geometry: Geometry, spacing: Spacing | None,
                   margins: tuple[int, int, int, int], memo: Skeleton | None) -> int:
    top, bottom, left, right = _margins(props.find(f"{W}tcMar") if props is not None else None,
                                        margins)
    scratch = Page(10 ** 9)
    for block in cell:
        if block.tag == f"{W}p":
            _paragraph(block, styles, geometry, scratch, width - left - right, spacing, memo)
        elif block.tag == f"{W}tbl":
            _table(block, styles, geometry, scratch, memo=memo)
    return scratch.used + top + bottom


# each paragraph's text slots (with their face and the widths known in it) and its room
OneLine = list[tuple[list[tuple[int, Face, dict[bytes, float]]], float]]


def _one_line(cell: etree._Element, width: int, props: etree._Element | None, styles: Styles,
              spacing: Spacing | None, margins: tuple[int, int, int, int],
              memo: Skeleton) -> OneLine | None:
    """For each paragraph of a cell: the face of each text slot and the room on its first
    line; None for a cell where a paragraph breaks its line or that holds a table, which is
    measured every time."""
    _, _, left, right = _margins(props.find(f"{W}tcMar") if props is not None else None, margins)
    checks: OneLine = []
    for block in cell:
        if block.tag == f"{W}tbl":
            return None
        if block.tag == f"{W}p":
            check = _paragraph_check(block, styles, spacing, width - left - right, memo)
            if check is None:
                return None
            checks.append(check)
    return checks


def _paragraph_check(p: etree._Element, styles: Styles, base: Spacing | None, width: int,
                     memo: Skeleton) -> tuple[list[tuple[int, Face, dict[bytes, float]]], float] | None:
    """A paragraph's text slots with their faces, and the room on its first line in a column
    `width` twips wide; None where it breaks its line."""
    shape = memo.shapes.get((p, base))
    if shape is None:
        shape = memo.shapes[(p, base)] = _shape(p, styles, base)
    props, runs, _ = shape
    slots = []
    for face, items in runs:
        for item in items:
            if item is None or isinstance(item, str):
                return None  # a page or line break
            slots.append((memo.slot_of[id(item)], face, _WIDTHS.setdefault(face, {})))
    return slots, width - props.sides - props.first


def _whole(memo: Skeleton, styles: Styles) -> OneLine | None:
    """Every paragraph the layout measures, in the body and in table cells, checked as
    `_one_line` checks a cell's: when all of them fit on one line, the document has the pages
    of any other of its skeleton whose text does too. None where one cannot be checked."""
    checks: OneLine = []
    for blocks, section in _sections(memo.body):
        geometry = _geometry(section)
        for block in blocks:
            if block.tag == f"{W}p":
                check = _paragraph_check(block, styles, None, geometry.width, memo)
                if check is None:
                    return None
                checks.append(check)
            elif block.tag == f"{W}tbl":
                setting = _table_setting(block, styles)
                if setting is None:
                    continue
                spacing, margins, grid = setting
                for row in block.findall(f"{W}tr"):
                    cells, fixed = _planned_row(row, grid, memo)
                    if fixed is not None and fixed[1]:
                        continue
                    found = _row_checks(cells, styles, spacing, margins, memo)
                    if found is None:
                        return None
                    checks += found[0]
    return checks


def _fits(text: list[bytes], checks: OneLine) -> bool:
    """Whether every paragraph's text is sure to fit on its first line: then each is one line,
    and what holds them is as high as with any other such text."""
    return _misfit(text, checks) < 0


def _misfit(text: list[bytes], checks: OneLine, start: int = 0) -> int:
    """The first of `checks` (from `start` on) whose text may not fit on one line; -1 when
    all fit."""
    for number in range(start, len(checks)):
        slots, room = checks[number]
        used = 0.0
        for index, face, widths in slots:
            raw = text[index]
            if raw:
                width = widths.get(raw)
                if width is None:
                    if len(widths) > 1 << 14:
                        widths.clear()
                    width = widths[raw] = _widest(raw, face)
                used += width
        if used > room:
            return number
    return -1


_ALNUM = bytes(range(48, 58)) + bytes(range(65, 91)) + bytes(range(97, 123))
_WIDTHS: dict[Face, dict[bytes, float]] = {}  # by face, the widest each raw text can be


def _widest(raw: bytes, face: Face) -> float:
    """The most room a slot's raw text can take on one line, as `_lines` lays it: its width,
    the autospace wherever a Chinese character meets a Latin letter or digit, and one more
    where the slot begins (the text before it may end either way). An escape (&amp;) is
    wider than what it stands for; a line end, written or as a character reference, makes
    it unbounded."""
    if b"\n" in raw or b"\r" in raw or b"&#" in raw:
        return math.inf
    text = raw.decode("utf-8")
    gaps = 1
    if not raw.isascii() and len(raw.translate(None, _ALNUM)) < len(raw):
        gaps += sum(1 for before, after in itertools.pairwise(text) if _gap(before, after))
    return face.width(text) + gaps * face.size * 10 * AUTOSPACE


def _planned_row(row: etree._Element, grid: list[int], memo: Skeleton | None) -> RowPlan:
    plan = memo.rows.get(row) if memo is not None else None
    if plan is None:
        plan = _row_plan(row, grid)
        if memo is not None:
            memo.rows[row] = plan
    return plan


RowPlan = tuple[list[tuple[etree._Element, int, etree._Element | None]], tuple[int, bool] | None]


def _row_plan(row: etree._Element, grid: list[int]) -> RowPlan:
    """A row's measured cells (each with its width and properties; a cell merged into the one
    above is left out, its content spread over its rows) and its set height, if any."""
    cells = []
    column = 0
    for cell in row.findall(f"{W}tc"):
        props = cell.find(f"{W}tcPr")
        span = _int(props.find(f"{W}gridSpan") if props is not None else None, "val", 1)
        width = sum(grid[column:column + span]) or _int(
            props.find(f"{W}tcW") if props is not None else None, "w", 2000)
        column += span
        if props is None or props.find(f"{W}vMerge") is None:
            cells.append((cell, width, props))
    row_props = row.find(f"{W}trPr")
    height = row_props.find(f"{W}trHeight") if row_props is not None else None
    fixed = (_int(height, "val", 0), height.get(f"{W}hRule") == "exact") if height is not None else None
    return cells, fixed


def _margins(element: etree._Element | None,
             inherited: tuple[int, int, int, int]) -> tuple[int, int, int, int]:
    if element is None:
        return inherited
    values = []
    for side, fallback in zip(("top", "bottom", ("left", "start"), ("right", "end")), inherited,
                              strict=True):
        names = side if isinstance(side, tuple) else (side,)
        found = next((element.find(f"{W}{n}") for n in names if element.find(f"{W}{n}") is not None),
                     None)
        values.append(_int(found, "w", fallback))
    return values[0], values[1], values[2], values[3]


def _spacing(element: etree._Element | None, inherited: Spacing) -> Spacing:
    if element is None:
        return inherited
    return Spacing(_int(element, "before", inherited.before), _int(element, "after", inherited.after),
                   _int(element, "line", inherited.line),
                   element.get(f"{W}lineRule") or ("auto" if element.get(f"{W}line") else inherited.rule))


def _size(rpr: etree._Element | None, inherited: int = 21) -> int:
    found = rpr.find(f"{W}sz") if rpr is not None else None
    return _int(found, "val", inherited)


def _on(element: etree._Element | None) -> bool:
    return element is not None and element.get(f"{W}val", "1") not in ("0", "false", "off")


def _int(element: etree._Element | None, attribute: str, fallback: int) -> int:
    if element is None:
        return fallback
    value = element.get(f"{W}{attribute}") or element.get(attribute)
    try:
        return int(float(value)) if value is not None else fallback
    except ValueError:
        return fallback
