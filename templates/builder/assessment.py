"""第N季度考核表 and 年度考核表 (one per branch), landscape, ready to post as the public list."""

from __future__ import annotations

from .base import (
    CENTER,
    FANG,
    KAI,
    LEFT,
    XBS,
    loop_rows,
    new_document,
    page_number_footer,
    para,
    run,
    save,
    signature_block,
    table,
)


def build_quarterly() -> None:
    doc = new_document(FANG, 11, landscape=True, margins_mm=(15, 12, 14, 12))
    page_number_footer(doc.sections[0], size=10.5, of_total=True)
    para(doc, "{{ branch.name }}党员责任区第{{ quarter_cn }}季度考核表", XBS, 20, CENTER)
    # two lines, each broken nowhere: the weights, then the bands
    para(doc, "（{{ year }}年第{{ quarter }}季度　权重：{{ weights_text }}）", KAI, 11, CENTER)
    para(doc, "等次：{{ bands_text }}", KAI, 11, CENTER, after=6)
    widths = [10, 18, 26, 14, 14, 17, 17, 11, 11, 15, 11, 20, 13, 16, 60]
    headers = ["序号", "姓名", "班组", "自评", "互评", "群众评议", "组织考评", "加分", "扣分", "总分",
               "排名", "等次", "挂旗", "谈话", "备注"]
    t = table(doc, widths, headers, size=10)
    keys = ["no", "name", "team", "self", "peer", "staff", "org", "bonus", "deduction", "total",
            "rank", "grade", "flag", "talk", "note"]
    loop_rows(t, "for r in rows", ["{{ r." + k + " }}" for k in keys], widths, size=10,
              aligns=[LEFT if k == "note" else CENTER for k in keys])
    p = para(doc, "", FANG, 11, LEFT, before=6)
    run(p, "统计：", FANG, 11, bold=True)
    run(p, "参加考核{{ counts.scored }}人{% if counts.unscored %}，未考核{{ counts.unscored }}人"
           "{% endif %}；{{ counts.flags_text }}；平均分{{ counts.average }}；"
           "需谈话{{ counts.talks }}人。", FANG, 11)
    para(doc, "注：“缺项”表示该项未评分，总分按已有评分的权重折算；总分保留一位小数，"
              "等次和挂旗按保留后的总分确定。", FANG, 9.5, LEFT)
    signature_block(doc, ["考评小组成员（签名）：____________________　　"
                          "支部书记（签名）：____________　　{{ date_line }}"], 11)
    save(doc, "季度考核表.docx")


def build_annual() -> None:
    doc = new_document(FANG, 11, landscape=True, margins_mm=(16, 15, 14, 15))
    page_number_footer(doc.sections[0], size=10.5, of_total=True)
    para(doc, "{{ branch.name }}党员责任区{{ year }}年度综合考核表{{ period }}", XBS, 20, CENTER)
    para(doc, "（年度成绩为各季度总分的平均分，共{{ quarters|length }}个季度有评分"
         "{% if not complete %}；四个季度考核完成后再评优推荐{% endif %}）", KAI, 11, CENTER, after=6)
    widths = [12, 22, 30, 19, 19, 19, 19, 20, 20, 12, 40, 35]
    headers = ["序号", "姓名", "班组", "一季度", "二季度", "三季度", "四季度", "年度成绩", "等次",
               "排名", "评优推荐", "备注"]
    t = table(doc, widths, headers, size=10.5)
    keys = ["no", "name", "team", "q1", "q2", "q3", "q4", "result", "grade", "rank", "recommend",
            "note"]
    loop_rows(t, "for r in rows", ["{{ r." + k + " }}" for k in keys], widths, size=10.5,
              aligns=[LEFT if k == "note" else CENTER for k in keys])
    p = para(doc, "", FANG, 11, LEFT, before=6)
    run(p, "统计：", FANG, 11, bold=True)
    run(p, "{{ counts.grades_text }}；推荐优秀共产党员{{ counts.recommended }}人。", FANG, 11)
    signature_block(doc, ["支部委员会意见：______________________　　"
                          "支部书记（签名）：__________　　{{ date_line }}"], 11)
    save(doc, "年度考核表.docx")
