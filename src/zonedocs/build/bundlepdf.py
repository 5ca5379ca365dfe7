"""A print bundle's PDF cut out of its branch's volume PDF, so that LibreOffice lays the cards
and pledges out once, not twice.

The 档案卷 holds every 公示卡 (承诺书) of its branch as the 合订本 does: the same parts in the
same order, each in a section of its own with its own page setup. The pages differ only in what
the volume prints in the page margins — its footer with the running page number — because a
card or a pledge has no header or footer of its own. So the bundle's pages are the volume's
pages of those parts, copied as they are (pdfium imports them; nothing is laid out again or
re-encoded), each clipped to its body. The clipped page number stays in the file as text
nobody sees or prints.

A bundle is cut only where every step can be checked: the volume is converted in the same run,
its parts hold the bundle's in one run, the bundle has no header or footer and one page margin
throughout, the volume's PDF names the page each part starts on, and on every page what lies
in a margin is exactly the text of the volume's header or footer (its fields as any number).
Otherwise the bundle is converted on its own, as before.
"""

from __future__ import annotations

import ctypes
import html
import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..documents import Composite, DocKind
from .pagenumbers import part_pages

if TYPE_CHECKING:
    from collections.abc import Callable

    from pypdfium2 import PdfDocument, PdfPage, PdfTextPage

_MARGIN = re.compile(rb"<w:pgMar\b[^>]*>")
_TOP = re.compile(rb'\sw:top="(-?\d+)"')
_BOTTOM = re.compile(rb'\sw:bottom="(-?\d+)"')
_HEADER_FOOTER = re.compile(rb"<w:(?:header|footer)Reference\b")
_FURNITURE_PART = re.compile(r"word/(header|footer)\d*\.xml")
_RUN_TOKEN = re.compile(r'<w:fldChar\b[^>]*w:fldCharType="(begin|end)"|<w:t(?:\s[^>]*)?>([^<]*)</w:t>'
                        r'|<w:(fldSimple)\b[^>]*?(/?)>|</w:(fldSimple)>')
_FIELD_RESULT = r"[0-9A-Za-z\-—]+"  # what a PAGE or NUMPAGES field shows
TWIPS_PER_POINT = 20
ROOM = 3.0  # points kept clear beyond a header's or footer's box: a glyph is drawn past its box
TEXT_OBJECT = 1  # FPDF_PAGEOBJ_TEXT


@dataclass(frozen=True)
class Cut:
    """Where a bundle's pages are in its volume: from the part bookmarked `first` up to the
    one bookmarked `after` (None: to the volume's end)."""

    first: str
    after: str | None


@dataclass(frozen=True)
class Furniture:
    """What the volume prints in the margins: the text of its headers and of its footers."""

    headers: tuple[re.Pattern[str], ...]
    footers: tuple[re.Pattern[str], ...]


def cut_of(bundle: Composite, volume: Composite) -> Cut | None:
    """Where the bundle's parts sit in the volume, if they are a run of its parts."""
    if bundle.kind is not DocKind.BUNDLE or volume.kind is not DocKind.ARCHIVE:
        return None
    wanted = [p.path for p in bundle.parts]
    paths = [p.path for p in volume.parts]
    if not wanted:
        return None
    for start in range(len(paths) - len(wanted) + 1):
        if paths[start:start + len(wanted)] == wanted:
            end = start + len(wanted)
            after = volume.parts[end].bookmark if end < len(volume.parts) else None
            return Cut(volume.parts[start].bookmark, after)
    return None


def margins(docx: Path) -> tuple[float, float] | None:
    """The top and bottom page margins (points) of a document with one margin throughout and
    no header or footer; None for any other."""
    try:
        with zipfile.ZipFile(docx) as archive:
            xml = archive.read("word/document.xml")
    except (OSError, KeyError, zipfile.BadZipFile):
        return None
    if _HEADER_FOOTER.search(xml):
        return None
    return page_margins(xml)


def page_margins(xml: bytes) -> tuple[float, float] | None:
    """The top and bottom page margins (points) of a document.xml with one margin throughout;
    None for any other."""
    found = set(_MARGIN.findall(xml))
    if len(found) != 1:
        return None
    tag = found.pop()
    top, bottom = _TOP.search(tag), _BOTTOM.search(tag)
    if top is None or bottom is None:
        return None
    return abs(int(top.group(1))) / TWIPS_PER_POINT, abs(int(bottom.group(1))) / TWIPS_PER_POINT


def furniture(docx: Path) -> Furniture | None:
    """The volume's header and footer texts, each as a pattern its printed text must match."""
    headers: list[re.Pattern[str]] = []
    footers: list[re.Pattern[str]] = []
    try:
        with zipfile.ZipFile(docx) as archive:
            for name in archive.namelist():
                match = _FURNITURE_PART.fullmatch(name)
                if match:
                    pattern = _printed(archive.read(name).decode("utf-8"))
                    (headers if match.group(1) == "header" else footers).append(pattern)
    except (OSError, KeyError, zipfile.BadZipFile, UnicodeDecodeError):
        return None
    return Furniture(tuple(headers), tuple(footers))


def _printed(xml: str) -> re.Pattern[str]:
    """What a header or footer part prints, white space aside: its text, and for each field
    whatever a page number may look like."""
    pattern: list[str] = []
    depth = 0
    for token in _RUN_TOKEN.finditer(xml):
        field, text, simple, empty, simple_end = token.groups()
        if field == "begin" or simple:
            if depth == 0:
                pattern.append(_FIELD_RESULT)
            depth += 0 if empty else 1
        elif field == "end" or simple_end:
            depth = max(0, depth - 1)
        elif text is not None and depth == 0:
            pattern.append(re.escape(_squeezed(html.unescape(text))))
    return re.compile("".join(pattern))


def cut(volume_pdf: bytes, where: Cut, top: float, bottom: float, printed: Furniture) -> bytes | None:
    """The bundle's PDF: the volume's pages of its parts, each clipped to its body; None when
    the volume's PDF does not say where the parts are, or a page cannot be told apart from
    the volume's header and footer."""
    import pypdfium2.raw as raw

    def clipped(document: PdfDocument, index: int, page: PdfPage) -> bool:
        band = body_band(page, top, bottom, printed)
        if band is None:
            return False
        clip = raw.FPDF_CreateClipPath(0, band[0], page.get_width(), band[1])
        raw.FPDFPage_InsertClipPath(page.raw, clip)
        raw.FPDF_DestroyClipPath(clip)
        return True

    return cut_pages(volume_pdf, where, clipped)


def cut_pages(volume_pdf: bytes, where: Cut, finish: Callable[[PdfDocument, int, PdfPage], bool],
              count: int | None = None) -> bytes | None:
    """The volume's pages of the parts `where` names, as a PDF of their own, each page
    finished by `finish(the new PDF, its index there, the page)`; None when the volume's PDF
    does not say where the parts are, has not `count` pages of them (if given), or `finish`
    refuses a page."""
    import pypdfium2

    source = pypdfium2.PdfDocument(volume_pdf)
    try:
        pages = page_range(volume_pdf, where, len(source))
        if pages is None or (count is not None and len(pages) != count):
            return None
        made = pypdfium2.PdfDocument.new()
        try:
            made.import_pages(source, pages=list(pages))
            for index in range(len(made)):
                if not finish(made, index, made[index]):
                    return None
            buffer = io.BytesIO()
            made.save(buffer)
            return buffer.getvalue()
        finally:
            made.close()
    finally:
        source.close()


def page_range(volume_pdf: bytes, where: Cut, count: int) -> range | None:
    """The indexes (from 0) of the volume's pages from the part `where.first` up to the one
    `where.after`; None when the PDF does not name those parts' pages."""
    starts = part_pages(volume_pdf)
    first = starts.get(where.first)
    last = count if where.after is None else starts.get(where.after, 0) - 1
    if first is None or last < first:
        return None
    return range(first - 1, last)


@dataclass(frozen=True)
class Drawn:
    """One object drawn on a page, as pdfium holds it: its handle, type and box (points)."""

    handle: object
    type: int
    left: float
    lower: float
    right: float
    upper: float


def drawn(page: PdfPage) -> list[Drawn]:
    """What is drawn on a page, read straight from pdfium: a volume page has hundreds of
    objects, and pypdfium2's wrapper of each costs more than its box."""
    import pypdfium2.raw as raw

    box = [ctypes.c_float() for _ in range(4)]
    found = []
    for index in range(raw.FPDFPage_CountObjects(page.raw)):
        handle = raw.FPDFPage_GetObject(page.raw, index)
        raw.FPDFPageObj_GetBounds(handle, *(ctypes.byref(side) for side in box))
        found.append(Drawn(handle, raw.FPDFPageObj_GetType(handle), *(side.value for side in box)))
    return found


def body_band(page: PdfPage, top: float, bottom: float, printed: Furniture) -> tuple[float, float] | None:
    """The band of the page to keep: from just above the footer to just below the header,
    never into the body. What starts in the bottom margin must read as the volume's footer
    (a tall footer may reach above the margin: Word and LibreOffice then push the body up),
    what ends in the top margin as its header; else None. A volume without a header prints
    nothing at the top: all there is the part's (its first line or rule may reach into the
    margin by a point or two)."""
    height = page.get_height()
    footer: list[Drawn] = []
    header: list[Drawn] = []
    body_low, body_high = height, 0.0
    for item in drawn(page):
        if item.lower < bottom:
            footer.append(item)
        elif item.upper > height - top and printed.headers:
            header.append(item)
        else:
            body_low, body_high = min(body_low, item.lower), max(body_high, item.upper)
    textpage = page.get_textpage()
    try:
        if not (reads_as(footer, printed.footers, textpage)
                and reads_as(header, printed.headers, textpage)):
            return None
    finally:
        textpage.close()
    low = max([bottom, *(item.upper for item in footer)])
    high = min([height, *(item.lower for item in header)])
    if low > body_low or high < body_high:  # the footer or header reaches into the body
        return None
    return min(low + ROOM, body_low), max(high - ROOM, body_high)


def reads_as(items: list[Drawn], patterns: tuple[re.Pattern[str], ...], textpage: PdfTextPage) -> bool:
    """Whether the objects are text reading as one of the patterns, line by line, left to right."""
    import pypdfium2.raw as raw

    if not items:
        return True
    if any(item.type != TEXT_OBJECT for item in items):
        return False
    text = []
    for item in _reading_order(items):
        size = raw.FPDFTextObj_GetText(item.handle, textpage.raw, None, 0)
        buffer = ctypes.create_string_buffer(size)
        raw.FPDFTextObj_GetText(item.handle, textpage.raw,
                                ctypes.cast(buffer, ctypes.POINTER(ctypes.c_ushort)), size)
        text.append(buffer.raw[:size].decode("utf-16-le", "replace").rstrip("\x00"))
    read = _squeezed("".join(text))
    return any(pattern.fullmatch(read) for pattern in patterns)


def _reading_order(items: list[Drawn]) -> list[Drawn]:
    """Lines from the top (objects that overlap in height share a line), each left to right."""
    lines: list[list[Drawn]] = []
    floor = float("inf")
    for item in sorted(items, key=lambda item: -item.upper):
        if item.upper <= floor or not lines:
            lines.append([])
            floor = item.lower
        lines[-1].append(item)
        floor = min(floor, item.lower)
    return [item for line in lines for item in sorted(line, key=lambda item: item.left)]


def _squeezed(text: str) -> str:
    return "".join(text.split())
