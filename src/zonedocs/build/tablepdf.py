"""A table's PDF (联系群众台账, 季度考核表, 年度考核表) cut out of its branch's volume PDF with
its own page footer laid over it, so that LibreOffice lays each table out once, not twice.

In the 档案卷 a table is one part, in a section of its own with the table's page setup, and its
pages are those of the table converted alone but for the footer: the volume prints its running
page number (第 57 页) where the table prints its own (第 1 页　共 2 页). So the table's PDF is
the volume's pages of that part, each clipped above the volume's footer as a 合订本 is
(bundlepdf.py), with the table's own footer drawn over it from a *frame*: the table's .docx with
its body emptied to as many blank pages, which LibreOffice lays out in the same run in a moment.
Tables with the same page setup, footer, styles and number of pages share one frame.

The clipped page number of the volume stays in the file as text nobody sees or prints. A table
is cut only where every step can be checked: its volume is converted in the same run and holds
it as a part, the table has one section, a footer and no header, the volume's PDF gives the
part as many pages as were counted and the frame has, the frame's pages are the volume's size
and print only the table's footer, and the volume's pages only the volume's footer below the
body. Otherwise the table is converted on its own, as before.
"""

from __future__ import annotations

import ctypes
import hashlib
import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..documents import Composite
from .bundlepdf import Cut, Furniture, body_band, cut_pages, drawn, furniture, page_margins, reads_as

if TYPE_CHECKING:
    from pypdfium2 import PdfDocument, PdfPage

_SECTION = re.compile(rb"<w:sectPr\b")
_HEADER = re.compile(rb"<w:headerReference\b")
_FOOTER = re.compile(rb"<w:footerReference\b")
_BODY = b"<w:body>"
BLANK_PAGE = b"<w:p><w:pPr><w:pageBreakBefore/></w:pPr></w:p>"
SIZE_SLACK = 0.5  # points: a frame page and a volume page are the same size


@dataclass(frozen=True)
class Frame:
    """A table's footer, laid out over `pages` blank pages of its page setup. `key` names the
    frame (tables that share it print the same footers); `bottom` is the table's bottom page
    margin in points; `printed` what its footer prints."""

    key: str
    pages: int
    top: float
    bottom: float
    printed: Furniture


def part_of(path: str, volume: Composite) -> Cut | None:
    """Where the table at `path` sits among the volume's parts, if it is one of them."""
    for index, part in enumerate(volume.parts):
        if part.path == path:
            after = volume.parts[index + 1].bookmark if index + 1 < len(volume.parts) else None
            return Cut(part.bookmark, after)
    return None


def frame_of(docx: Path, pages: int) -> tuple[Frame, bytes] | None:
    """The table's frame of `pages` pages and the .docx that lays it out; None for a table
    that is not one section with a footer and no header."""
    if pages < 1:
        return None
    try:
        with zipfile.ZipFile(docx) as archive:
            members = [(info, archive.read(info)) for info in archive.infolist()]
    except (OSError, zipfile.BadZipFile):
        return None
    xml = next((data for info, data in members if info.filename == "word/document.xml"), b"")
    margins = page_margins(xml)
    if (margins is None or len(_SECTION.findall(xml)) != 1 or _HEADER.search(xml)
            or not _FOOTER.search(xml) or _BODY not in xml):
        return None
    printed = furniture(docx)
    if printed is None or printed.headers or not printed.footers:
        return None
    blank = (xml[:xml.index(_BODY) + len(_BODY)] + b"<w:p/>" + BLANK_PAGE * (pages - 1)
             + xml[xml.rindex(b"<w:sectPr"):])
    digest = hashlib.sha256(b"frame|%d|" % pages + blank)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as frame:
        for info, data in members:
            if info.filename == "word/document.xml":
                data = blank
            elif not info.filename.startswith("docProps/"):  # what the frame's pages show
                digest.update(b"|%s|%d|" % (info.filename.encode(), len(data)) + data)
            frame.writestr(info, data, compress_type=zipfile.ZIP_DEFLATED)
    return Frame(digest.hexdigest(), pages, *margins, printed), buffer.getvalue()


def cut(volume_pdf: bytes, where: Cut, volume_printed: Furniture, frame: Frame,
        frame_pdf: bytes) -> bytes | None:
    """The table's PDF: the volume's pages of the part, each clipped above the volume's
    footer, with the frame's page of the same number drawn over it; None where a check fails."""
    import pypdfium2
    import pypdfium2.raw as raw

    frames = pypdfium2.PdfDocument(frame_pdf)

    def framed(table: PdfDocument, index: int, page: PdfPage) -> bool:
        if not _prints_footer_only(frames[index], page.get_size(), frame):
            return False
        band = body_band(page, frame.top, frame.bottom, volume_printed)
        if band is None:
            return False
        # The page's content is wrapped in a clip of its own, so the footer drawn after it
        # is not clipped.
        clip = raw.FS_RECTF(0, band[0], page.get_width(), band[1])
        raw.FPDFPage_TransFormWithClip(page.raw, None, ctypes.byref(clip))
        footer = raw.FPDF_NewXObjectFromPage(table.raw, frames.raw, index)
        raw.FPDFPage_InsertObject(page.raw, raw.FPDF_NewFormObjectFromXObject(footer))
        raw.FPDF_CloseXObject(footer)
        return bool(raw.FPDFPage_GenerateContent(page.raw))

    try:
        if len(frames) != frame.pages:
            return None
        return cut_pages(volume_pdf, where, framed, count=frame.pages)
    finally:
        frames.close()


def _prints_footer_only(page: PdfPage, size: tuple[float, float], frame: Frame) -> bool:
    """Whether a frame page is of the volume page's size and prints only the table's footer,
    starting in the bottom margin."""
    width, height = page.get_size()
    if abs(width - size[0]) > SIZE_SLACK or abs(height - size[1]) > SIZE_SLACK:
        return False
    items = drawn(page)
    if not items or any(item.lower >= frame.bottom for item in items):
        return False
    textpage = page.get_textpage()
    try:
        return reads_as(items, frame.printed.footers, textpage)
    finally:
        textpage.close()
