"""Page images of a document for the page's preview: a .docx goes through LibreOffice to PDF
(when it is installed), a PDF is drawn by PDFium; the pictures are kept per file content in
outputs/.zonedocs/预览/, so a document is converted once."""

from __future__ import annotations

import struct
import tempfile
import zlib
from pathlib import Path

import pypdfium2

from ..build.manifest import STATE_DIR
from ..pdf import ConverterMissing, convert, find_soffice
from ..problems import UsageError
from .versions import sha256

MAX_PAGES = 30
SCALE = 110 / 72  # 110 dots per inch: a whole A4 page on a laptop screen, text still readable
CACHE = "预览"


def available(path: Path) -> bool:
    return path.suffix == ".pdf" or (path.suffix == ".docx" and find_soffice() is not None)


def page_images(outputs: Path, path: Path) -> list[Path]:
    """The document's pages as PNG files, made on first use."""
    folder = outputs / STATE_DIR / CACHE / sha256(path)[:32]
    done = folder / "done"
    if not done.is_file():
        folder.mkdir(parents=True, exist_ok=True)
        _draw(_pdf_of(outputs, path), folder)
        done.write_text("ok", encoding="utf-8")
    return sorted(folder.glob("page-*.png"))


def _pdf_of(outputs: Path, path: Path) -> bytes:
    if path.suffix == ".pdf":
        return path.read_bytes()
    if path.suffix != ".docx":
        raise UsageError(f"{path.name} 不是文书（.docx 或 .pdf），不能预览。")
    with tempfile.TemporaryDirectory(prefix="zonedocs-preview-") as folder:
        try:
            converted = list(convert([(path, Path(folder) / "preview.pdf")], outputs / STATE_DIR))
        except ConverterMissing:
            raise UsageError("本机没有安装 LibreOffice，不能预览 .docx："
                             "下载文件后用 Word 或 WPS 打开即可。") from None
    if not converted or converted[0].data is None:
        raise UsageError(f"LibreOffice 未能转换 {path.name}，不能预览；下载后用 Word 或 WPS 打开。")
    return converted[0].data


def _draw(pdf: bytes, folder: Path) -> None:
    document = pypdfium2.PdfDocument(pdf)
    try:
        for index in range(min(len(document), MAX_PAGES)):
            bitmap = document[index].render(scale=SCALE, rev_byteorder=True)
            rows = bytes(bitmap.buffer)
            width, height, stride = bitmap.width, bitmap.height, bitmap.stride
            channels = bitmap.n_channels
            picture = png(width, height, channels, rows, stride)
            (folder / f"page-{index + 1:03d}.png").write_bytes(picture)
    finally:
        document.close()


def png(width: int, height: int, channels: int, pixels: bytes, stride: int) -> bytes:
    """A PNG of 8-bit RGB (3 channels) or RGBX/RGBA (4; the fourth is dropped) rows."""
    lines = bytearray()
    for y in range(height):
        row = pixels[y * stride:y * stride + width * channels]
        if channels == 4:
            row = b"".join(row[i:i + 3] for i in range(0, len(row), 4))
        lines += b"\x00" + row

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(bytes(lines), 6))
            + chunk(b"IEND", b""))
