"""实施意见: a GB/T 9704-2012 公文 — red issuer mark and rule, number, title, 主送, five
sections drawn from the workbook, 附件说明, signature and date, the zone table, 版记."""

from __future__ import annotations

from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from .base import (
    CENTER,
    FANG,
    HEI,
    JUSTIFY,
    KAI,
    LEFT,
    RED,
    RIGHT,
    XBS,
    border,
    loop_rows,
    new_document,
    page_break,
    page_number_footer,
    para,
    run,
    save,
    table,
    tag,
)

BODY = 16
ISSUER_MARK_BEFORE_PT = 85  # with the 48 pt line: the mark's top 35 mm down (measured in the PDF)
LINE = 28.95  # 579 twips: 22 lines in the 225 mm text area


def body(doc, text: str, indent: float = 2, align=JUSTIFY):
    return para(doc, text, FANG, BODY, align, indent_chars=indent)


def heading1(doc, text: str):
    return para(doc, text, HEI, BODY, JUSTIFY, indent_chars=2, keep_next=True)


def heading2(doc, text: str):
    return para(doc, text, KAI, BODY, JUSTIFY, indent_chars=2, keep_next=True)


def build() -> None:
    doc = new_document(FANG, BODY, margins_mm=(37, 26, 35, 28))
    # Single spacing: each line takes one grid line of 579 twips (LibreOffice multiplies the grid
    # pitch by a proportional spacing such as the default 1.15, which gave 18–20 lines a page).
    doc.styles["Normal"].paragraph_format.line_spacing = 1.0
    section = doc.sections[0]
    # GB/T 9704 §7.5: the page number's line starts 7 mm under the type area (35 mm above the
    # bottom edge); the footer distance is to the line's foot, one 4号 line lower.
    section.footer_distance = Mm(35 - 7 - 14 * 25.4 / 72)
    _grid(section)
    spacing = OxmlElement("w:spacing")
    spacing.set(qn("w:val"), "-5")
    doc.styles["Normal"].element.get_or_add_rPr().append(spacing)
    doc.settings.odd_and_even_pages_header_footer = True
    page_number_footer(section, odd_even=True)

    # 版头: the issuer mark's top 35 mm under the type area's top (GB/T 9704 §7.2.4), number, red rule
    mark = para(doc, "", align=CENTER, line=48, before=ISSUER_MARK_BEFORE_PT)
    run(mark, "{{ issuer_mark }}", XBS, 32, color=RED)
    mark.runs[0]._r.get_or_add_rPr().append(_scale_tag())
    para(doc, "", FANG, BODY)
    number = para(doc, "{{ company.doc_number }}", FANG, BODY, CENTER)
    border(number, "bottom", 18, "E00000", space=8)
    para(doc, "")
    para(doc, "")
    para(doc, "{{ title }}", XBS, 22, CENTER, line=36)
    para(doc, "")
    body(doc, "{{ company.recipients }}：", indent=0, align=LEFT)

    body(doc, "为进一步加强党员的日常教育管理，把党员的先锋模范作用落到具体岗位和具体人头上，"
              "{{ company.committee_short }}决定在全体党员中开展党员责任区活动。"
              "活动以党员划区定责、挂牌亮诺、联系群众、按季考评为主要内容，"
              "是我们在建党{{ anniversary }}周年之际推进基层党建工作的一项具体举措。"
              "现结合{{ company.name }}实际，提出如下实施意见。")

    heading1(doc, "一、指导思想和目标任务")
    body(doc, "坚持以人民为中心的发展思想，围绕企业生产经营中心任务，"
              "把党员责任区作为党员联系群众、服务群众、带领群众的固定平台，"
              "推动党员发挥作用由自发向有组织、由零散向经常转变。")
    body(doc, "{{ year }}年的目标是：在册党员人人有责任区、每个班组都有党员负责，"
              "全{{ company.short_unit }}共划分责任区{{ stats.zones }}个，覆盖{{ stats.branches }}个党支部、"
              "{{ stats.teams }}个班组，在册党员{{ stats.members }}名，做到无盲点、无漏点。")

    heading1(doc, "二、组织领导")
    body(doc, "党委成立党员责任区活动领导小组，负责活动的部署、指导和考核。")
    tag(doc, "{%p for group in leaders %}")
    body(doc, "{{ group.role }}：{{ group.names }}")
    tag(doc, "{%p endfor %}")
    body(doc, "领导小组下设办公室，设在党委办公室，负责日常组织协调、督促检查和资料汇总。"
              "各党支部书记是本支部责任区工作的第一责任人。")

    heading1(doc, "三、责任区任务")
    body(doc, "每个责任区承担以下{{ tasks|length }}类任务，各支部可结合实际细化到每个责任区：")
    tag(doc, "{%p for task in tasks %}")
    p = para(doc, "", FANG, BODY, JUSTIFY, indent_chars=2)
    run(p, "{{ task.label }}{{ task.name }}任务。", KAI, BODY)
    run(p, "{{ task.requirement }}", FANG, BODY)
    tag(doc, "{%p endfor %}")

    heading1(doc, "四、责任区的划分")
    body(doc, "责任区按“支委包片区、党员干部包班组、党员包岗位”的办法逐级划分，"
              "公共场所和服务窗口可单独划为区域责任区。责任区跟着班组走，"
              "没有党员的班组由机关党员干部负责，保证每名在册党员至少承担一个责任区。")
    body(doc, "每名党员确定{{ settings.contacts_min }}至{{ settings.contacts_max }}名重点联系人，"
              "每月至少谈心一次，同时负责联系培养入党积极分子。"
              "责任区统一设置标志牌，公示责任党员、责任范围、责任任务和监督电话，"
              "党员亮身份、亮承诺、亮标准，接受群众监督。")
    body(doc, "全{{ company.short_unit }}责任区的具体划分见附件。责任区每年结合民主评议党员调整一次，"
              "人员变动时由所在支部及时调整并报党委办公室备案。")

    heading1(doc, "五、实施步骤和考核办法")
    heading2(doc, "（一）记实。")
    body(doc, "党员按月记录在责任区内所做的工作和联系群众的情况，支部建立活动档案和联系群众台账。")
    heading2(doc, "（二）检查。")
    body(doc, "支部每季度检查一次责任区工作，党委办公室不定期抽查。")
    heading2(doc, "（三）考评。")
    body(doc, "每季度由个人自评、党员互评、群众评议、组织考评四方面打分，"
              "权重分别为{{ settings.weights_text }}，缺少的评分按其余各项折算，"
              "另计加分和扣分，满分100分，保留一位小数。")
    body(doc, "考评结果分四个等次：{{ settings.bands_text }}。"
              "考评结果每季度张榜公示，获黄旗及以下的党员由支部书记谈话提醒。")
    last = body(doc, "年终以四个季度的平均分作为年度综合成绩，"
                     "作为推荐评选优秀共产党员、先进党支部的主要依据。"
                     "党委于年底采取听汇报、看资料、谈话、走访职工的方式对各支部进行考核。")

    # From the last paragraph to the date the lines keep together, so no page ever holds
    # only the signature (GB/T 9704 §7.3.5.5); one blank line after 附件说明.
    last.paragraph_format.keep_with_next = True
    para(doc, "", keep_next=True)
    # 附件说明 two characters in; a name that runs on lines up under its first character (§7.3.4)
    attach = para(doc, "附件：{{ attachment_title }}", FANG, BODY, LEFT)
    _indent(attach, left_chars=5, hanging_chars=3)
    attach.paragraph_format.space_before = Pt(0)
    attach.paragraph_format.keep_with_next = True
    para(doc, "", keep_next=True)
    # §7.3.5.2 (no seal): the issuer two characters in from the right, the date's first
    # character two to the right of the issuer's (documents/opinion.py works out the indents)
    signer = para(doc, "{{ company.committee }}", FANG, BODY, RIGHT, keep_next=True)
    _side_indents(signer, "signature.issuer")
    date = para(doc, "{{ doc_date }}", FANG, BODY, RIGHT)
    _side_indents(date, "signature.date")

    # 附件 on its own page
    page_break(doc)
    para(doc, "附件", HEI, BODY, LEFT)
    para(doc, "")
    para(doc, "{{ attachment_title }}", XBS, 22, CENTER, line=36)
    tag(doc, "{%p if excerpt %}")  # a branch's archive copy (documents/opinion.py branch_copy)
    para(doc, "{{ excerpt }}", KAI, BODY, CENTER)
    tag(doc, "{%p endif %}")
    para(doc, "")
    widths = [10, 17, 36, 12, 35, 20, 26]
    tag(doc, "{%p for branch in zone_table %}")
    para(doc, "{{ branch.label }}{{ branch.name }}（{{ branch.zones|length }}个）", KAI, BODY,
         LEFT, indent_chars=2, keep_next=True)
    t = table(doc, widths, ["序号", "编号", "责任区名称", "类型", "上级责任区", "责任党员", "覆盖班组"],
              size=10.5)
    loop_rows(t, "for z in branch.zones", ["{{ z.no }}", "{{ z.id }}", "{{ z.name }}", "{{ z.kind }}",
                                           "{{ z.parent }}", "{{ z.holder }}", "{{ z.teams }}"], widths)
    tag(doc, "{%p endfor %}")

    # 版记 at the foot of the last page
    _imprint(doc)
    anchor = para(doc, "", FANG, 1, grid=False)  # frames hold on to the paragraph after them
    anchor.paragraph_format.line_spacing = Pt(1)
    save(doc, "实施意见.docx")


def _grid(section) -> None:
    sect = section._sectPr
    grid = sect.find(qn("w:docGrid"))
    if grid is None:
        grid = OxmlElement("w:docGrid")
        sect.append(grid)
    # 22 lines of 579 twips. Characters: a `lines` grid with 16 pt glyphs set 0.25 pt closer
    # gives 28 a line in both Word and LibreOffice (LibreOffice gives a glyph wider than a
    # `linesAndChars` cell two cells, which would halve the line).
    grid.set(qn("w:type"), "lines")
    grid.set(qn("w:linePitch"), "579")
    grid.attrib.pop(qn("w:charSpace"), None)


def _scale_tag():
    w = OxmlElement("w:w")
    w.set(qn("w:val"), "{{ issuer_scale }}")
    return w


def _side_indents(paragraph, name: str) -> None:
    """Alignment and left/right indents from the context: characters for Word and WPS, twips
    for LibreOffice (which reads no character indents)."""
    ppr = paragraph._p.get_or_add_pPr()
    ind = ppr.get_or_add_ind()
    for side in ("left", "right"):
        ind.set(qn(f"w:{side}"), "{{ " + name + f".{side}.twips" + " }}")
        ind.set(qn(f"w:{side}Chars"), "{{ " + name + f".{side}.chars" + " }}")
    ppr.find(qn("w:jc")).set(qn("w:val"), "{{ " + name + ".align }}")


def _indent(paragraph, left_chars: int, hanging_chars: int) -> None:
    ind = paragraph._p.get_or_add_pPr().get_or_add_ind()
    for key, chars in (("left", left_chars), ("hanging", hanging_chars)):
        ind.set(qn(f"w:{key}"), str(chars * BODY * 20))
        ind.set(qn(f"w:{key}Chars"), str(chars * 100))


def _imprint(doc) -> None:
    """The 版记 at the foot of the type area (GB/T 9704 §7.4): a 0.35 mm rule above 抄送, 0.25 mm
    between, 0.35 mm under 印发; 抄送 and its rule left out when there is no 抄送. Each line is a
    framed paragraph at a position worked out from its height (documents/opinion.py: a frame is
    kept where it is put by Word and LibreOffice alike, where a floating table or a frame aligned
    to the bottom is not); 抄送's text hangs under its colon when it runs to a second line."""
    tag(doc, "{%p if copy_to %}")
    p = _imprint_line(doc, "抄送：{{ copy_to }}。", "{{ imprint.copy_y }}", top=THICK_RULE,
                      bottom=THIN_RULE)
    ind = p._p.get_or_add_pPr().get_or_add_ind()
    ind.set(qn("w:hanging"), str(3 * IMPRINT_PT * 20))
    ind.set(qn("w:left"), str(4 * IMPRINT_PT * 20))
    _imprint_line(doc, "{{ company.print_office }}\t{{ print_date }}印发", "{{ imprint.print_y }}",
                  bottom=THICK_RULE)
    tag(doc, "{%p else %}")
    _imprint_line(doc, "{{ company.print_office }}\t{{ print_date }}印发", "{{ imprint.print_y }}",
                  top=THICK_RULE, bottom=THICK_RULE)
    tag(doc, "{%p endif %}")


THICK_RULE, THIN_RULE = 8, 6  # eighths of a point: 1 pt ≈ 0.35 mm, 0.75 pt ≈ 0.26 mm
IMPRINT_PT = 14  # 4号


def _imprint_line(doc, text: str, y: str, top: int = 0, bottom: int = 0):
    p = para(doc, "", FANG, IMPRINT_PT, LEFT, grid=False)
    for index, part in enumerate(text.split("\t")):
        run(p, ("\t" if index else "") + part, FANG, IMPRINT_PT)
    fmt = p.paragraph_format
    fmt.line_spacing = Pt(IMPRINT_PT * 1.5)
    ind = p._p.get_or_add_pPr().get_or_add_ind()
    ind.set(qn("w:left"), str(IMPRINT_PT * 20))  # one character in on each side
    ind.set(qn("w:right"), str(IMPRINT_PT * 20))
    fmt.tab_stops.add_tab_stop(Mm(156) - Pt(IMPRINT_PT), alignment=2)
    frame = OxmlElement("w:framePr")
    for key, value in (("w:w", str(int(156 / 25.4 * 1440))), ("w:wrap", "notBeside"),
                       ("w:hAnchor", "margin"), ("w:vAnchor", "margin"), ("w:xAlign", "center"),
                       ("w:y", y)):
        frame.set(qn(key), value)
    p._p.get_or_add_pPr().append(frame)
    if top:
        border(p, "top", top, space=4)
    if bottom:
        border(p, "bottom", bottom, space=4)
    return p
