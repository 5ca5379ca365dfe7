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
    """The cover (DA/T 22: 全宗名称, 年度, 保管期限, 档号) and the 卷内目录."""
    doc = new_document(FANG, 14, margins_mm=(30, 25, 25, 25))
    page_number_footer(doc.sections[0])
    for _ in range(2):
        para(doc, "")
    para(doc, "{{ company.name }}", KAI, 18, CENTER, after=24)
    para(doc, "党员责任区活动档案", XBS, 36, CENTER, color=RED, after=12)
    para(doc, "（{{ year }}年度）", KAI, 20, CENTER, after=48)
    widths = [40, 90]
    t = table(doc, widths, None)
    for label, value in (("全宗名称", "{{ company.name }}"), ("支　　部", "{{ branch.name }}"),
                         ("年　　度", "{{ year }}"), ("档　　号", "{{ branch.archive_no or '—' }}"),
                         ("保管期限", "{{ retention }}"), ("卷内文件", "{{ items|length }}件"),
                         ("立卷日期", "{{ date }}")):
        add_row(t, [label, value], widths, FANG, 15)
    for row in t.rows:
        row.height = Mm(12)
        cell_text(row.cells[0], "", HEI, 15)
    page_break(doc)
    para(doc, "卷内目录", XBS, 24, CENTER, after=12)
    widths = [10, 26, 26, 52, 20, 12, 14]
    t = table(doc, widths, ["序号", "文号", "责任者", "题名", "日期", "页号", "备注"], size=10.5)
    loop_rows(t, "for item in items", ["{{ item.no }}", "{{ item.number }}", "{{ item.author }}",
                                       "{{ item.title }}", "{{ item.date }}", "", "{{ item.note }}"],
              widths, FANG, 10.5, aligns=[CENTER, CENTER, LEFT, LEFT, CENTER, CENTER, LEFT])
    _page_reference(t.rows[2].cells[5])
    save(doc, "档案卷封面.docx")


def build_closing() -> None:
    """The 备考表 that closes the volume (DA/T 22)."""
    doc = new_document(FANG, 14, margins_mm=(30, 25, 25, 25))
    para(doc, "卷内备考表", XBS, 24, CENTER, after=18)
    widths = [160]
    t = table(doc, widths, None)
    add_row(t, ["本卷情况说明"], widths, HEI, 14, aligns=[LEFT])
    add_row(t, ["本卷为{{ branch.name }}{{ year }}年度党员责任区活动档案，共{{ count }}件。"],
            widths, FANG, 14, aligns=[LEFT])
    notes = add_row(t, [""], widths, FANG, 14, aligns=[LEFT])
    notes.height = Mm(110)
    signatures = add_row(t, ["立卷人：____________　　　检查人：____________"], widths, FANG,
                         14, aligns=[LEFT])
    signatures.height = Mm(16)
    dated = add_row(t, ["立卷日期：{{ date }}"], widths, FANG, 14, aligns=[LEFT])
    dated.height = Mm(16)
    save(doc, "档案卷备考表.docx")


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
    page_number_footer(doc.sections[0], size=10.5, of_total=True)
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

