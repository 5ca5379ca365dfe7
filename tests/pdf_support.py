"""Small PDFs drawn for the tests of cutting parts out of a volume, and what is drawn on them."""

from __future__ import annotations

import ctypes
import io
from pathlib import Path

import pypdfium2
import pypdfium2.raw as raw


def made_pdf(pages: list[list[tuple[str, float]]], width: float = 300, height: float = 400) -> bytes:
    """A PDF whose pages hold the given (text, height) lines, written with a standard font."""
    document = pypdfium2.PdfDocument.new()
    for lines in pages:
        page = document.new_page(width, height)
        for text, y in lines:
            item = raw.FPDFPageObj_NewTextObj(document.raw, b"Helvetica", 12.0)
            wide = ctypes.create_string_buffer((text + "\x00").encode("utf-16-le"))
            raw.FPDFText_SetText(item, ctypes.cast(wide, ctypes.POINTER(ctypes.c_ushort)))
            raw.FPDFPageObj_Transform(item, 1, 0, 0, 1, 40, y)
            raw.FPDFPage_InsertObject(page.raw, item)
        raw.FPDFPage_GenerateContent(page.raw)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def rows_drawn(pdf: bytes) -> list[list[int]]:
    """For each page, the pixel rows (from the top) with anything drawn on them."""
    document = pypdfium2.PdfDocument(pdf)
    found = []
    for page in document:
        bitmap = page.render(scale=1, force_bitmap_format=raw.FPDFBitmap_Gray)
        data = bytes(bitmap.buffer)
        found.append([y for y in range(bitmap.height)
                      if min(data[y * bitmap.stride:y * bitmap.stride + bitmap.width]) < 200])
    return found


def gray_pages(pdf: Path | bytes) -> list[tuple[int, int, bytes]]:
    """Each page at 100 dpi as (width, height, a byte per pixel: its green), for comparing PDFs.
    (pdfium's own gray rendering draws the same glyph a shade differently inside a form.)"""
    document = pypdfium2.PdfDocument(pdf)
    result = []
    for page in document:
        bitmap = page.render(scale=100 / 72, force_bitmap_format=raw.FPDFBitmap_BGR)
        data = bytes(bitmap.buffer)
        rows = [data[y * bitmap.stride + 1:y * bitmap.stride + 3 * bitmap.width:3]
                for y in range(bitmap.height)]
        result.append((bitmap.width, bitmap.height, b"".join(rows)))
    return result
