"""Shared pieces of the default templates: fonts set for Chinese, page set-up, paragraphs, tables."""

from __future__ import annotations

import io
import os
import zipfile
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

FANG = "仿宋_GB2312"
SONG = "宋体"
HEI = "黑体"
KAI = "楷体_GB2312"
XBS = "方正小标宋简体"
RED = RGBColor(0xE0, 0x00, 0x00)
CENTER, LEFT, RIGHT, JUSTIFY = (WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.LEFT,
                                WD_ALIGN_PARAGRAPH.RIGHT, WD_ALIGN_PARAGRAPH.JUSTIFY)
# Where the templates are written; ZONEDOCS_TEMPLATES_OUT lets a test build them elsewhere.
TEMPLATES = Path(os.environ.get("ZONEDOCS_TEMPLATES_OUT") or Path(__file__).resolve().parents[1])


A4 = (210.0, 297.0)
A3 = (297.0, 420.0)


def new_document(body_font: str = FANG, body_size: float = 12, landscape: bool = False,
                 margins_mm: tuple[float, float, float, float] = (20, 20, 20, 20),
                 paper_mm: tuple[float, float] = A4) -> Document:
    """A blank document (A4 unless told) whose styles name Chinese fonts and the zh-CN language."""
    doc = Document()
    _chinese_styles(doc, body_font, body_size)
    section = doc.sections[0]
    width, height = paper_mm
    section.page_width, section.page_height = Mm(width), Mm(height)
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Mm(height), Mm(width)
    top, right, bottom, left = margins_mm
    section.top_margin, section.right_margin = Mm(top), Mm(right)
    section.bottom_margin, section.left_margin = Mm(bottom), Mm(left)
    section.header_distance, section.footer_distance = Mm(12), Mm(12)
    return doc


def _chinese_styles(doc: Document, font: str, size: float) -> None:
    styles = doc.styles.element
    for fonts in styles.iter(qn("w:rFonts")):
        for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
            fonts.attrib.pop(qn(attr), None)
    for lang in styles.iter(qn("w:lang")):
        lang.set(qn("w:val"), "en-US")
        lang.set(qn("w:eastAsia"), "zh-CN")
    defaults = styles.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    fonts = defaults.find(qn("w:rFonts"))
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), font if attr == "w:eastAsia" else "Times New Roman")
    # The document grid measures characters against the default size: make it the body size.
    for tag_name in ("w:sz", "w:szCs"):
        element = defaults.find(qn(tag_name))
        if element is not None:
            element.set(qn("w:val"), str(int(size * 2)))
    normal = doc.styles["Normal"]
    normal.font.size = Pt(size)
    set_fonts(normal.element.get_or_add_rPr(), font)
    normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.space_before = Pt(0)
    for style in doc.styles:
        rpr = style.element.rPr
        if rpr is not None and rpr.find(qn("w:rFonts")) is not None and style.name != "Normal":
            set_fonts(rpr, font)


def set_fonts(rpr, east_asian: str, latin: str = "Times New Roman") -> None:
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attr), None)
    fonts.set(qn("w:ascii"), latin)
    fonts.set(qn("w:hAnsi"), latin)
    fonts.set(qn("w:eastAsia"), east_asian)
    fonts.set(qn("w:cs"), latin)


def run(paragraph, text: str, font: str = FANG, size: float | None = None, bold: bool = False,
        color: RGBColor | None = None, underline: bool = False, scale: int | None = None,
        latin: str | None = None):
    r = paragraph.add_run(text)
    set_fonts(r._r.get_or_add_rPr(), font, latin or "Times New Roman")
    if size:
        r.font.size = Pt(size)
    r.font.bold = bold or None
    r.font.underline = underline or None
    if color is not None:
        r.font.color.rgb = color
    if scale:
        w = OxmlElement("w:w")
        w.set(qn("w:val"), str(scale))
        r._r.get_or_add_rPr().append(w)
    return r


def para(container, text: str = "", font: str = FANG, size: float | None = None,
         align=None, indent_chars: float = 0, bold: bool = False, color=None,
         before: float = 0, after: float = 0, line: float | None = None, keep_next: bool = False,
         grid: bool = True):
    """A paragraph with one run; `indent_chars` is a first-line indent in characters."""
    p = container.add_paragraph()
    if text:
        run(p, text, font, size, bold, color)
    fmt = p.paragraph_format
    if align is not None:
        p.alignment = align
    fmt.space_before, fmt.space_after = Pt(before), Pt(after)
    if line:
        fmt.line_spacing = Pt(line)
    if keep_next:
        fmt.keep_with_next = True
    if indent_chars:
        ind = p._p.get_or_add_pPr().get_or_add_ind()
        ind.set(qn("w:firstLineChars"), str(int(indent_chars * 100)))
        ind.set(qn("w:firstLine"), str(int(indent_chars * (size or 12) * 20)))
    if not grid:
        snap = OxmlElement("w:snapToGrid")
        snap.set(qn("w:val"), "0")
        p._p.get_or_add_pPr().append(snap)
    return p


def tag(container, text: str):
    """A paragraph holding only a block tag such as {%p for … %} (removed when rendered)."""
    p = container.add_paragraph()
    p.add_run(text)
    return p


def page_break(doc) -> None:
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def table(doc, widths_mm: list[float], header: list[str] | None = None, font: str = FANG,
          size: float = 10.5, header_font: str = HEI, repeat_header: bool = True):
    """A bordered table with fixed column widths and an optional bold header row. Columns too
    narrow for their header on one line are widened, the widest column giving up the room; the
    caller's `widths_mm` is changed to match, so rows added with it line up."""
    if header:
        widths_mm[:] = fit_headers(widths_mm, header, size)
    t = doc.add_table(rows=1 if header else 0, cols=len(widths_mm))
    t.style = doc.styles["Table Grid"]
    t.alignment = WD_TABLE_ALIGNMENT.CENTER
    t.autofit = False
    tbl_pr = t._tbl.tblPr
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    tbl_pr.append(layout)
    for column, width in zip(t.columns, widths_mm, strict=True):
        column.width = Mm(width)
    if header:
        row = t.rows[0]
        for cell, text, width in zip(row.cells, header, widths_mm, strict=True):
            cell.width = Mm(width)
            cell_text(cell, text, header_font, size, CENTER, bold=False)
            shade(cell, "F2DCDB")
        if repeat_header:
            trpr = row._tr.get_or_add_trPr()
            flag = OxmlElement("w:tblHeader")
            trpr.append(flag)
    return t


CELL_MARGINS_MM = 4.0  # Word's and LibreOffice's default cell margins, left and right, with slack


def fit_headers(widths_mm: list[float], header: list[str], size: float) -> list[float]:
    """Widths in which every header fits on one line (a 表头 never breaks inside a word)."""
    needed = [sum(1 if ord(ch) >= 0x2E80 else 0.5 for ch in text) * size * 25.4 / 72
              + CELL_MARGINS_MM for text in header]
    fitted = [max(w, round(n + 0.05, 1)) for w, n in zip(widths_mm, needed, strict=True)]
    widest = max(range(len(fitted)), key=lambda i: fitted[i])
    fitted[widest] = round(fitted[widest] - (sum(fitted) - sum(widths_mm)), 1)
    if fitted[widest] < needed[widest]:
        raise ValueError(f"table too narrow for its headers: {header}")
    return fitted


def add_row(t, texts: list[str], widths_mm: list[float], font: str = FANG, size: float = 10.5,
            aligns: list | None = None):
    row = t.add_row()
    for i, (cell, text, width) in enumerate(zip(row.cells, texts, widths_mm, strict=True)):
        cell.width = Mm(width)
        cell_text(cell, text, font, size, (aligns[i] if aligns else CENTER))
    return row


# A table line's height, in ems of its text: exact, so a table lays out alike whatever face a
# machine substitutes (their natural line heights run from 1.3 to 2 ems) and its page count
# can be worked out without a layout engine (render/pagination.py).
CELL_LINE = 1.4


def cell_text(cell, text: str, font: str = FANG, size: float = 10.5, align=CENTER,
              bold: bool = False):
    p = cell.paragraphs[0]
    if text:
        run(p, text, font, size, bold)
    p.alignment = align
    p.paragraph_format.line_spacing = Pt(round(size * CELL_LINE * 2) / 2)
    snap = OxmlElement("w:snapToGrid")
    snap.set(qn("w:val"), "0")
    p._p.get_or_add_pPr().append(snap)
    cell.vertical_alignment = 1  # centre
    return p


def cell_padding(t, top_mm: float, bottom_mm: float, side_mm: float = 1.9) -> None:
    """Room inside every cell of a table, so no text sits on a rule."""
    margins = OxmlElement("w:tblCellMar")
    for side, value in (("top", top_mm), ("left", side_mm), ("bottom", bottom_mm),
                        ("right", side_mm)):
        edge = OxmlElement(f"w:{side}")
        edge.set(qn("w:w"), str(round(value * 1440 / 25.4)))
        edge.set(qn("w:type"), "dxa")
        margins.append(edge)
    t._tbl.tblPr.append(margins)


def shade(cell, fill: str) -> None:
    tc_pr = cell._tc.get_or_add_tcPr()
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    tc_pr.append(shd)


def border(paragraph, side: str, size_eighths: int, color: str = "000000", space: int = 1) -> None:
    ppr = paragraph._p.get_or_add_pPr()
    borders = ppr.find(qn("w:pBdr"))
    if borders is None:
        borders = OxmlElement("w:pBdr")
        ppr.append(borders)
    edge = OxmlElement(f"w:{side}")
    edge.set(qn("w:val"), "single")
    edge.set(qn("w:sz"), str(size_eighths))
    edge.set(qn("w:space"), str(space))
    edge.set(qn("w:color"), color)
    borders.append(edge)


def page_number_footer(section, odd_even: bool = False, font: str = SONG, size: float = 14,
                       of_total: bool = False) -> None:
    """Footers with a centred page number (`第 N 页`, or `第 N 页 共 M 页` for a table that may
    run over pages), or GB/T 9704's `— N —` right on odd pages, left on even."""
    footers = [(section.footer, RIGHT if odd_even else CENTER)]
    if odd_even:
        footers.append((section.even_page_footer, LEFT))
    for footer, align in footers:
        p = footer.paragraphs[0]
        p.alignment = align
        if odd_even:
            ind = p._p.get_or_add_pPr().get_or_add_ind()
            ind.set(qn("w:leftChars" if align == LEFT else "w:rightChars"), "100")
        if odd_even:  # GB/T 9704: one character in from the edge (twips for LibreOffice)
            ind.set(qn("w:left" if align == LEFT else "w:right"), str(int(size * 20)))
            p.paragraph_format.line_spacing = Pt(size)
            snap = OxmlElement("w:snapToGrid")
            snap.set(qn("w:val"), "0")
            p._p.get_or_add_pPr().append(snap)
        # the dashes are Latin punctuation: set them in the same face as the number
        run(p, "— " if odd_even else "第 ", font, size, latin=font if odd_even else None)
        _field(p, "PAGE", font, size, latin=font if odd_even else None)
        run(p, " —" if odd_even else " 页", font, size, latin=font if odd_even else None)
        if of_total:
            run(p, "　共 ", font, size)
            _field(p, "NUMPAGES", font, size)
            run(p, " 页", font, size)


def _field(paragraph, instruction: str, font: str, size: float, latin: str | None = None) -> None:
    for kind, text in (("begin", None), (None, instruction), ("separate", None), (None, "1"),
                       ("end", None)):
        r = run(paragraph, "", font, size, latin=latin)
        if kind:
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), kind)
            r._r.append(char)
        elif text == instruction:
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = f" {instruction} "
            r._r.append(instr)
        else:
            r.text = text


def signature_block(doc, lines: list[str], size: float = 12) -> None:
    for text in lines:
        para(doc, text, FANG, size, LEFT, before=10, line=size * 1.8)


def save(doc, name: str) -> Path:
    """Save with fixed zip timestamps and core properties, so a rebuild is byte-identical."""
    props = doc.core_properties
    props.author = "zonedocs"
    props.last_modified_by = "zonedocs"
    props.title = name.removesuffix(".docx")
    props.revision = 1
    import datetime as dt

    props.created = props.modified = dt.datetime(2026, 1, 1)
    buffer = io.BytesIO()
    doc.save(buffer)
    source = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    parts = {info.filename: source.read(info) for info in source.infolist()}
    _slim(parts)
    _schema_order(parts)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for part_name, payload in parts.items():
            fixed = zipfile.ZipInfo(part_name, date_time=(2026, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(fixed, payload)
    path = TEMPLATES / name
    path.write_bytes(out.getvalue())
    return path



def loop_rows(t, loop: str, texts: list[str], widths_mm: list[float], font: str = FANG,
              size: float = 10.5, aligns: list | None = None) -> None:
    """Three rows: `{%tr for … %}`, the repeated row, `{%tr endfor %}` (docxtpl drops the
    rows that hold the tags)."""
    add_row(t, ["{%tr " + loop + " %}"] + [""] * (len(widths_mm) - 1), widths_mm, font, size)
    add_row(t, texts, widths_mm, font, size, aligns)
    add_row(t, ["{%tr endfor %}"] + [""] * (len(widths_mm) - 1), widths_mm, font, size)


_DROPPED = ("word/stylesWithEffects.xml", "docProps/thumbnail.jpeg")


def _schema_order(parts: dict[str, bytes]) -> None:
    """Every property in the order the Office schemas require (see order.py)."""
    from lxml import etree

    from .order import put_in_order

    for name, payload in parts.items():
        if name.startswith("word/") and name.endswith(".xml"):
            root = etree.fromstring(payload)
            put_in_order(root)
            parts[name] = etree.tostring(root, xml_declaration=True, encoding="UTF-8",
                                         standalone=True)


def _slim(parts: dict[str, bytes]) -> None:
    """Leave out what python-docx's default template carries but no document here uses:
    Word 2010's stylesWithEffects, the thumbnail, latent styles, and unused styles. Each
    output is then a few kilobytes instead of forty, and opens faster in Word and LibreOffice."""
    import re

    from lxml import etree

    for name in _DROPPED:
        parts.pop(name, None)
    for rels in ("_rels/.rels", "word/_rels/document.xml.rels"):
        parts[rels] = re.sub(rb'<Relationship [^>]*Target="(?:stylesWithEffects\.xml|'
                             rb'docProps/thumbnail\.jpeg)"/>', b"", parts[rels])
    parts["[Content_Types].xml"] = re.sub(
        rb'<Override PartName="/(?:word/stylesWithEffects\.xml|docProps/thumbnail\.jpeg)"[^>]*/>',
        b"", parts["[Content_Types].xml"])
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
        b'<Default Extension="jpeg" ContentType="image/jpeg"/>', b"")
    used = set()
    for name, payload in parts.items():
        if name.startswith("word/") and name.endswith(".xml") and name != "word/styles.xml":
            used |= {m.decode() for m in re.findall(rb'w:(?:pStyle|rStyle|tblStyle) w:val="([^"]+)"',
                                                     payload)}
    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    styles = etree.fromstring(parts["word/styles.xml"])
    for latent in styles.findall(f"{w}latentStyles"):
        styles.remove(latent)
    by_id = {s.get(f"{w}styleId"): s for s in styles.findall(f"{w}style")}
    keep = {i for i, s in by_id.items() if s.get(f"{w}default") == "1"} | used
    pending = list(keep)
    while pending:
        style = by_id.get(pending.pop())
        if style is None:
            continue
        for link in ("basedOn", "next", "link"):
            element = style.find(f"{w}{link}")
            if element is not None and element.get(f"{w}val") not in keep:
                keep.add(element.get(f"{w}val"))
                pending.append(element.get(f"{w}val"))
    for style_id, style in by_id.items():
        if style_id not in keep:
            styles.remove(style)
    parts["word/styles.xml"] = etree.tostring(styles, xml_declaration=True, encoding="UTF-8",
                                              standalone=True)
