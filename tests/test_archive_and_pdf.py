"""The branch archive volume, the print bundles, and their PDFs."""

from __future__ import annotations

import datetime as dt
import itertools
import re
import shutil
import subprocess
import tempfile
from collections import Counter
from pathlib import Path

import docx
import pytest
from docx.enum.section import WD_ORIENT

from conftest import docx_text
from zonedocs.samples.company import sample_data, write_sample

DATA = sample_data()
needs_libreoffice = pytest.mark.skipif(
    shutil.which("soffice") is None or shutil.which("pdfinfo") is None,
    reason="LibreOffice and poppler-utils are not installed")


def active(branch: str) -> list[dict]:
    return [m for m in DATA["党员"] if m["所属支部"] == branch and m["状态"] != "转出"]


PART_ORDER = ["实施意见", "责任区划分表", "责任区标志牌", "党员责任区公示卡",
              "党员承诺书", "联系群众台账", "季度考核表", "年度综合考核表"]


def part_rank(kind: str) -> int:
    return next(i for i, o in enumerate(PART_ORDER) if o in kind)


def contents(volume: docx.Document) -> list[str]:
    """The titles (题名) listed in the volume's 卷内目录 (second table)."""
    return [row.cells[3].text for row in volume.tables[1].rows[1:]]


def test_volume_lists_and_holds_every_part_in_order(built: Path):
    for branch in ("B01", "B02", "B03"):
        path = next(built.glob(f"{branch}-*")) / "档案卷.docx"
        volume = docx.Document(str(path))
        titles = contents(volume)
        members = active(branch)
        for member in members:
            assert f"党员责任区公示卡：{member['姓名']}" in titles
            assert f"党员承诺书：{member['姓名']}" in titles
        assert titles[0] == "关于开展2026年度党员责任区活动的实施意见"  # the document's own title
        assert titles[1].endswith("责任区划分表")
        ranks = [part_rank(t.split("：")[0]) for t in titles]
        assert ranks == sorted(ranks)
        # one section per part, plus the cover's and the 备考表's; each part's bookmark present
        assert len(volume.sections) == len(titles) + 2
        xml = volume.element.xml
        for number in range(1, len(titles) + 1):
            assert f'w:name="zd_part_{number}"' in xml
        text = docx_text(path)
        assert "党员责任区活动档案" in text and "卷内目录" in text and "卷内备考表" in text
        assert f"共{len(titles)}件" in text


def test_the_volume_files_the_opinion_with_its_own_branch_of_the_appendix(built: Path):
    """Without LibreOffice too: each volume's 实施意见 lists the zones of its own branch only,
    under the archive-copy line, and says 附件摘录 in the 卷内目录; the issued one lists every
    branch and has no such line."""
    heading = re.compile(r"^（[一二三四五六七八九十]+）(\S+党支部)（\d+个）$")
    issued = [p.text for p in docx.Document(str(built / "实施意见.docx")).paragraphs]
    assert not any("存档件" in t for t in issued)
    every = [m.group(1) for m in map(heading.match, issued) if m]
    assert len(every) == 3
    for branch in ("B01", "B02", "B03"):
        volume = docx.Document(str(next(built.glob(f"{branch}-*")) / "档案卷.docx"))
        texts = [p.text for p in volume.paragraphs]
        name = volume.tables[0].rows[1].cells[1].text
        assert f"（{name}存档件，附件仅收录本支部部分）" in texts
        assert [m.group(1) for m in map(heading.match, texts) if m] == [name]
        assert volume.tables[1].rows[1].cells[6].text == "附件摘录"
        assert all(row.cells[6].text == "" for row in volume.tables[1].rows[2:])


def test_volume_follows_da_t_22(built: Path):
    volume = docx.Document(str(next(built.glob("B01-*")) / "档案卷.docx"))
    cover = {row.cells[0].text.replace("　", "").replace(" ", ""): row.cells[1].text
             for row in volume.tables[0].rows}
    assert cover["全宗名称"] == "滨江公共交通集团有限公司" and cover["年度"] == "2026"
    assert cover["保管期限"] == "永久" and cover["档号"]
    assert cover["立卷日期"] == "2026年6月30日"  # the sample's last scored quarter ends then
    listing = volume.tables[1]
    assert [c.text for c in listing.rows[0].cells] == ["序号", "文号", "责任者", "题名", "日期", "页号",
                                                       "备注"]
    opinion = [c.text for c in listing.rows[1].cells]
    assert opinion[1] == "滨公交党发〔2026〕8号" and opinion[2] == "中共滨江公共交通集团有限公司委员会"
    assert opinion[4] == "20260305"
    assert listing.rows[2].cells[2].text == "第一运营分公司党支部"
    assert "Word" not in docx_text(next(built.glob("B01-*")) / "档案卷.docx")  # no software notes


def test_landscape_parts_stay_landscape(built: Path):
    volume = docx.Document(str(next(built.glob("B01-*")) / "档案卷.docx"))
    titles = contents(volume)
    sections = volume.sections[1:-1]  # the cover's own section first, the 备考表's last
    for title, section in zip(titles, sections, strict=True):
        landscape = any(word in title for word in ("标志牌", "承诺书", "台账", "考核表"))
        expected = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
        assert section.orientation == expected, title
        assert (section.page_width > section.page_height) == landscape, title


def test_volume_footer_numbers_run_through(built: Path):
    volume = docx.Document(str(next(built.glob("B02-*")) / "档案卷.docx"))
    xml = volume.element.xml
    assert 'w:fldCharType="begin"' in xml
    assert "pgNumType" not in xml  # no part restarts the numbering
    references = {s._sectPr.xpath("./w:footerReference")[0].get(
        "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id")
        for s in volume.sections}
    assert len(references) == 1


def test_bundles_hold_one_card_and_one_pledge_per_member(built: Path):
    for branch in ("B01", "B03"):
        folder = next(built.glob(f"{branch}-*")) / "打印"
        cards = docx_text(folder / "公示卡合订本.docx")
        pledges = docx_text(folder / "承诺书合订本.docx")
        for member in active(branch):
            assert member["姓名"] in cards and member["姓名"] in pledges
        assert cards.count("党员责任区公示卡") == len(active(branch))
        assert len(docx.Document(str(folder / "公示卡合订本.docx")).sections) == len(active(branch))


# --- PDF ------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def with_pdf(tmp_path_factory) -> Path:
    from zonedocs.build import Options, build

    root = tmp_path_factory.mktemp("pdf")
    report = build(write_sample(root / "inputs"), Options(out=root / "out", pdf=True, jobs=1,
                                                          only={"opinion", "archive", "bundle",
                                                                "card", "pledge", "sign", "ledger",
                                                                "quarterly", "annual"}))
    assert not report.pdf_failed and not report.pdf_problem
    return root / "out" / "2026"


def embedded_faces(pdf: Path) -> set[str]:
    """The faces a PDF uses, each of which must be embedded."""
    listing = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    for line in listing.splitlines()[2:]:
        assert line.split()[-5] == "yes", line  # embedded
    return {line.split()[0].split("+")[-1] for line in listing.splitlines()[2:]}


def fandol_installed() -> bool:
    from zonedocs import fonts

    return fonts.fonts_ready(fonts.font_config(Path(tempfile.mkdtemp())))


def listed_pages(pdf: Path, total: int) -> list[int]:
    """The numbers in the 页号 column of the 卷内目录, read by position from the PDF."""
    found: list[int] = []
    for number in range(2, total):
        html = subprocess.run(["pdftotext", "-bbox", "-f", str(number), "-l", str(number), str(pdf),
                               "-"], capture_output=True, text=True, check=True).stdout
        words = [(float(x0), float(x1), float(y0), text) for x0, y0, x1, _, text in re.findall(
            r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>',
            html)]
        header = next(((x0 + x1) / 2 for x0, x1, _, text in words if text == "页号"), None)
        if header is None:
            break  # the list is over
        column = sorted((y, int(text)) for x0, x1, y, text in words
                        if text.isdigit() and abs((x0 + x1) / 2 - header) < 12)
        found += [page for _, page in column]
    return found


def pages(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    return int(re.search(r"Pages:\s+(\d+)", info).group(1))


def page_text(pdf: Path, number: int) -> str:
    return subprocess.run(["pdftotext", "-f", str(number), "-l", str(number), "-layout", str(pdf), "-"],
                          capture_output=True, text=True, check=True).stdout


@needs_libreoffice
def test_pdfs_exist_with_chinese_faces_embedded(with_pdf: Path):
    expected = [with_pdf / "实施意见.pdf"]
    for folder in with_pdf.glob("B0*"):
        expected += [folder / "档案卷.pdf", folder / "打印" / "公示卡合订本.pdf",
                     folder / "打印" / "承诺书合订本.pdf", folder / "联系群众台账.pdf",
                     folder / "年度考核表.pdf", folder / "季度考核" / "第1季度考核表.pdf"]
    for pdf in expected:
        assert pdf.is_file(), pdf
    faces = embedded_faces(with_pdf / "实施意见.pdf")
    assert not [face for face in faces if "jp" in face.lower()]
    if not fandol_installed():
        pytest.skip("the Fandol faces are not installed: `zonedocs fonts --install`")
    assert {"FandolFang-Regular", "FandolHei-Regular", "FandolKai-Regular"} <= faces
    assert any(face.startswith("FandolSong") for face in faces)


@needs_libreoffice
def test_bundle_pdf_has_a_page_per_member(with_pdf: Path):
    folder = next(with_pdf.glob("B01-*")) / "打印"
    assert pages(folder / "公示卡合订本.pdf") == len(active("B01"))


@needs_libreoffice
def test_archive_pdf_pages_match_its_contents(with_pdf: Path):
    folder = next(with_pdf.glob("B02-*"))
    pdf = folder / "档案卷.pdf"
    volume = docx.Document(str(folder / "档案卷.docx"))
    titles = contents(volume)
    total = pages(pdf)
    starts = listed_pages(pdf, total)
    assert starts == sorted(starts) and len(starts) == len(titles)
    assert starts[-1] == total - 1  # the annual table, one page, then the 备考表
    for title, start in zip(titles, starts, strict=True):
        text = page_text(pdf, start).replace(" ", "")
        if "：" in title:  # a sign, card or pledge: its zone or member name opens the page
            marker = title.split("：")[-1].split()[-1]
        else:
            marker = next(k for k in ("实施意见", "责任区划分表", "联系群众台账", "季度考核表",
                                      "年度综合考核表") if k in title)
        assert marker in text, (title, start)
    size = subprocess.run(["pdfinfo", "-f", str(starts[-1]), "-l", str(starts[-1]), str(pdf)],
                          capture_output=True, text=True, check=True).stdout
    width, height = map(float, re.search(r"size:\s+([\d.]+) x ([\d.]+)", size).groups())
    assert width > height  # the annual table is landscape inside a portrait volume


@needs_libreoffice
def test_second_pdf_build_converts_nothing(with_pdf: Path):
    from zonedocs.build import Options, build

    out = with_pdf.parent
    report = build(out.parent / "inputs" / "主台账.xlsx", Options(out=out, pdf=True, jobs=1,
                                                                   only={"archive", "bundle"}))
    assert report.pdf_written == [] and report.pdf_unchanged


@needs_libreoffice
def test_a_deleted_pdf_is_made_again(with_pdf: Path):
    from zonedocs.build import Options, build

    out = with_pdf.parent
    annual = next(with_pdf.glob("B01-*")) / "年度考核表.pdf"
    annual.unlink()
    report = build(out.parent / "inputs" / "主台账.xlsx", Options(out=out, pdf=True, jobs=1,
                                                                   only={"annual"}))
    assert [Path(p).name for p in report.pdf_written] == ["年度考核表.pdf"]
    assert annual.is_file() and pages(annual) >= 1
    assert len(report.pdf_unchanged) == 2  # the other branches' tables


def test_missing_libreoffice_still_builds_docx(tmp_path, sample_workbook, monkeypatch):
    from zonedocs import pdf
    from zonedocs.build import Options, build

    monkeypatch.setattr(pdf, "find_soffice", lambda: None)
    report = build(sample_workbook, Options(out=tmp_path / "out", pdf=True, jobs=1, only={"opinion"}))
    assert (tmp_path / "out" / "2026" / "实施意见.docx").is_file()
    assert "未找到 LibreOffice" in report.pdf_problem and "apt-get install" in report.pdf_problem


def _text_lines(pdf: Path, page: int) -> list[float]:
    html = subprocess.run(["pdftotext", "-bbox", "-f", str(page), "-l", str(page), str(pdf), "-"],
                          capture_output=True, text=True, check=True).stdout
    tops = sorted({round(float(y)) for y in re.findall(r'yMin="([\d.]+)"', html)})
    return [float(y) for y in tops if y < 760]  # the page number sits below


@needs_libreoffice
def test_the_opinion_sets_22_lines_a_page_at_the_standard_pitch(with_pdf: Path):
    """GB/T 9704: 22 lines of 28.95 pt on a body page, in LibreOffice's PDF as in Word."""
    pdf = with_pdf / "实施意见.pdf"
    lines = _text_lines(pdf, 2)
    assert len(lines) == 22
    steps = [b - a for a, b in itertools.pairwise(lines)]
    assert all(27 <= step <= 31 for step in steps), steps
    assert all(len(_text_lines(pdf, page)) <= 22 for page in range(2, 5))


@needs_libreoffice
def test_no_page_of_the_opinion_holds_only_the_signature(with_pdf: Path):
    pdf = with_pdf / "实施意见.pdf"
    page = next(n for n in range(1, pages(pdf) + 1) if "2026年3月5日" in page_text(pdf, n).replace(" ", ""))
    text = page_text(pdf, page).replace(" ", "")
    assert "附件：" in text and "。" in text.split("附件：")[0]  # body text stands above the signature


PT_PER_MM = 72 / 25.4
TYPE_TOP, TYPE_BOTTOM = 37 * PT_PER_MM, (297 - 35) * PT_PER_MM  # the 实施意见's type area
TYPE_LEFT, TYPE_RIGHT = 28 * PT_PER_MM, (210 - 26) * PT_PER_MM
ONE_CHAR = 14  # a 4号 character, pt


def _words(pdf: Path, page: int) -> list[tuple[float, float, float, float, str]]:
    """(xMin, yMin, xMax, yMax, text) of every word on the page, in points from the top left."""
    html = subprocess.run(["pdftotext", "-bbox", "-f", str(page), "-l", str(page), str(pdf), "-"],
                          capture_output=True, text=True, check=True).stdout
    return [(float(a), float(b), float(c), float(d), text) for a, b, c, d, text in re.findall(
        r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>', html)]


@needs_libreoffice
def test_the_opinion_imprint_sits_whole_at_the_foot_of_the_last_page(with_pdf: Path):
    """GB/T 9704 §7.4: 抄送 and 印发 on the last page, the 印发 line ending at the type area's foot."""
    pdf = with_pdf / "实施意见.pdf"
    last = pages(pdf)
    words = _words(pdf, last)
    copy = next(w for w in words if w[4].startswith("抄送"))
    issued = next(w for w in words if w[4].endswith("印发"))
    assert TYPE_BOTTOM - 12 <= issued[3] <= TYPE_BOTTOM, issued
    assert 15 <= issued[1] - copy[1] <= 30  # the next line down
    assert abs(copy[0] - (TYPE_LEFT + ONE_CHAR)) < 2  # one character in
    assert abs(issued[2] - (TYPE_RIGHT - ONE_CHAR)) < 2  # the date one character in from the right
    for page in range(1, last):
        assert not any("抄送" in w[4] or w[4].endswith("印发") for w in _words(pdf, page))


@needs_libreoffice
def test_the_opinion_page_numbers_follow_gb_t_9704(with_pdf: Path):
    """`— N —` in 4号 宋体 7 mm under the type area, one character in on the outer side."""
    pdf = with_pdf / "实施意见.pdf"
    for page in range(1, pages(pdf) + 1):
        line = sorted((w for w in _words(pdf, page) if w[1] > TYPE_BOTTOM), key=lambda w: w[0])
        assert [w[4] for w in line] == ["—", str(page), "—"], (page, line)
        assert 5 * PT_PER_MM <= line[0][1] - TYPE_BOTTOM <= 8 * PT_PER_MM, line[0]
        assert abs(line[0][3] - line[0][1] - ONE_CHAR * 1.3) < 3  # a 4号 line box
        if page % 2:
            assert abs(line[-1][2] - (TYPE_RIGHT - ONE_CHAR)) < 2, line
        else:
            assert abs(line[0][0] - (TYPE_LEFT + ONE_CHAR)) < 2, line
    if fandol_installed():
        assert embedded_faces(pdf) <= {"FandolSong-Regular", "FandolSong-Bold", "FandolFang-Regular",
                                       "FandolHei-Regular", "FandolKai-Regular"}


def test_filing_date_is_the_setting_or_the_latest_content_and_never_silently_earlier(
        sample_rows: dict, workbook_from) -> None:
    from zonedocs.filing import filing_date
    from zonedocs.workbook import check

    roster, _ = check(workbook_from(sample_rows))
    assert filing_date(roster) == dt.date(2026, 6, 30)
    sample_rows["季度评分"] = []
    roster, _ = check(workbook_from(sample_rows, "no-scores.xlsx"))
    assert filing_date(roster) == roster.company.print_date == dt.date(2026, 3, 6)
    sample_rows["单位"].append({"项目": "立卷日期", "内容": "2026-01-02"})
    roster, problems = check(workbook_from(sample_rows, "early.xlsx"))
    assert filing_date(roster) == dt.date(2026, 1, 2)
    assert any("立卷日期早于卷内最晚的文件（2026-03-06）" in str(p) for p in problems.warnings)


def test_contents_titles_are_the_documents_own_titles(built: Path):
    """DA/T 22 题名: what each document says at its head (per-member and per-zone papers add whose)."""
    branch = next(built.glob("B01-*"))
    listing = docx.Document(str(branch / "档案卷.docx")).tables[1]
    titles = [row.cells[3].text for row in listing.rows[1:]]
    assert "第一运营分公司党支部党员责任区划分表" in titles  # a part of the volume only
    for name in ("联系群众台账.docx", "年度考核表.docx", "季度考核/第1季度考核表.docx",
                 "季度考核/第2季度考核表.docx"):
        heading = next(p.text for p in docx.Document(str(branch / name)).paragraphs if p.text.strip())
        assert heading in titles, (heading, titles)
    opinion = docx.Document(str(built / "实施意见.docx"))
    assert "关于开展2026年度党员责任区活动的实施意见" in titles
    assert any("关于开展2026年度党员责任区" in p.text for p in opinion.paragraphs)


@needs_libreoffice
def test_the_opinion_signature_follows_gb_t_9704_7_3_5_2(with_pdf: Path):
    """No seal: the issuer two characters in from the right, the date's first character two to
    the right of the issuer's."""
    pdf = with_pdf / "实施意见.pdf"
    words = [w for page in range(1, pages(pdf) + 1) for w in _words(pdf, page)]
    issuer = next(i for i, w in enumerate(words) if w[4] == "中共滨江公共交通集团有限公司委员会")
    date = words[issuer + 1]
    assert date[4] == "2026"
    body = 16
    assert abs(TYPE_RIGHT - words[issuer][2] - 2 * body) < 1.5
    assert abs(date[0] - words[issuer][0] - 2 * body) < 1.5


def test_signature_indents_when_the_date_is_the_longer() -> None:
    from zonedocs.documents.opinion import signature_indents

    short = signature_indents("中共某某公司委员会", "2026年3月5日")
    assert short["date"]["align"] == "left" and short["issuer"]["right"]["chars"] == 200
    tight = signature_indents("某某党委", "2026年12月25日")  # the date is wider than the issuer
    assert tight["date"]["align"] == "right" and tight["date"]["right"]["chars"] == 200
    assert tight["issuer"]["right"]["chars"] > 200  # moved left to keep the two-character step


@needs_libreoffice
def test_the_opinion_issuer_mark_sits_35_mm_under_the_type_areas_top(with_pdf: Path):
    pdf = with_pdf / "实施意见.pdf"
    mark = next(w for w in _words(pdf, 1) if w[4].endswith("委员会文件"))
    assert 34 <= (mark[1] - TYPE_TOP) / PT_PER_MM <= 37, mark


@needs_libreoffice
def test_table_headers_never_break_inside_a_word(with_pdf: Path):
    """Each header of the quarterly and annual tables, the ledger and the volume's lists is one
    word on one line of the PDF."""
    branch = next(with_pdf.glob("B01-*"))
    for pdf, headers in (
        (branch / "季度考核" / "第1季度考核表.pdf", ("序号", "群众评议", "组织考评", "备注")),
        (branch / "年度考核表.pdf", ("序号", "年度成绩", "评优推荐")),
        (branch / "联系群众台账.pdf", ("序号", "党员所在班组", "联系人所在班组", "联系情况记录")),
        (branch / "档案卷.pdf", ("序号", "责任者", "题名", "页号")),
        (with_pdf / "实施意见.pdf", ("序号", "责任区名称", "上级责任区", "覆盖班组")),
    ):
        words = {w[4] for page in range(1, min(pages(pdf), 8) + 1) for w in _words(pdf, page)}
        for header in headers:
            assert header in words, (pdf.name, header)


def test_fit_headers_widens_narrow_columns_from_the_widest() -> None:
    from templates.builder.base import fit_headers

    fitted = fit_headers([10, 17, 60], ["序号", "群众评议", "备注"], 10)
    assert fitted[0] > 10 and fitted[1] > 17 and sum(fitted) == pytest.approx(87)
    assert fitted[2] < 60


@needs_libreoffice
def test_quarterly_table_subtitle_and_signature_lines_do_not_wrap(with_pdf: Path):
    pdf = next(with_pdf.glob("B01-*")) / "季度考核" / "第1季度考核表.pdf"
    lines = [line.strip() for line in page_text(pdf, 1).splitlines() if line.strip()]
    bands = next(line for line in lines if line.startswith("等次："))
    assert bands.replace(" ", "").endswith("70分以下为不合格（挂灰旗）")
    signature = next(line for line in lines if line.startswith("考评小组成员"))
    assert signature.replace(" ", "").endswith("日")


def _body_lines(pdf: Path, first: int, last: int) -> list[str]:
    """The text lines of pages first..last, without the page-number lines of the footers."""
    text = subprocess.run(["pdftotext", "-f", str(first), "-l", str(last), str(pdf), "-"],
                          capture_output=True, text=True, check=True).stdout
    footer = re.compile(r"^(—\s*\d+\s*—|第\s*\d+\s*页)$")
    return [line for line in (raw.strip() for raw in text.splitlines())
            if line and not footer.match(line)]


@needs_libreoffice
def test_the_archived_opinion_lays_out_as_the_issued_one(with_pdf: Path):
    """The volume's 实施意见 is the issued one line for line, except that its 附件 holds the
    branch's own part only, under a line that says so, and then the same 版记."""
    issued = _body_lines(with_pdf / "实施意见.pdf", 1, pages(with_pdf / "实施意见.pdf"))
    volume = next(with_pdf.glob("B01-*")) / "档案卷.pdf"
    first, following = listed_pages(volume, pages(volume))[:2]
    archived = _body_lines(volume, first, following - 1)
    title = issued.index("附件") + 2  # 附件 and the table's title
    assert archived[:title] == issued[:title]
    assert archived[title] == "（第一运营分公司党支部存档件，附件仅收录本支部部分）"
    heading = re.compile(r"^（[一二三四五六七八九十]+）\S+党支部（(\d+)\s*个）$")
    imprint = next(i for i, line in enumerate(issued) if line.startswith("抄送"))
    assert archived[-(len(issued) - imprint):] == issued[imprint:]
    appendix = archived[title + 1:len(archived) - (len(issued) - imprint)]
    headings = [m for m in map(heading.match, appendix) if m]
    assert len(headings) == 1 and appendix[0] == headings[0].group(0)
    zones = [line for line in appendix if re.fullmatch(r"Z[0-9A-Z]+", line)]
    assert len(zones) == int(headings[0].group(1)) > 0
    assert not Counter(appendix) - Counter(issued)  # every line of it is in the issued 附件
    assert len(archived) < len(issued)


def _written(volume: Path) -> list[int]:
    from zonedocs.build.pagenumbers import written_pages

    pages = written_pages(volume.read_bytes())
    return [int(pages[f"zd_part_{i}"]) for i in range(1, len(pages) + 1)]


@needs_libreoffice
def test_every_volume_shows_libreoffice_page_numbers_as_written(with_pdf: Path):
    """The numbers worked out without a layout engine are LibreOffice's for every volume of the
    sample: the build had nothing to correct, and what the .docx says is what the PDF shows."""
    from zonedocs.build.pagenumbers import part_pages

    for folder in sorted(with_pdf.glob("B0*")):
        volume = folder / "档案卷.docx"
        pdf = folder / "档案卷.pdf"
        written = _written(volume)
        laid_out = part_pages(pdf.read_bytes())
        assert written == [laid_out[f"zd_part_{i}"] for i in range(1, len(written) + 1)], folder
        assert written == listed_pages(pdf, pages(pdf)), folder


def test_page_numbers_are_written_without_libreoffice(built: Path):
    folder = next(built.glob("B01-*"))
    written = _written(folder / "档案卷.docx")
    assert written[0] == 5  # the cover, three pages of 卷内目录, then the 实施意见
    assert written == sorted(set(written))
    assert "—" not in {str(n) for n in written}


@needs_libreoffice
def test_pdf_build_corrects_page_numbers_libreoffice_lays_out_otherwise(tmp_path, monkeypatch):
    from zonedocs.build import Options, build, produce
    from zonedocs.build.pagenumbers import part_pages

    monkeypatch.setattr(produce, "count_pages", lambda data: 1)  # a wrong count for every part
    monkeypatch.setattr(produce, "count_read", lambda package, xml: 1)  # and for the cover
    workbook = write_sample(tmp_path / "inputs")
    options = Options(out=tmp_path / "out", pdf=True, jobs=1, only={"archive"})
    report = build(workbook, options)
    folder = next((tmp_path / "out" / "2026").glob("B02-*"))
    assert str((folder / "档案卷.docx").relative_to(tmp_path / "out")).replace("\\", "/") in \
        report.renumbered
    written = _written(folder / "档案卷.docx")
    laid_out = part_pages((folder / "档案卷.pdf").read_bytes())
    assert written == [laid_out[f"zd_part_{i}"] for i in range(1, len(written) + 1)]
    assert written[1] - written[0] > 1  # the 实施意见 takes several pages, not the wrong one
    again = build(workbook, options)  # the corrected volume and its PDF stand
    assert again.written == [] and again.pdf_written == [] and again.renumbered == []


def test_recorded_page_counts_follow_the_bytes_they_were_counted_from(tmp_path, sample_rows,
                                                                       workbook_from, monkeypatch):
    """Each part's pages are counted once and kept in the manifest with the bytes they came
    from: a rebuild counts only what changed, and its 卷内目录 numbers are a fresh build's."""
    from zonedocs.build import Options, build, produce
    from zonedocs.build.manifest import Manifest

    out = tmp_path / "out"
    build(workbook_from(sample_rows), Options(out=out, jobs=1))
    with Manifest.load(out) as manifest:
        parts = {p: e for p, e in manifest.entries.items() if e.kind in ("card", "pledge", "sign")}
        assert parts and all(e.pages == 1 for e in parts.values())

    pledge = next(p for p in sample_rows["承诺"] if p["党员编号"].startswith("M1"))
    pledge["内容"] = "坚持每周走访所联系的职工群众，记录所提意见并在一周内反馈办理结果。" * 40
    counted: list[int] = []
    real, real_read = produce.count_pages, produce.count_read
    monkeypatch.setattr(produce, "count_pages", lambda data: counted.append(len(data)) or real(data))
    monkeypatch.setattr(produce, "count_read", lambda package, xml: counted.append(len(xml))
                        or real_read(package, xml))
    report = build(workbook_from(sample_rows), Options(out=out, jobs=1))
    changed = [p for p, _ in report.written if p.endswith(".docx") and "档案卷" not in p
               and "合订本" not in p]
    # the documents that changed, and nothing else: not the ~150 parts again, nor the cover,
    # the 实施意见's archive copy, the 责任区划分表 or the 备考表 the volume makes itself,
    # whose pages were kept with the volume the last time
    assert 0 < len(counted) == len(changed), (changed, counted)

    monkeypatch.setattr(produce, "count_pages", real)
    monkeypatch.setattr(produce, "count_read", real_read)
    fresh = tmp_path / "fresh"
    build(workbook_from(sample_rows), Options(out=fresh, jobs=1))
    for volume in sorted(fresh.rglob("档案卷.docx")):
        again = out / volume.relative_to(fresh)
        assert _written(again) == _written(volume), volume.parent.name
    assert any(b - a == 2 for volume in fresh.rglob("档案卷.docx")
               for a, b in zip(_written(volume), _written(volume)[1:], strict=False))


def test_pdf_work_is_shared_out_evenly_and_in_order(tmp_path):
    from zonedocs.pdf import _profile, _shares

    sizes = [900, 100, 100, 400, 500, 100]
    jobs = []
    for i, size in enumerate(sizes):
        (tmp_path / f"{i}.docx").write_bytes(b"x" * size)
        jobs.append((tmp_path / f"{i}.docx", tmp_path / f"{i}.pdf"))
    shares = _shares(jobs, 2)
    assert sorted(i for share in shares for i in share) == list(range(6))
    assert all(share == sorted(share) for share in shares)
    loads = sorted(sum(sizes[i] for i in share) for share in shares)
    assert loads == [1000, 1100]
    assert _shares(jobs[:1], 2) == [[0]]  # never a LibreOffice with nothing to do
    assert len({_profile(tmp_path, i) for i in range(3)}) == 3


def test_pdf_work_is_weighed_by_the_body_not_the_packed_size(tmp_path):
    """A volume of many like parts packs tight: its share is weighed by its body's XML."""
    import os
    import zipfile

    from zonedocs.pdf import DOCUMENT_COST, _shares, _work

    def docx(name: str, body: bytes) -> Path:
        path = tmp_path / name
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("word/document.xml", body)
        return path

    volume = docx("volume.docx", b"<w:p>card</w:p>" * 100_000)  # 1.5 MB, packs to a few kB
    tables = [docx(f"{i}.docx", os.urandom(20_000)) for i in range(3)]  # 20 kB, packs to 20 kB
    assert _work(volume) == 1_500_000 + DOCUMENT_COST
    assert _work(tables[0]) == 20_000 + DOCUMENT_COST
    assert volume.stat().st_size < tables[0].stat().st_size
    jobs = [(p, p.with_suffix(".pdf")) for p in (volume, *tables)]
    assert _shares(jobs, 2) == [[0], [1, 2, 3]]  # the volume alone, the tables together


@needs_libreoffice
def test_two_libreoffices_convert_side_by_side_and_name_each_job(built: Path, tmp_path):
    from zonedocs import pdf

    sources = [*sorted(built.rglob("联系群众台账.docx")), built / "实施意见.docx"]
    jobs = [(s, tmp_path / f"{i}.pdf") for i, s in enumerate(sources)]
    results = sorted(pdf.convert(jobs, tmp_path / "state", workers=2), key=lambda r: r.index)
    assert [(r.index, r.source, r.target) for r in results] == [(i, *job) for i, job in enumerate(jobs)]
    assert all(r.data and r.data.startswith(b"%PDF") for r in results)
    assert (tmp_path / "state" / "libreoffice-profile-2").is_dir()
    (tmp_path / "opinion.pdf").write_bytes(results[-1].data)
    assert pages(tmp_path / "opinion.pdf") == 8  # the 实施意见, as converted alone


@pytest.mark.skipif("fork" not in __import__("multiprocessing").get_all_start_methods(),
                    reason="watches the workers through a forked copy of this process")
def test_a_few_composites_with_many_parts_are_shared_among_the_workers(
        tmp_path, sample_workbook, monkeypatch):
    """A build's composites are few but each joins hundreds of parts: they go to the worker
    processes even when there are fewer of them than a pool is started for."""
    import os

    from zonedocs.build import Options, build, workers

    log = tmp_path / "makers.txt"
    original = workers.Worker.run

    def run(self, write):
        if write.output.composite:
            with log.open("a", encoding="utf-8") as file:
                file.write(f"{os.getpid()}\n")
        return original(self, write)

    monkeypatch.setattr(workers, "START_METHOD", "fork")
    monkeypatch.setattr(workers.Worker, "run", run)
    build(sample_workbook, Options(out=tmp_path / "out", jobs=2))
    makers = set(log.read_text(encoding="utf-8").split())
    assert makers and str(os.getpid()) not in makers


def test_a_rebuild_joins_a_volume_from_reused_parts_in_its_own_process(
        tmp_path, sample_rows, workbook_from, monkeypatch):
    """After one member's change a volume joins files already made, pages known: starting
    worker processes (each a new Python under spawn) would cost more than the joining."""
    import os

    from zonedocs.build import Options, build, workers

    out = tmp_path / "out"
    build(workbook_from(sample_rows), Options(out=out, jobs=2))
    makers: list[int] = []
    original = workers.Worker.run

    def run(self, write):
        if write.output.composite:
            makers.append(os.getpid())  # a worker's list is its own: only this process's show
        return original(self, write)

    monkeypatch.setattr(workers.Worker, "run", run)
    sample_rows["党员"][0]["手机"] = "13900001234"
    report = build(workbook_from(sample_rows), Options(out=out, jobs=2))
    composites = [p for p, _ in report.written if "档案卷" in p or "合订本" in p]
    assert composites and len(makers) == len(composites)
