"""A part keeps its own styles inside a volume (render/styles.py)."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import docx
from docx.shared import Pt

from zonedocs.render.compose import Part, Volume
from zonedocs.render.styles import PPR_ORDER

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def document(size: float, text: str, table: bool = False) -> bytes:
    made = docx.Document()
    made.styles["Normal"].font.size = Pt(size)
    made.add_paragraph(text)
    made.add_paragraph(text + "（二）", style="Heading 1")
    if table:
        made.add_table(rows=1, cols=1).cell(0, 0).text = text + "（表）"
    buffer = io.BytesIO()
    made.save(buffer)
    return buffer.getvalue()


def joined(*parts: bytes) -> docx.Document:
    volume = Volume(parts[0])
    for i, part in enumerate(parts[1:], start=1):
        volume.add(Part(part, f"zd_part_{i}"))
    return docx.Document(io.BytesIO(volume.to_bytes(2026)))


def test_pPr_order_is_the_schemas() -> None:
    from templates.builder.order import element_order

    assert element_order("CT_PPr") == PPR_ORDER


def test_a_part_whose_normal_differs_keeps_its_own() -> None:
    result = joined(document(14, "封面"), document(16, "正文", table=True), document(14, "同式"))
    by_text = {p.text: p for p in result.paragraphs}
    assert by_text["封面"].style.name == "Normal"
    own = by_text["正文"].style
    assert own.name != "Normal" and own.font.size == Pt(16)
    heading = by_text["正文（二）"].style  # based on the part's Normal, so copied too
    assert heading.name != "Heading 1" and heading.base_style.style_id == own.style_id
    cell = result.tables[0].cell(0, 0).paragraphs[0]
    assert cell.style.style_id == own.style_id
    assert by_text["同式"].style.name == "Normal"  # the same styles as the base: nothing copied
    ids = [s.style_id for s in result.styles]
    assert len(ids) == len(set(ids))


def test_a_part_with_other_document_defaults_keeps_them() -> None:
    base, part = document(14, "封面"), document(14, "正文")
    made = docx.Document(io.BytesIO(part))
    defaults = made.styles.element.find(
        "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}docDefaults")
    rpr = defaults.find(".//{http://schemas.openxmlformats.org/wordprocessingml/2006/main}rPr")
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    kern = OxmlElement("w:kern")
    kern.set(qn("w:val"), "7")
    rpr.append(kern)
    buffer = io.BytesIO()
    made.save(buffer)
    result = joined(base, buffer.getvalue())
    style = next(p for p in result.paragraphs if p.text == "正文").style
    assert style.name != "Normal"
    assert style.element.rPr.find(qn("w:kern")).get(qn("w:val")) == "7"
