"""Page counts worked out from a document's XML (render/pagination.py)."""

from __future__ import annotations

import io

import docx
from docx.enum.text import WD_BREAK
from docx.shared import Mm, Pt

from zonedocs.render.pagination import count_pages
from zonedocs.render.zipreader import Package


def document(build) -> bytes:
    made = docx.Document()
    section = made.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin = section.bottom_margin = Mm(25)
    build(made)
    buffer = io.BytesIO()
    made.save(buffer)
    return buffer.getvalue()


def _text_replaced(data: bytes, old: bytes, new: bytes) -> bytes:
    """The .docx with `old` in its document part's text replaced by raw XML `new`."""
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            payload = source.read(item)
            if item.filename == "word/document.xml":
                payload = payload.replace(old, new)
            target.writestr(item, payload)
    return out.getvalue()


def lines(made, count: int, text: str = "党员责任区") -> None:
    for _ in range(count):
        p = made.add_paragraph(text)
        p.paragraph_format.line_spacing = Pt(20)
        p.paragraph_format.space_after = Pt(0)


def test_exact_lines_fill_pages_by_arithmetic() -> None:
    per_page = int((297 - 50) / 25.4 * 72 // 20)  # 35 lines of 20 pt on 247 mm
    assert count_pages(document(lambda d: lines(d, per_page))) == 1
    assert count_pages(document(lambda d: lines(d, per_page + 1))) == 2
    assert count_pages(document(lambda d: lines(d, 3 * per_page))) == 3


def test_long_paragraphs_wrap_by_character_width() -> None:
    wide = "责" * 400  # 400 Chinese characters at 11 pt on a 160 mm line: 44 a line, 10 lines
    narrow = "a" * 400  # Latin letters are narrower: fewer lines

    def one(text: str):
        return lambda d: [lines(d, 30), lines(d, 1, text)]

    assert count_pages(document(one(wide))) == 2
    assert count_pages(document(one(narrow))) == 1


def test_page_breaks_and_sections_start_pages() -> None:
    def build(made) -> None:
        lines(made, 2)
        made.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        lines(made, 2)
        made.add_section()
        lines(made, 2)

    assert count_pages(document(build)) == 3


def test_table_rows_carry_their_header_onto_each_page() -> None:
    def build(made, rows: int) -> None:
        table = made.add_table(rows=rows, cols=2)
        for row in table.rows:
            row.height = Mm(20)
        header = table.rows[0]._tr.get_or_add_trPr()
        from docx.oxml import OxmlElement

        header.append(OxmlElement("w:tblHeader"))

    # 247 mm a page: the header and 11 rows of 20 mm (plus rules) fit; each later page
    # repeats the header, so holds 11 more
    assert count_pages(document(lambda d: build(d, 12))) == 1
    assert count_pages(document(lambda d: build(d, 13))) == 2
    assert count_pages(document(lambda d: build(d, 23))) == 2
    assert count_pages(document(lambda d: build(d, 24))) == 3


def test_a_heading_kept_with_the_next_moves_with_it() -> None:
    per_page = int((297 - 50) / 25.4 * 72 // 20)

    def build(made, keep: bool) -> None:
        lines(made, per_page - 1)
        heading = made.add_paragraph("标题")
        heading.paragraph_format.line_spacing = Pt(20)
        heading.paragraph_format.keep_with_next = keep
        lines(made, per_page)  # fills the next page exactly, unless the heading came along

    assert count_pages(document(lambda d: build(d, False))) == 2
    assert count_pages(document(lambda d: build(d, True))) == 3


def _alone(data: bytes) -> int:
    """The document's pages as laid out with nothing remembered from another."""
    from zonedocs.render import pagination, skeleton

    pagination._COUNTED.clear()
    skeleton._SKELETONS.clear()
    skeleton._SEEN.clear()
    return pagination.count_pages(data)


def test_documents_of_one_shape_count_as_each_would_alone() -> None:
    """The skeleton cache (render/skeleton.py): documents that differ only in their text are
    laid out from one parsed tree, each filled with its own text; whatever the text does to the
    page count must follow, exactly as laying out the document's own XML gives."""
    from zonedocs.render import pagination, skeleton

    def shaped(cell: str, body: str):
        def build(made) -> None:
            table = made.add_table(rows=3, cols=2)
            for row in table.rows:
                row.cells[0].text = "标签"
                row.cells[1].text = cell
            lines(made, 2, body)
        return document(build)

    texts = ["短", "责" * 3000, "A&B <党员> " * 400, "", "责" * 90, "责" * 6000]
    variants = [shaped(cell, body) for cell in texts for body in texts[:3]]

    expected = [_alone(data) for data in variants]
    assert len(set(expected)) >= 3  # the text moves the count
    pagination._COUNTED.clear()
    for _ in range(2):  # the second round finds every skeleton parsed and measured
        assert [pagination.count_pages(data) for data in variants] == expected
        pagination._COUNTED.clear()
    assert skeleton._SKELETONS  # the shared tree was used


def test_text_at_the_edge_of_one_line_counts_as_laid_out_alone() -> None:
    """A cell, a row or a whole document whose text is sure to stay on one line is measured
    once for its skeleton (pagination._fits). On a page filled to the last row, a text one
    character too long for its line adds a page: around that edge — Chinese, Latin, digits
    among Chinese (the autospace between them), escapes — the count must be what laying out
    the document alone gives."""
    from zonedocs.render import pagination, skeleton

    def shaped(rows: int, cell: str = "短", body: str = "正文") -> bytes:
        def build(made) -> None:
            lines(made, 1, body)
            table = made.add_table(rows=rows, cols=2)
            for index, row in enumerate(table.rows):
                row.cells[0].text = "标签"
                row.cells[1].text = cell if index == rows - 1 else "短"
        return document(build)

    full = next(n for n in range(10, 200) if _alone(shaped(n + 1)) > 1)  # rows that fill page 1
    edge = ([("责" * k) for k in range(12, 24)] + [("第1组" * k) for k in range(4, 10)]
            + [("A1 " * k) for k in range(8, 22)] + [("责A" * k) for k in range(6, 14)]
            + ["&<>" * 6, "责&责" * 5, "1\n2"])
    variants = [shaped(full, cell=text) for text in edge]
    variants += [shaped(full, body=text * 2) for text in edge]
    # a line end inside the text itself, as written and as a character reference
    variants += [_text_replaced(shaped(full, cell="第一行X第二行"), b"X", end)
                 for end in (b"\n", b"\r\n", b"&#10;", b"&#xA;")]
    expected = [_alone(data) for data in variants]
    assert set(expected) == {1, 2}  # the edge was crossed both ways, in cells and in the body
    assert len({e for e, text in zip(expected, edge * 2, strict=False) if "1" in text}) == 2
    assert expected[-4:] == [2, 2, 2, 2]
    pagination._COUNTED.clear()
    for _ in range(2):
        assert [pagination.count_pages(data) for data in variants] == expected
        pagination._COUNTED.clear()
    memos = [m for m in skeleton._SKELETONS.values() if m is not None]
    assert any(m.whole and m.whole[1] for m in memos)  # whole documents were known by their shape
    assert any(getattr(known, "height", None) for m in memos for known in m.one_line.values())  # and rows


def test_a_row_with_a_wrapping_cell_counts_as_laid_out_alone() -> None:
    """In a table whose team column wraps in every row (pagination._partly_measured), only the
    cells that may wrap are measured; the others are as high as whenever the same cells wrap.
    On a page filled to its last row, whichever cells of that row wrap, and by how many lines,
    the count must be what laying the document out alone gives."""
    from zonedocs.render import pagination, skeleton

    def shaped(rows: int, team: str = "第一支部第九班组第一小组", note: str = "短",
               label: str = "标签") -> bytes:
        def build(made) -> None:
            table = made.add_table(rows=rows, cols=3)
            for index, row in enumerate(table.rows):
                last = index == rows - 1
                row.cells[0].text = label if last else "标签"
                row.cells[1].text = team if last else "第一支部第九班组第一小组"
                row.cells[2].text = note if last else "短"
        return document(build)

    full = next(n for n in range(10, 200) if _alone(shaped(n + 1)) > 1)  # rows that fill page 1
    teams = ["短", "第一支部第九班组第一小组", "第一支部第九班组第一小组" * 2, "第一支部" * 8]
    notes = ["短", "责" * 14, "责" * 30, "责" * 60]
    labels = ["标签", "责" * 20, "责" * 60]
    variants = [shaped(full, team, note, label) for team in teams for note in notes
                for label in labels]
    expected = [_alone(data) for data in variants]
    assert set(expected) == {1, 2}  # the last row overflowed by its team, its note or its label
    pagination._COUNTED.clear()
    for _ in range(2):
        assert [pagination.count_pages(data) for data in variants] == expected
        pagination._COUNTED.clear()
    memos = [m for m in skeleton._SKELETONS.values() if m is not None]
    assert any(len(known.others) > 1 for m in memos for known in m.one_line.values()
               if isinstance(known, pagination.RowMemo))  # rows were known by what wrapped


def test_a_document_whose_text_cannot_be_cut_out_cleanly_is_laid_out_from_its_own_xml() -> None:
    from zonedocs.render import skeleton

    xml = (b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
           b'<w:body><w:p><w:r><w:t xml:space="preserve"/><w:t>x</w:t></w:r></w:p></w:body>'
           b'</w:document>')
    cut, text = skeleton.split(xml)
    assert text == [b"x"]
    assert skeleton.skeleton(cut, text, b"") is None  # seen first
    assert skeleton.skeleton(cut, text, b"") is None  # two w:t in the tree, one text: not matched


def test_a_large_document_read_block_by_block_counts_as_read_whole(built, monkeypatch) -> None:
    """Every document of the sample, and a heading chain crossing pages, counted from a tree of
    the whole body and from the stream of its blocks (as the 10,000-member 实施意见 is)."""
    from zonedocs.render import bodystream, pagination

    per_page = int((297 - 50) / 25.4 * 72 // 20)

    def chained(made) -> None:
        lines(made, per_page - 2)
        for text in ("一、", "（一）", "1."):  # three headings kept with what follows
            heading = made.add_paragraph(text)
            heading.paragraph_format.line_spacing = Pt(20)
            heading.paragraph_format.keep_with_next = True
        lines(made, 2)
        made.add_section()
        lines(made, per_page + 3)

    samples = [document(chained), *(p.read_bytes() for p in sorted(built.rglob("*.docx")))]
    monkeypatch.setattr(pagination, "skeleton", lambda *args: None)  # each laid out alone
    whole = [pagination._count(Package(data)) for data in samples]
    assert whole[0] == 4 and max(whole) > 40  # the chain moved; the volumes run long
    read: list[bool] = []
    original = bodystream.sections

    def streamed(xml, keeps):
        found = original(xml, keeps)
        read.append(found is not None)
        return found

    monkeypatch.setattr(pagination, "STREAM_ABOVE", 0)
    monkeypatch.setattr(bodystream, "sections", streamed)
    assert [pagination._count(Package(data)) for data in samples] == whole
    assert read == [True] * len(samples)
