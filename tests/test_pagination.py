"""Page counts worked out from a document's XML (render/pagination.py)."""

from __future__ import annotations

import io

import docx
from docx.enum.text import WD_BREAK
from docx.shared import Mm, Pt

from zonedocs.render.pagination import count_pages


def document(build) -> bytes:
    made = docx.Document()
    section = made.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin = section.bottom_margin = Mm(25)
    build(made)
    buffer = io.BytesIO()
    made.save(buffer)
    return buffer.getvalue()


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
