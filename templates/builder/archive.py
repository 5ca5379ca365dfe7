"""档案卷 pieces: the cover with its 卷内目录, and the branch's 责任区划分表."""

from __future__ import annotations

from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm

from .base import (
    CENTER,
    FANG,
    HEI,
    KAI,
    LEFT,
    RED,
    XBS,
    add_row,
    cell_text,
    loop_rows,
    new_document,
    page_break,
    page_number_footer,
    para,
    run,
    save,
    table,
)


def build_cover() -> None:
    doc = new_document(FANG, 14, margins_mm=(30, 25, 25, 25))
    page_number_footer(doc.sections[0])
    for _ in range(3):
        para(doc, "")
    para(doc, "{{ company.name }}", KAI, 18, CENTER, after=24)
    para(doc, "党员责任区活动档案", XBS, 36, CENTER, color=RED, after=12)
    para(doc, "（{{ year }}年度）", KAI, 20, CENTER, after=60)
    widths = [40, 90]
    t = table(doc, widths, None)
    for label, value in (("支　　部", "{{ branch.name }}"), ("支部书记", "{{ branch.secretary }}"),
                         ("档 案 号", "{{ branch.archive_no or '—' }}"),
                         ("保管单位", "{{ keeper }}"),
                         ("卷内文件", "{{ items|length }}份"),
                         ("立卷日期", "{{ date }}")):
        add_row(t, [label, value], widths, FANG, 15)
    for row in t.rows:
        row.height = Mm(12)
        cell_text(row.cells[0], "", HEI, 15)
    page_break(doc)
    para(doc, "卷内目录", XBS, 24, CENTER, after=12)
    widths = [16, 124, 20]
    t = table(doc, widths, ["序号", "文件名称", "页号"], size=12)
    loop_rows(t, "for item in items", ["{{ item.no }}", "{{ item.title }}", ""], widths, FANG, 12,
              aligns=[CENTER, LEFT, CENTER])
    _page_reference(t.rows[2].cells[2])
    para(doc, "注：页号为各文件在本卷中的起始页，由 Word 或 WPS 打开时自动更新（Word 中可按 F9 刷新）。",
         FANG, 10.5, LEFT, before=6)
    save(doc, "档案卷封面.docx")


def _page_reference(cell) -> None:
    """A PAGEREF field to the part's bookmark, with a placeholder result until it updates."""
    p = cell.paragraphs[0]
    for kind, text in (("begin", None), (None, " PAGEREF {{ item.bookmark }} \\h "),
                       ("separate", None), (None, "{{ item.page }}"), ("end", None)):
        r = run(p, "", FANG, 12)
        if kind:
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), kind)
            r._r.append(char)
        elif text.startswith(" PAGEREF"):
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = text
            r._r.append(instr)
        else:
            r.text = text


def build_zone_table() -> None:
    doc = new_document(FANG, 12, margins_mm=(25, 20, 20, 20))
    para(doc, "{{ branch.name }}党员责任区划分表", XBS, 20, CENTER)
    para(doc, "（{{ year }}年度，共{{ zones|length }}个责任区，覆盖{{ team_count }}个班组）", KAI, 12,
         CENTER, after=8)
    widths = [10, 18, 38, 12, 34, 18, 40]
    t = table(doc, widths, ["序号", "编号", "责任区名称", "类型", "上级责任区", "责任党员", "范围"],
              size=10.5)
    loop_rows(t, "for z in zones", ["{{ z.no }}", "{{ z.id }}", "{{ z.name }}", "{{ z.kind }}",
                                    "{{ z.parent }}", "{{ z.holder }}", "{{ z.scope }}"], widths)
    para(doc, "")
    save(doc, "责任区划分表.docx")

