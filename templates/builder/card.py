"""公示卡 (one per member) and 承诺书 (one per member)."""

from __future__ import annotations

from docx.shared import Mm

from zonedocs.rules import SIGN_TEMPLATES

from .base import (
    A3,
    A4,
    CENTER,
    FANG,
    HEI,
    JUSTIFY,
    KAI,
    LEFT,
    RED,
    XBS,
    cell_padding,
    cell_text,
    loop_rows,
    new_document,
    page_number_footer,
    para,
    run,
    save,
    shade,
    signature_block,
    table,
)

LABEL_FILL = "FBEFEF"


def build_card() -> None:
    doc = new_document(FANG, 12, margins_mm=(18, 18, 16, 18))
    para(doc, "{{ company.name }}  {{ year }}年度", FANG, 11, CENTER)
    para(doc, "党员责任区公示卡", XBS, 26, CENTER, color=RED, before=4, after=2)
    para(doc, "{{ branch.name }}", KAI, 14, CENTER, after=8)

    widths = [26, 48, 22, 48, 30]
    t = table(doc, widths, None)
    rows = [
        ("姓  名", "{{ member.name }}", "性  别", "{{ member.gender }}"),
        ("所在班组", "{{ member.team }}", "岗  位", "{{ member.post }}"),
        ("党内职务", "{{ member.party_role }}", "政治面貌", "{{ member.status }}"),
        ("入党时间", "{{ member.joined }}", "联系电话", "{{ member.mobile_masked }}"),
    ]
    for index, (a, b, c, d) in enumerate(rows):
        row = t.add_row()
        for cell, text, width in zip(row.cells, (a, b, c, d, ""), widths, strict=True):
            cell.width = Mm(width)
            cell_text(cell, text, HEI if text in (a, c) else FANG, 11.5)
            if text in (a, c):
                shade(cell, LABEL_FILL)
        if index == 0:
            photo = row.cells[4]
    photo_cell = photo.merge(t.rows[3].cells[4])
    cell_text(photo_cell, "{% if photo %}{{ photo }}{% else %}（照片）{% endif %}", FANG, 9)

    def wide(label: str, lines: list[str]) -> None:
        row = t.add_row()
        label_cell = row.cells[0]
        label_cell.width = Mm(widths[0])
        cell_text(label_cell, label, HEI, 11.5)
        shade(label_cell, LABEL_FILL)
        merged = row.cells[1].merge(row.cells[4])
        first = True
        for line in lines:
            if first:
                p = cell_text(merged, "", FANG, 11, JUSTIFY)
                first = False
            else:
                p = merged.add_paragraph()
                p.alignment = JUSTIFY
            if line:
                run(p, line, FANG, 11)

    wide("责 任 区", ["{%p for z in zones %}",
                      "{{ z.name }}（{{ z.kind }}责任区{% if z.parent %}，隶属{{ z.parent }}{% endif %}）",
                      "{%p endfor %}"])
    wide("责任范围", ["{%p for z in zones %}", "{{ z.scope }}", "{%p endfor %}"])
    wide("责任任务", ["{{ tasks }}"])
    wide("重点联系人", ["{%p for c in contacts %}",
                        "{{ c.name }}（{{ c.category }}{% if c.team %}，{{ c.team }}{% endif %}），"
                        "{{ c.frequency }}联系",
                        "{%p endfor %}",
                        "{%p if not contacts %}", "（尚未确定）", "{%p endif %}"])
    wide("承诺摘要", ["{%p for p in pledges %}", "{{ p.category }}：{{ p.content }}", "{%p endfor %}"])
    wide("监督电话", ["{{ supervision_phone }}"])

    para(doc, "", after=4)
    para(doc, "我承诺：在责任区内亮明党员身份，履行上述职责，接受职工群众监督。",
         KAI, 12, LEFT, indent_chars=2, before=6)
    signature_block(doc, ["党员签名：____________　　　　支部书记签名：____________",
                          "日    期：______年____月____日"])
    save(doc, "公示卡.docx")


def build_pledge() -> None:
    doc = new_document(FANG, 12, landscape=True, margins_mm=(16, 18, 14, 18))
    para(doc, "党员承诺书", XBS, 24, CENTER, color=RED, after=0)
    para(doc, "（{{ year }}年度争优目标计划卡）", KAI, 14, CENTER, after=8)
    p = para(doc, "", FANG, 12, LEFT, after=6)
    for label, value in (("姓名：", "{{ member.name }}"), ("　　支部：", "{{ branch.name }}"),
                         ("　　班组：", "{{ member.team }}"), ("　　岗位：", "{{ member.post }}"),
                         ("　　责任区：", "{{ zone_names }}")):
        run(p, label, HEI, 12)
        run(p, value, FANG, 12, underline=True)
    widths = [24, 86, 30, 30, 30, 30, 30]
    t = table(doc, widths, ["类别", "承诺内容", "完成时限", "一季度自查", "二季度自查", "三季度自查",
                            "四季度自查"], size=11)
    loop_rows(t, "for r in rows", ["{{ r.category }}", "{{ r.content }}", "{{ r.deadline }}",
                                   "{{ r.q1 }}", "{{ r.q2 }}", "{{ r.q3 }}", "{{ r.q4 }}"], widths,
              size=11, aligns=[CENTER, JUSTIFY, CENTER, LEFT, LEFT, LEFT, LEFT])
    para(doc, "说明：“临时任务”即支部交办的X项任务；每季度末由本人在自查栏填写完成情况，支部审核。",
         FANG, 10.5, LEFT, before=4)
    para(doc, "我自愿作出以上承诺，按期完成，接受组织和群众监督。", KAI, 12, LEFT, indent_chars=2,
         before=8)
    signature_block(doc, ["承诺人（签名）：____________　　　　日期：______年____月____日",
                          "支部审核意见：__________________　　支部书记（签名）：__________"
                          "　　日期：_____年___月___日"])
    save(doc, "承诺书.docx")


SIGN_SCALES = {"A4": 1.0, "A3": 2 ** 0.5}  # the A3 sign is the A4 one enlarged


def build_sign() -> None:
    for paper in SIGN_TEMPLATES:
        build_sign_on(paper)


def build_sign_on(paper: str) -> None:
    """Landscape, filled: read from a few steps away, never more than one page (a long 范围 and
    a long 责任区分工 are cut by documents/signs.py, rules.SIGN_*_LIMIT). The A3 sign is the A4
    one enlarged by √2 in every measure, so it breaks its lines at the same characters."""
    name, k = SIGN_TEMPLATES[paper], SIGN_SCALES[paper]

    def pt(size: float) -> float:  # a font size or spacing, to the half point
        return round(size * k * 2) / 2

    def mm(length: float) -> float:
        return round(length * k, 1)

    doc = new_document(HEI, pt(18), landscape=True, paper_mm=A3 if paper == "A3" else A4,
                       margins_mm=(mm(14), mm(20), mm(12), mm(20)))
    para(doc, "共产党员责任区", XBS, pt(44), CENTER, color=RED, after=pt(2))
    para(doc, "{{ zone.name }}", HEI, pt(30), CENTER, after=pt(8))
    widths = [mm(46), mm(211)]
    t = table(doc, widths, None)
    cell_padding(t, mm(1.5), mm(1.5), mm(1.9))
    for label, value in (("责任区编号", "{{ zone.id }}（{{ zone.kind }}责任区）"),
                         ("所属支部", "{{ zone.branch }}"),
                         ("责任党员", "{{ holder.name or '—' }}"
                                      "{% if holder.post %}　{{ holder.post }}{% endif %}"),
                         ("责任范围", "{{ zone.scope or '—' }}"),
                         ("责任任务", "{{ tasks or '—' }}"),
                         ("上级责任区", "{{ zone.parent or '—' }}")):
        row = t.add_row()
        row.height = Mm(mm(12))
        cell_text(row.cells[0], label, HEI, pt(18))
        shade(row.cells[0], LABEL_FILL)
        cell_text(row.cells[1], value, FANG, pt(18), JUSTIFY)
    row = t.add_row()
    row.height = Mm(mm(12))
    cell_text(row.cells[0], "责任区分工", HEI, pt(18))
    shade(row.cells[0], LABEL_FILL)
    cell_text(row.cells[1], "{{ roles or '由责任党员负责' }}", FANG, pt(16), JUSTIFY)
    p = para(doc, "", HEI, pt(20), CENTER, before=pt(10))
    run(p, "{% if public_phone %}公开电话：", HEI, pt(20))
    run(p, "{{ public_phone }}", HEI, pt(24), color=RED)
    run(p, "　　　{% endif %}监督电话：", HEI, pt(20))
    run(p, "{{ supervision_phone or '—' }}", HEI, pt(24))
    para(doc, "{{ company.committee }}　{{ year }}年", FANG, pt(14), CENTER, before=pt(6))
    save(doc, name)


def build_ledger() -> None:
    doc = new_document(FANG, 11, landscape=True, margins_mm=(18, 16, 16, 16))
    page_number_footer(doc.sections[0], size=10.5, of_total=True)
    para(doc, "{{ branch.name }}联系群众台账", XBS, 22, CENTER)
    para(doc, "（{{ year }}年度，共{{ member_count }}名党员、{{ contact_count }}名重点联系人）",
         KAI, 12, CENTER, after=8)
    widths = [12, 24, 30, 24, 28, 32, 34, 20, 61]
    t = table(doc, widths, ["序号", "党员", "党员所在班组", "联系人", "类别", "联系人所在班组",
                            "联系电话", "联系频次", "联系情况记录"], size=10.5)
    loop_rows(t, "for r in rows", ["{{ r.no }}", "{{ r.member }}", "{{ r.member_team }}",
                                   "{{ r.name }}", "{{ r.category }}", "{{ r.team }}", "{{ r.phone }}",
                                   "{{ r.frequency }}", ""], widths)
    signature_block(doc, ["支部书记（签名）：____________　　　　填表日期：______年____月____日"], 11)
    save(doc, "联系群众台账.docx")

