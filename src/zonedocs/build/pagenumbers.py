"""The 卷内目录's page numbers from LibreOffice's own layout.

A volume's .docx is written with page numbers worked out from its parts (render/pagination.py).
When `--pdf` lays the volume out, the PDF names each part's bookmark as a destination; where
LibreOffice put a part on another page than was written, the numbers in the .docx are set to
LibreOffice's, so the file, the PDF and the paper agree.
"""

from __future__ import annotations

import ctypes
import io
import re
import zipfile

_FIELD = re.compile(r'(PAGEREF (zd_part_\d+) \\h </w:instrText>.*?<w:fldChar w:fldCharType="separate"/>'
                    r".*?<w:t(?: [^>]*)?>)([^<]*)(</w:t>)", re.S)


def part_pages(pdf: bytes) -> dict[str, int]:
    """The first page (from 1) of each bookmark LibreOffice exported as a named destination."""
    import pypdfium2
    import pypdfium2.raw as raw

    document = pypdfium2.PdfDocument(pdf)
    try:
        found: dict[str, int] = {}
        for index in range(raw.FPDF_CountNamedDests(document.raw)):
            length = ctypes.c_long(0)
            raw.FPDF_GetNamedDest(document.raw, index, None, ctypes.byref(length))
            buffer = ctypes.create_string_buffer(length.value)
            destination = raw.FPDF_GetNamedDest(document.raw, index, buffer, ctypes.byref(length))
            name = buffer.raw[:length.value].decode("utf-16-le").rstrip("\x00")
            page = raw.FPDFDest_GetDestPageIndex(document.raw, destination)
            if page >= 0:  # LibreOffice writes "_" in a name as "5F" (its hex code)
                found[name.replace("5F", "_")] = page + 1
        return found
    finally:
        document.close()


def written_pages(docx: bytes) -> dict[str, str]:
    """The page number each 卷内目录 line shows, by bookmark."""
    xml = _document_xml(docx)
    return {m.group(2): m.group(3) for m in _FIELD.finditer(xml)}


def renumbered(docx: bytes, pdf: bytes) -> bytes | None:
    """The volume with LibreOffice's page numbers, or None when it already shows them."""
    pages = part_pages(pdf)
    xml = _document_xml(docx)
    changed = False

    def number(match: re.Match[str]) -> str:
        nonlocal changed
        page = pages.get(match.group(2))
        if page is None or match.group(3) == str(page):
            return match.group(0)
        changed = True
        return match.group(1) + str(page) + match.group(4)

    fixed = _FIELD.sub(number, xml)
    if not changed:
        return None
    target = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(docx)) as source, \
            zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as copy:
        for info in source.infolist():
            data = fixed.encode("utf-8") if info.filename == "word/document.xml" else source.read(info)
            copy.writestr(info, data, compress_type=zipfile.ZIP_DEFLATED)
    return target.getvalue()


def _document_xml(docx: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(docx)) as package:
        return package.read("word/document.xml").decode("utf-8")
