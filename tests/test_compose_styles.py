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


def test_every_paragraph_is_given_the_style_and_references_are_renamed(built: Path) -> None:
    """Naming the default paragraph style gives every paragraph of every sample body one
    w:pStyle, first in its properties, and leaves the body well-formed; an empty paragraph with
    attributes keeps them. Renaming touches style references only, never text that looks
    like one."""
    import re
    import zipfile

    from lxml import etree

    from zonedocs.render.styles import _name_paragraph_style, rename_references

    root = b'<r xmlns:w="w" xmlns:w14="w14" xmlns:wp="wp" xmlns:a="a" xmlns:pic="pic" xmlns:r="r"' \
           b' xmlns:mc="mc" xmlns:wps="wps" xmlns:wpg="wpg" xmlns:v="v" xmlns:o="o" xmlns:w10="w10"' \
           b' xmlns:wp14="wp14" xmlns:w15="w15" xmlns:m="m" xmlns:a14="a14">'
    bodies = []
    for path in sorted(built.rglob("*.docx")):
        xml = zipfile.ZipFile(path).read("word/document.xml")
        bodies.append(xml[xml.index(b"<w:body>"):xml.rindex(b"</w:body>") + 9])
    bodies.append(b'<w:body><w:p/><w:p><w:pPr/><w:r><w:t>a</w:t></w:r></w:p>'
                  b'<w:p w14:paraId="1"><w:r/></w:p><w:p><w:pPr><w:pStyle w:val="X"/></w:pPr></w:p>'
                  b'<w:p w:rsidR="2"><w:pPr><w:jc w:val="left"/></w:pPr></w:p><w:p w:rsidR="3"/>'
                  b'<w:tbl><w:tr><w:tc><w:p/></w:tc></w:tr></w:tbl></w:body>')
    paragraphs = 0
    for body in bodies:
        named = _name_paragraph_style(body, b"Normal-zd1")
        tree = etree.fromstring(root + named + b"</r>")
        for p in tree.iter("{w}p"):
            properties = p.find("{w}pPr")
            assert properties is not None and properties[0].tag == "{w}pStyle", named
            paragraphs += 1
        assert len(re.findall(rb"<w:p[ >/]", named)) == len(re.findall(rb"<w:p[ >/]", body))
    assert paragraphs > 1000  # the sample was there to check
    assert _name_paragraph_style(b'<w:p w:rsidR="3"/>', b"N") == \
        b'<w:p w:rsidR="3"><w:pPr><w:pStyle w:val="N"/></w:pPr></w:p>'

    body = (b'<w:p><w:pPr><w:pStyle w:val="Normal"/></w:pPr><w:r><w:rPr><w:rStyle w:val="Strong"/>'
            b'</w:rPr><w:t>Style w:val="Normal"</w:t></w:r></w:p><w:tbl><w:tblPr>'
            b'<w:tblStyle w:val="TableGrid"/><w:tblStyleRowBandSize w:val="1"/></w:tblPr></w:tbl>')
    ids = {b"Normal": b"Normal-zd2", b"TableGrid": b"TableGrid-zd2", b"1": b"never"}
    renamed = rename_references(body, ids)
    assert renamed == (body.replace(b'pStyle w:val="Normal"', b'pStyle w:val="Normal-zd2"')
                       .replace(b'w:val="TableGrid"', b'w:val="TableGrid-zd2"'))
    assert rename_references(body, {}) is body


def test_a_volume_can_start_from_the_styles_its_parts_share() -> None:
    """A volume told to start from its parts' styles joins those parts as they are; the base
    (the cover) is carried in like a part: its body and its footer keep their own look."""
    from zipfile import ZipFile

    made = docx.Document(io.BytesIO(document(14, "封面")))
    made.sections[0].footer.paragraphs[0].text = "页脚"
    buffer = io.BytesIO()
    made.save(buffer)
    base = buffer.getvalue()
    parts = [document(12, f"卡片{i}") for i in range(3)] + [document(16, "另式"),
                                                             document(14, "同封面")]
    shared = ZipFile(io.BytesIO(parts[0])).read("word/styles.xml")
    volume = Volume(base, styles=shared)
    for i, part in enumerate(parts, start=1):
        volume.add(Part(part, f"zd_part_{i}"))
    result = docx.Document(io.BytesIO(volume.to_bytes(2026)))
    by_text = {p.text: p for p in result.paragraphs}
    for i in range(3):
        assert by_text[f"卡片{i}"].style.name == "Normal"  # joined as they are
    assert result.styles["Normal"].font.size == Pt(12)
    cover = by_text["封面"].style
    assert cover.name != "Normal" and cover.font.size == Pt(14)
    assert by_text["同封面"].style.style_id == cover.style_id  # the cover's styles, named alike
    other = by_text["另式"].style
    assert other.style_id not in ("Normal", cover.style_id) and other.font.size == Pt(16)
    footer = result.sections[0].footer.paragraphs[0]
    assert footer.text == "页脚"
    ids = {s.style_id for s in result.styles}
    assert footer.style.style_id in ids and footer.style.style_id.endswith("-zd1")
    assert footer.style.base_style.style_id == cover.style_id  # the cover's Normal, 14 pt


def test_a_built_volume_joins_its_cards_without_renaming_them(built: Path) -> None:
    """The 档案卷 starts from the styles of its cards and pledges, the most of its parts."""
    volume = docx.Document(str(next(built.rglob("档案卷.docx"))))
    named = [p.style.style_id for p in volume.paragraphs if p.text.startswith("责任区") or
             "承诺" in p.text]
    assert named and "Normal" in named
    assert any("-zd" in p.style.style_id for p in volume.paragraphs[:5])  # the cover's own


def _png() -> bytes:
    """A 2×2 PNG."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    rows = b"".join(b"\x00" + b"\xff\x00\x00" * 2 for _ in range(2))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 2, 2, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))


def test_a_volume_carries_the_pictures_of_its_parts() -> None:
    """Each part's picture is carried into the volume with its own relationship; parts
    without one, however many, carry none (compose.py `_carry_images`)."""
    from docx.shared import Mm

    def pictured(text: str, picture: bool) -> bytes:
        made = docx.Document()
        made.add_paragraph(text)
        if picture:
            made.add_picture(io.BytesIO(_png()), width=Mm(10))
        buffer = io.BytesIO()
        made.save(buffer)
        return buffer.getvalue()

    parts = [pictured(f"无图{i}", False) for i in range(3)] + [pictured(f"有图{i}", True)
                                                            for i in range(2)]
    parts.append(pictured("无图末", False))
    volume = Volume(parts[0])
    for i, part in enumerate(parts[1:], start=1):
        volume.add(Part(part, f"zd_part_{i}"))
    from zipfile import ZipFile

    joined_zip = ZipFile(io.BytesIO(volume.to_bytes(2026)))
    media = [n for n in joined_zip.namelist() if n.startswith("word/media/")]
    assert len(media) == 2
    rels = joined_zip.read("word/_rels/document.xml.rels").decode()
    body = joined_zip.read("word/document.xml").decode()
    for name in media:
        target = name.removeprefix("word/")
        assert f'Target="{target}"' in rels
    assert body.count("r:embed=") == 2
    assert all(f'r:embed="rIdV{i}"' in body for i in (1, 2))
