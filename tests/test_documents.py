"""Every kind of document, opened and read back: the workbook's values are in it."""

from __future__ import annotations

import zipfile
from pathlib import Path

import docx
import pytest

from conftest import docx_text
from zonedocs.samples.company import sample_data

DATA = sample_data()
MEMBERS = {m["党员编号"]: m for m in DATA["党员"]}


def branch_dir(built: Path, branch_id: str) -> Path:
    return next(built.glob(f"{branch_id}-*"))


def test_layout_of_outputs(built: Path):
    b01 = branch_dir(built, "B01")
    assert (built / "实施意见.docx").is_file()
    assert len(list((b01 / "公示卡").glob("*.docx"))) == 15
    assert len(list((b01 / "承诺书").glob("*.docx"))) == 15
    assert (b01 / "联系群众台账.docx").is_file()
    assert (b01 / "季度考核" / "第1季度考核表.docx").is_file()
    assert (b01 / "季度考核" / "第2季度考核表.docx").is_file()
    assert (b01 / "年度考核表.docx").is_file()
    signs = list(built.glob("*/标志牌/*.docx"))
    assert len(signs) == len(DATA["责任区"])


def test_two_members_with_the_same_name_do_not_collide(built: Path):
    cards = sorted(p.name for p in built.glob("*/公示卡/*张伟.docx"))
    assert cards == ["M105-张伟.docx", "M206-张伟.docx"]


def test_transferred_member_gets_no_documents(built: Path):
    assert not list(built.glob("**/M215-*"))


def test_card_shows_member_zone_contacts_pledges(built: Path):
    member = MEMBERS["M101"]
    text = docx_text(branch_dir(built, "B01") / "公示卡" / f"M101-{member['姓名']}.docx")
    masked = member["手机"][:3] + "****" + member["手机"][-4:]
    for expected in (member["姓名"], "第一运营分公司党支部", masked,
                     "第一运营分公司片区", "本支部所辖全部班组和场站", "0571-86001234", "支部书记签名"):
        assert expected in text, expected
    assert member["手机"] not in text  # the personal mobile is masked on a public card
    for contact in (c for c in DATA["联系人"] if c["党员编号"] == "M101"):
        assert contact["联系人姓名"] in text
    for pledge in (p for p in DATA["承诺"] if p["党员编号"] == "M101"):
        assert pledge["内容"] in text
    document = docx.Document(str(branch_dir(built, "B01") / "公示卡" / f"M101-{member['姓名']}.docx"))
    assert len(document.inline_shapes) == 1  # the photo


def test_pledge_form_groups_items_with_quarter_columns(built: Path):
    member = MEMBERS["M103"]
    path = branch_dir(built, "B01") / "承诺书" / f"M103-{member['姓名']}.docx"
    table = docx.Document(str(path)).tables[0]
    header = [c.text for c in table.rows[0].cells]
    assert header == ["类别", "承诺内容", "完成时限", "一季度自查", "二季度自查", "三季度自查", "四季度自查"]
    pledges = [p for p in DATA["承诺"] if p["党员编号"] == "M103"]
    rows = [[c.text for c in r.cells] for r in table.rows[1:]]
    assert len(rows) == len(pledges)
    assert {r[1] for r in rows} == {p["内容"] for p in pledges}
    assert "承诺人（签名）" in docx_text(path)


def test_sign_shows_roles_and_phones(built: Path):
    path = next(built.glob("*/标志牌/Z901-*.docx"))
    text = docx_text(path)
    for expected in ("同心广场站台绿化", "区域", "业务带头人：吕春林", "监督员：孔德胜", "0571-86009901",
                     "0571-86001234", "宣传教育"):
        assert expected in text, expected


def test_ledger_lists_every_contact_in_stroke_order(built: Path):
    path = branch_dir(built, "B02") / "联系群众台账.docx"
    table = docx.Document(str(path)).tables[0]
    rows = [[c.text for c in r.cells] for r in table.rows[1:]]
    active = [m for m in DATA["党员"] if m["所属支部"] == "B02" and m["状态"] != "转出"]
    contacts = [c for c in DATA["联系人"] if c["党员编号"] in {m["党员编号"] for m in active}]
    assert len(rows) == len(contacts)
    from zonedocs.strokes import stroke_key

    names = [r[1] for r in rows if r[1]]
    assert names == sorted(names, key=stroke_key)


def test_opinion_is_a_gbt_9704_document(built: Path):
    path = built / "实施意见.docx"
    document = docx.Document(str(path))
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert round(section.top_margin.mm) == 37 and round(section.left_margin.mm) == 28
    assert round(section.page_width.mm - section.left_margin.mm - section.right_margin.mm) == 156
    assert round(section.page_height.mm - section.top_margin.mm - section.bottom_margin.mm) == 225
    grid = section._sectPr.find("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}docGrid")
    assert grid.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}linePitch") == "579"
    normal = document.styles["Normal"]
    assert normal.font.size.pt == 16
    text = docx_text(path)
    for expected in ("中共滨江公共交通集团有限公司委员会文件", "滨公交党发〔2026〕8号", "各基层党支部：",
                     "一、指导思想和目标任务", "五、实施步骤和考核办法", "建党105周年", "附件：",
                     "2026年3月5日", "抄送：集团公司纪委，工会，团委。", "2026年3月6日印发",
                     "陆建国（党委书记、董事长）", "营运服务", "个人自评10%", "90分及以上为优秀（挂红旗）",
                     "2至3名重点联系人", "— ", " —"):
        assert expected in text, expected
    title = next(p for p in document.paragraphs if p.text.startswith("关于开展2026年度"))
    assert title.runs[0].font.size.pt == 22
    assert title.runs[0]._r.rPr.rFonts.get(
        "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia") == "方正小标宋简体"
    mark = next(p for p in document.paragraphs if p.text.endswith("委员会文件"))
    assert str(mark.runs[0].font.color.rgb) == "E00000"
    for zone in DATA["责任区"]:
        assert zone["责任区名称"] in text


@pytest.mark.parametrize("name", ["实施意见.docx", "B01-第一运营分公司党支部/联系群众台账.docx"])
def test_fonts_are_chinese_and_no_japanese_language_is_left(built: Path, name: str):
    archive = zipfile.ZipFile(built / name)
    for part in ("word/styles.xml", "word/document.xml"):
        assert b"ja-JP" not in archive.read(part)
        assert b"eastAsiaTheme" not in archive.read(part)
    styles = archive.read("word/styles.xml").decode()
    assert 'w:eastAsia="zh-CN"' in styles
    assert 'w:eastAsia="仿宋_GB2312"' in styles


def test_outputs_are_deterministic(tmp_path: Path, built: Path):
    from zonedocs.build import Options, build
    from zonedocs.samples.company import write_sample

    workbook = write_sample(tmp_path / "inputs")
    build(workbook, Options(out=tmp_path / "out", jobs=1))
    again = tmp_path / "out" / "2026"
    files = sorted(p.relative_to(built) for p in built.rglob("*.docx"))
    assert files == sorted(p.relative_to(again) for p in again.rglob("*.docx"))
    for relative in files:
        assert (built / relative).read_bytes() == (again / relative).read_bytes(), relative



def test_names_with_separators_stay_inside_the_output_folder(tmp_path: Path, sample_rows, workbook_from):
    from zonedocs.build import Options, build

    sample_rows["党员"][1]["姓名"] = "../../逃逸"
    sample_rows["支部"][0]["支部名称"] = "第一/支部:测试"
    build(workbook_from(sample_rows), Options(out=tmp_path / "out", jobs=1))
    files = [p for p in (tmp_path / "out").rglob("*") if p.is_file()]
    assert all((tmp_path / "out") in p.parents for p in files)
    assert any(p.name == "M102-.._.._逃逸.docx" for p in files)
    assert any(p.name == "B01-第一_支部_测试" for p in (tmp_path / "out" / "2026").iterdir())


def test_a_sign_never_shows_a_masked_mobile_as_its_public_phone(tmp_path, sample_rows, workbook_from):
    from zonedocs.build import Options, build
    from zonedocs.workbook import check

    zone = sample_rows["责任区"][1]
    zone["公开电话"] = ""
    branch = next(b for b in sample_rows["支部"] if b["支部编号"] == zone["所属支部"])
    build(workbook_from(sample_rows), Options(out=tmp_path / "a", jobs=1, only=frozenset({"sign"})))
    sign = next((tmp_path / "a").rglob(f"{zone['责任区编号']}-*.docx"))
    assert f"公开电话：{branch['联系电话']}" in docx_text(sign) and "****" not in docx_text(sign)
    branch["联系电话"] = ""
    workbook = workbook_from(sample_rows)
    _, problems = check(workbook)
    assert any(p.sheet == "责任区" and p.column == "公开电话" for p in problems.warnings)
    build(workbook, Options(out=tmp_path / "b", jobs=1, only=frozenset({"sign"})))
    sign = next((tmp_path / "b").rglob(f"{zone['责任区编号']}-*.docx"))
    assert "公开电话" not in docx_text(sign) and "监督电话" in docx_text(sign)


def test_names_are_ordered_by_surname_first_and_compound_surnames_are_one():
    from zonedocs.strokes import stroke_key, surname

    names = ["范怡永", "林刚", "范玉晨", "王五", "欧阳明", "丁一", "欧阳春", "司马光"]
    ordered = sorted(names, key=stroke_key)
    assert ordered.index("范玉晨") + 1 == ordered.index("范怡永")  # one surname together
    assert ordered[:2] == ["丁一", "王五"]  # 2 and 4 strokes
    assert surname("欧阳明") == "欧阳" and surname("欧明") == "欧"
    assert ordered.index("欧阳明") + 1 == ordered.index("欧阳春")  # 明 8 strokes before 春 9
    assert ordered.index("司马光") < ordered.index("林刚")  # 司 5 strokes, as one surname


def test_opinion_attachment_note_hangs_under_the_attachment_name(built: Path):
    """GB/T 9704 §7.3.4: a long 附件 name runs on under its own first character."""
    import docx
    from docx.oxml.ns import qn

    document = docx.Document(str(built / "实施意见.docx"))
    note = next(p for p in document.paragraphs if p.text.startswith("附件："))
    ind = note._p.pPr.find(qn("w:ind"))
    assert (ind.get(qn("w:leftChars")), ind.get(qn("w:hangingChars"))) == ("500", "300")
    assert (ind.get(qn("w:left")), ind.get(qn("w:hanging"))) == ("1600", "960")  # for LibreOffice
