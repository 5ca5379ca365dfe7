"""The 合订本's PDF cut out of its branch's 档案卷 PDF instead of being laid out again."""

from __future__ import annotations

import re
import shutil
from pathlib import Path, PurePosixPath

import pypdfium2
import pytest

from tests.pdf_support import gray_pages, made_pdf, rows_drawn
from zonedocs.build import bundlepdf
from zonedocs.documents import Composite, DocKind, Part

needs_libreoffice = pytest.mark.skipif(shutil.which("soffice") is None,
                                       reason="LibreOffice is not installed")
FOOTER = ('<w:ftr xmlns:w="x"><w:p><w:r><w:t xml:space="preserve">第 </w:t></w:r>'
          '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> PAGE </w:instrText></w:r>'
          '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>1</w:t></w:r>'
          '<w:r><w:fldChar w:fldCharType="end"/></w:r><w:r><w:t xml:space="preserve"> 页</w:t></w:r>'
          "</w:p></w:ftr>")


def test_the_footer_reads_as_its_text_with_any_page_number():
    pattern = bundlepdf._printed(FOOTER)
    assert pattern.fullmatch("第29页") and pattern.fullmatch("第1页")
    assert not pattern.fullmatch("第页") and not pattern.fullmatch("第29页 张三")
    assert not pattern.fullmatch("张三")
    simple = bundlepdf._printed('<w:p><w:r><w:t>Page</w:t></w:r><w:fldSimple w:instr="PAGE">'
                                '<w:r><w:t>7</w:t></w:r></w:fldSimple><w:r><w:t>&amp; more</w:t></w:r></w:p>')
    assert simple.fullmatch("Page12&more") and not simple.fullmatch("Page&more")


def _composite(kind: DocKind, paths: list[str], prefix: str) -> Composite:
    parts = tuple(Part(p, "t.docx", p, None, f"{prefix}{i}") for i, p in enumerate(paths, start=1))
    return Composite(PurePosixPath(f"{kind}.docx"), kind, {"year": 2026}, "", parts=parts)


def test_a_bundle_is_found_as_a_run_of_the_volume_parts():
    volume = _composite(DocKind.ARCHIVE, ["opinion", "card1", "card2", "pledge1", "closing"], "zd_part_")
    cards = _composite(DocKind.BUNDLE, ["card1", "card2"], "zd_item_")
    assert bundlepdf.cut_of(cards, volume) == bundlepdf.Cut("zd_part_2", "zd_part_4")
    last = _composite(DocKind.BUNDLE, ["pledge1", "closing"], "zd_item_")
    assert bundlepdf.cut_of(last, volume) == bundlepdf.Cut("zd_part_4", None)
    apart = _composite(DocKind.BUNDLE, ["card1", "pledge1"], "zd_item_")
    assert bundlepdf.cut_of(apart, volume) is None  # not one run: converted on its own
    assert bundlepdf.cut_of(cards, cards) is None


PAGE_FOOTER = bundlepdf.Furniture((), (re.compile(r"Page[0-9]+"),))


def test_cut_pages_keep_their_body_and_lose_the_volume_footer(monkeypatch):
    volume = made_pdf([[("Cover", 300), ("Page 1", 15)], [("Card one", 300), ("Page 2", 15)],
                           [("Card two", 60), ("Page 3", 15)], [("Closing", 300), ("Page 4", 15)]])
    monkeypatch.setattr(bundlepdf, "part_pages", lambda pdf: {"card1": 2, "card2": 3, "closing": 4})
    cut = bundlepdf.cut(volume, bundlepdf.Cut("card1", "closing"), top=30, bottom=40,
                        printed=PAGE_FOOTER)
    assert cut is not None
    rows = rows_drawn(cut)
    assert len(rows) == 2
    for drawn, body in zip(rows, (300, 60), strict=True):
        assert drawn, "the body is still there"
        assert all(y < 400 - 15 - 20 for y in drawn), "nothing of the footer is drawn"
        assert any(abs((400 - body) - y) < 14 for y in drawn)
    assert [len(r) > 0 for r in rows_drawn(volume)] == [True] * 4  # the volume is as it was


def test_a_page_with_something_else_in_a_margin_is_not_cut(monkeypatch):
    monkeypatch.setattr(bundlepdf, "part_pages", lambda pdf: {"card1": 1})
    where = bundlepdf.Cut("card1", None)
    stray = made_pdf([[("Card", 300), ("Page 1", 15), ("signed", 20)]])
    assert bundlepdf.cut(stray, where, top=30, bottom=40, printed=PAGE_FOOTER) is None
    header = made_pdf([[("Card", 300), ("Page 1", 15), ("Header", 385)]])
    titled = bundlepdf.Furniture((re.compile("Title"),), PAGE_FOOTER.footers)
    assert bundlepdf.cut(header, where, top=30, bottom=40, printed=titled) is None
    plain = made_pdf([[("Card", 300)]])  # no footer at all: nothing to take away
    assert bundlepdf.cut(plain, where, top=30, bottom=40, printed=PAGE_FOOTER) is not None
    # A volume without a header prints nothing at the top: what is there is the part's.
    high = bundlepdf.cut(header, where, top=30, bottom=40, printed=PAGE_FOOTER)
    assert high is not None and rows_drawn(high)[0][0] < 30
    missing = bundlepdf.Cut("card9", None)
    assert bundlepdf.cut(plain, missing, top=30, bottom=40, printed=PAGE_FOOTER) is None


def test_only_a_bundle_without_header_or_footer_and_with_one_margin_is_cut(tmp_path):
    import zipfile

    def docx(name: str, body: str) -> Path:
        path = tmp_path / name
        with zipfile.ZipFile(path, "w") as archive:
            archive.writestr("word/document.xml", f"<w:document><w:body>{body}</w:body></w:document>")
        return path

    margin = '<w:pgMar w:top="907" w:right="1020" w:bottom="794" w:left="1020"/>'
    assert bundlepdf.margins(docx("a.docx", f"<w:sectPr>{margin}</w:sectPr>" * 3)) == (45.35, 39.7)
    other = margin.replace('w:bottom="794"', 'w:bottom="1000"')
    two = f"<w:sectPr>{margin}</w:sectPr><w:sectPr>{other}</w:sectPr>"
    assert bundlepdf.margins(docx("b.docx", two)) is None
    footer = '<w:footerReference w:type="default" r:id="rId9"/>'
    assert bundlepdf.margins(docx("c.docx", f"<w:sectPr>{footer}{margin}</w:sectPr>")) is None
    assert bundlepdf.margins(tmp_path / "missing.docx") is None


# --- with LibreOffice ------------------------------------------------------------------------

@needs_libreoffice
def test_bundles_are_cut_from_their_volume_and_look_as_if_converted_alone(tmp_path, sample_workbook):
    from zonedocs import pdf
    from zonedocs.build import Options, build

    out = tmp_path / "out"
    build(sample_workbook, Options(out=out, jobs=1))  # the .docx first: the PDFs of known branches
    report = build(sample_workbook, Options(out=out, jobs=1, pdf=True))
    assert not report.pdf_failed and not report.pdf_problem
    bundles = sorted(str(p.relative_to(out)) for p in out.rglob("*合订本.pdf"))
    assert len(bundles) == 6 and set(bundles) <= set(report.pdf_cut)
    assert set(report.pdf_cut) <= set(report.pdf_written)
    folder = next((out / "2026").glob("B01-*")) / "打印"
    sources = [folder / "公示卡合订本.docx", folder / "承诺书合订本.docx"]
    alone = {c.source: c.data for c in pdf.convert([(s, tmp_path / f"{s.stem}.pdf") for s in sources],
                                                    tmp_path / "state")}
    for source in sources:
        cut, converted = gray_pages(source.with_suffix(".pdf")), gray_pages(alone[source] or b"")
        assert len(cut) == len(converted) > 1
        for (width, height, a), (width2, height2, b) in zip(cut, converted, strict=True):
            assert (width, height) == (width2, height2)
            differing = sum(1 for x, y in zip(a, b, strict=True) if x != y)
            assert differing < 0.005 * len(a), (source.name, differing)
            footer = a[(height - 80) * width:]  # the bottom 80 pixels: the volume's footer band
            assert min(footer) > 200, "the volume's page number is not drawn"
    text = pypdfium2.PdfDocument(alone[sources[0]]).get_page(0).get_textpage().get_text_range()
    assert not re.search(r"第\s*\d+\s*页", text)


@needs_libreoffice
def test_a_bundle_that_cannot_be_cut_is_converted_alone(tmp_path, sample_workbook, monkeypatch):
    from zonedocs.build import Options, build

    never = bundlepdf.Furniture((), (re.compile("(?!)"),))
    monkeypatch.setattr(bundlepdf, "furniture", lambda docx: never)
    out = tmp_path / "out"
    report = build(sample_workbook, Options(out=out, jobs=1, pdf=True, branch="B01"))
    assert report.pdf_cut == [] and not report.pdf_failed
    folder = next((out / "2026").glob("B01-*")) / "打印"
    for name in ("公示卡合订本", "承诺书合订本"):
        assert f"2026/{folder.parent.name}/打印/{name}.pdf" in report.pdf_written
        document = pypdfium2.PdfDocument(folder / f"{name}.pdf")
        text = "".join(page.get_textpage().get_text_range() for page in document)
        assert len(document) > 1 and not re.search(r"第\s*\d+\s*页", text)
