"""Which picture files the documents can hold: PNG, JPEG (with a JFIF or Exif header), GIF
and BMP, as the Word image reader the engine places them with understands."""

from __future__ import annotations

from pathlib import Path

SUPPORTED = "PNG、JPEG、GIF、BMP"


def placeable(path: Path) -> bool:
    """Whether the file is a picture the documents can hold."""
    from docx.image.image import Image as ImageHeader  # python-docx: only when there are pictures

    try:
        header = ImageHeader.from_blob(path.read_bytes())
    except Exception:  # the reader raises many kinds on a file that is not a picture
        return False
    return header.content_type in ("image/png", "image/jpeg", "image/gif", "image/bmp")
