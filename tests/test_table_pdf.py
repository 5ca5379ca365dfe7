"""A table's PDF (台账, 考核表) cut out of its branch's 档案卷 PDF, with its own footer laid
over it from a frame, instead of being laid out again."""

from __future__ import annotations

import io
import re
import shutil
import zipfile
from pathlib import Path, PurePosixPath

import pypdfium2
import pytest

from tests.pdf_support import gray_pages, made_pdf, rows_drawn
from zonedocs.build import bundlepdf, tablepdf
from zonedocs.documents import Composite, DocKind, Part

needs_libreoffice = pytest.mark.skipif(shutil.which("soffice") is None,
                                       reason="LibreOffice is not installed")
W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
FIELD = ('<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> {0} </w:instrText></w:r>'
         '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>1</w:t></w:r>'
         '<w:r><w:fldChar w:fldCharType="end"/></w:r>')
FOOTER = (f'<w:ftr {W}><w:p><w:r><w:t xml:space="preserve">第 </w:t></w:r>{FIELD.format("PAGE")}'
          f'<w:r><w:t xml:space="preserve"> 页　共 </w:t></w:r>{FIELD.format("NUMPAGES")}'
          '<w:r><w:t xml:space="preserve"> 页</w:t></w:r></w:p></w:ftr>')
MARGIN = '<w:pgSz w:w="16838" w:h="11906" w:orient="landscape"/><w:pgMar w:top="1020" w:bottom="907"/>'
SECTION = f'<w:sectPr><w:footerReference w:type="default" r:id="rId9"/>{MARGIN}</w:sectPr>'


def _table(path: Path, body: str = "<w:p><w:r><w:t>表一</w:t></w:r></w:p>", section: str = SECTION,
           title: str = "甲", styles: str = "<w:styles/>") -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("word/document.xml",
                         f"<w:document {W}><w:body>{body}{section}</w:body></w:document>")
        archive.writestr("word/footer1.xml", FOOTER)
        archive.writestr("word/styles.xml", styles)
        archive.writestr("docProps/core.xml",
                         f"<cp:coreProperties><dc:title>{title}</dc:title></cp:coreProperties>")
    return path


def test_a_table_is_found_among_its_volume_parts():
    parts = tuple(Part(p, "t.docx", p, None, f"zd_part_{i}")
                  for i, p in enumerate(["opinion", "ledger", "annual"], start=1))
    volume = Composite(PurePosixPath("v.docx"), DocKind.ARCHIVE, {"year": 2026}, "", parts=parts)
    assert tablepdf.part_of("ledger", volume) == bundlepdf.Cut("zd_part_2", "zd_part_3")
    assert tablepdf.part_of("annual", volume) == bundlepdf.Cut("zd_part_3", None)
    assert tablepdf.part_of("elsewhere", volume) is None


def test_a_frame_is_the_table_emptied_to_blank_pages_and_shared_by_like_tables(tmp_path):
    made = tablepdf.frame_of(_table(tmp_path / "a.docx"), 3)
    assert made is not None
    frame, docx = made
    assert (frame.pages, frame.top, frame.bottom) == (3, 51.0, 45.35)
    assert frame.printed.footers[0].fullmatch("第3页共5页") and not frame.printed.headers
    with zipfile.ZipFile(io.BytesIO(docx)) as archive:
        xml = archive.read("word/document.xml").decode()
        assert archive.read("word/footer1.xml").decode() == FOOTER
    assert "表一" not in xml and xml.count("<w:pageBreakBefore/>") == 2
    assert xml.endswith(SECTION + "</w:body></w:document>")
    # Another table of the same setup and footer shares the frame, whatever its body and title.
    other = tablepdf.frame_of(_table(tmp_path / "b.docx", body="<w:p/><w:p/>", title="乙"), 3)
    assert other is not None and other[0].key == frame.key
    styled = _table(tmp_path / "c.docx", styles="<w:styles><w:x/></w:styles>")
    lower = _table(tmp_path / "d.docx", section=SECTION.replace("907", "900"))
    for different in (tablepdf.frame_of(tmp_path / "a.docx", 2), tablepdf.frame_of(styled, 3),
                      tablepdf.frame_of(lower, 3)):
        assert different is not None and different[0].key != frame.key


def test_only_a_table_of_one_section_with_a_footer_and_no_header_has_a_frame(tmp_path):
    header = SECTION.replace("<w:footerReference", '<w:headerReference w:type="default" r:id="rId8"/>'
                                                   "<w:footerReference")
    for name, section in (("two.docx", SECTION * 2), ("header.docx", header),
                          ("bare.docx", f"<w:sectPr>{MARGIN}</w:sectPr>")):
        assert tablepdf.frame_of(_table(tmp_path / name, section=section), 1) is None, name
    assert tablepdf.frame_of(_table(tmp_path / "a.docx"), 0) is None
    assert tablepdf.frame_of(tmp_path / "missing.docx", 1) is None


PAGE_FOOTER = bundlepdf.Furniture((), (re.compile(r"Page[0-9]+"),))
SHEET = bundlepdf.Furniture((), (re.compile(r"Sheet[0-9]+of[0-9]+"),))
FRAME = tablepdf.Frame("k", 2, top=30, bottom=40, printed=SHEET)
VOLUME = [[("Cover", 300), ("Page 1", 15)], [("Row one", 300), ("Page 2", 15)],
          [("Row two", 60), ("Page 3", 15)], [("Closing", 300), ("Page 4", 15)]]
WHERE = bundlepdf.Cut("table", "closing")


@pytest.fixture
def starts(monkeypatch):
    monkeypatch.setattr(bundlepdf, "part_pages", lambda pdf: {"table": 2, "closing": 4})


def test_cut_pages_keep_their_body_lose_the_volume_footer_and_show_the_tables(starts):
    frames = made_pdf([[("Sheet 1 of 2", 28)], [("Sheet 2 of 2", 28)]])
    cut = tablepdf.cut(made_pdf(VOLUME), WHERE, PAGE_FOOTER, FRAME, frames)
    assert cut is not None
    document = pypdfium2.PdfDocument(cut)
    assert len(document) == 2
    for number, (drawn, body) in enumerate(zip(rows_drawn(cut), (300, 60), strict=True), start=1):
        assert any(abs((400 - body) - y) < 14 for y in drawn), "the body is still there"
        footer = [y for y in drawn if y > 400 - 40]
        assert footer and all(400 - 28 - 14 < y <= 400 - 28 for y in footer), \
            "the table's footer is drawn, the volume's is not"
        text = document[number - 1].get_textpage().get_text_range()
        assert f"Sheet {number} of 2" in text


def test_a_table_is_not_cut_when_a_check_fails(starts):
    volume = made_pdf(VOLUME)
    frames = made_pdf([[("Sheet 1 of 2", 28)], [("Sheet 2 of 2", 28)]])
    assert tablepdf.cut(volume, WHERE, PAGE_FOOTER, FRAME, frames) is not None
    three = tablepdf.Frame("k", 3, top=30, bottom=40, printed=SHEET)
    failing = {
        "the part has other pages than counted": (volume, three, made_pdf([[("Sheet 1 of 3", 28)]] * 3)),
        "the frame has other pages": (volume, FRAME, made_pdf([[("Sheet 1 of 2", 28)]])),
        "the frame prints in the body": (volume, FRAME, made_pdf([[("Sheet 1 of 2", 28), ("x", 200)]] * 2)),
        "the frame prints another footer": (volume, FRAME, made_pdf([[("Page 1", 28)]] * 2)),
        "the frame prints nothing": (volume, FRAME, made_pdf([[], []])),
        "the frame is another size": (volume, FRAME, made_pdf([[("Sheet 1 of 2", 28)]] * 2, width=310)),
        "the volume prints more in the margin": (
            made_pdf([VOLUME[0], [*VOLUME[1], ("signed", 25)], *VOLUME[2:]]), FRAME, frames),
    }
    for reason, (pdf, frame, frame_pdf) in failing.items():
        assert tablepdf.cut(pdf, WHERE, PAGE_FOOTER, frame, frame_pdf) is None, reason


# --- with LibreOffice ------------------------------------------------------------------------

def _tables(out: Path) -> list[Path]:
    return sorted(p for p in out.rglob("*.docx") if p.name.endswith(("台账.docx", "考核表.docx")))


def _squeezed_text(pdf: Path | bytes) -> list[str]:
    return ["".join(page.get_textpage().get_text_range().split()) for page in pypdfium2.PdfDocument(pdf)]


@needs_libreoffice
def test_tables_are_cut_from_their_volume_and_look_as_if_converted_alone(tmp_path, sample_workbook):
    from zonedocs import pdf
    from zonedocs.build import Options, build

    out = tmp_path / "out"
    report = build(sample_workbook, Options(out=out, jobs=1, pdf=True))
    assert not report.pdf_failed and not report.pdf_problem
    tables = [str(p.relative_to(out).with_suffix(".pdf")) for p in _tables(out)]
    assert len(tables) == 12 and set(tables) <= set(report.pdf_cut) <= set(report.pdf_written)
    sources = [p for p in _tables(out) if "B01-" in str(p)]
    jobs = [(s, tmp_path / f"{i}.pdf") for i, s in enumerate(sources)]
    alone = {c.source: c.data for c in pdf.convert(jobs, tmp_path / "state")}
    for source in sources:
        cut, converted = gray_pages(source.with_suffix(".pdf")), gray_pages(alone[source] or b"")
        assert len(cut) == len(converted) >= 1
        for (width, height, a), (width2, height2, b) in zip(cut, converted, strict=True):
            assert (width, height) == (width2, height2)
            differing = sum(1 for x, y in zip(a, b, strict=True) if x != y)
            assert differing < 0.001 * len(a), (source.name, differing)  # its footer included


@needs_libreoffice
def test_a_table_that_cannot_be_cut_is_converted_alone(tmp_path, sample_workbook, monkeypatch):
    from zonedocs.build import Options, build

    monkeypatch.setattr(tablepdf, "_prints_footer_only", lambda page, size, frame: False)
    out = tmp_path / "out"
    report = build(sample_workbook, Options(out=out, jobs=1, pdf=True, branch="B01"))
    assert not report.pdf_failed
    tables = [str(p.relative_to(out).with_suffix(".pdf")) for p in _tables(out) if "B01-" in str(p)]
    assert len(tables) == 4 and not set(tables) & set(report.pdf_cut)
    assert set(tables) <= set(report.pdf_written)
    assert any("合订本" in p for p in report.pdf_cut)  # the bundles are still cut
    for table in tables:
        texts = _squeezed_text(out / table)
        assert all(f"共{len(texts)}页" in text for text in texts)
        assert not any(re.search(r"第\d+页(?!共)", text) for text in texts), "no volume page number"


@pytest.mark.parametrize("frames", ["converted", "failed", "lost"])
def test_a_volume_done_before_the_frames_waits_for_them(tmp_path, sample_workbook, monkeypatch, frames):
    """LibreOffice hands the volumes back first and the frames last (as a second LibreOffice
    may): the tables wait for their frame, and are converted alone when it fails or never
    comes back."""
    from zonedocs import pdf
    from zonedocs.build import Options, build, pdfs

    converted: list[list[str]] = []

    def convert(jobs, state, config=None, workers=1):
        converted.append([source.name for source, _ in jobs])
        for index in reversed(range(len(jobs))):
            frame = jobs[index][0].name.startswith("frame-")
            if frame and frames == "lost":
                continue
            data = None if frame and frames == "failed" else b"%PDF " + jobs[index][0].name.encode()
            yield pdf.Converted(index, jobs[index][0], jobs[index][1], data)

    monkeypatch.setattr(pdf, "find_soffice", lambda: "soffice")
    monkeypatch.setattr(pdf, "converter_id", lambda: "fake")
    monkeypatch.setattr(pdf, "convert", convert)
    monkeypatch.setattr(pdfs, "_renumber", lambda *args: None)
    monkeypatch.setattr(bundlepdf, "cut", lambda *args: None)  # the bundles are converted alone
    monkeypatch.setattr(tablepdf, "cut", lambda volume, where, printed, frame, frame_pdf:
                        volume + b" | " + frame_pdf)
    out = tmp_path / "out"
    report = build(sample_workbook, Options(out=out, jobs=1, pdf=True, branch="B01"))
    tables = [p.relative_to(out).with_suffix(".pdf") for p in _tables(out) if "B01-" in str(p)]
    assert len(tables) == 4 and not report.pdf_failed
    assert sum(name.startswith("frame-") for name in converted[0]) == 3  # the quarterly ones share
    if frames == "converted":
        assert {str(t) for t in tables} <= set(report.pdf_cut)
        for table in tables:
            assert (out / table).read_bytes().startswith(b"%PDF \xe6\xa1\xa3")  # 档案卷's, framed
            assert b" | %PDF frame-" in (out / table).read_bytes()
        assert not any(name.endswith(("台账.docx", "考核表.docx")) for batch in converted for name in batch)
    else:
        assert not {str(t) for t in tables} & set(report.pdf_cut)
        assert sorted(converted[1]) == sorted(["公示卡合订本.docx", "承诺书合订本.docx",
                                               *(t.with_suffix(".docx").name for t in tables)])
