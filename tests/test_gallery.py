"""docs/gallery/ shows every kind of page document, and every picture it names is there."""

from __future__ import annotations

import re
from pathlib import Path

from zonedocs.documents import KINDS, DocKind

GALLERY = Path(__file__).resolve().parents[1] / "docs" / "gallery"
NOT_PAGES = {DocKind.SUMMARY, DocKind.BUNDLE, DocKind.ZONE_TABLE}  # a workbook; cards again; in 实施意见


def test_the_gallery_shows_every_kind_and_its_pictures_exist() -> None:
    text = (GALLERY / "README.md").read_text(encoding="utf-8")
    pictures = re.findall(r"\]\(([^)]+\.png)\)", text)
    assert pictures and all((GALLERY / p).is_file() for p in pictures)
    assert {p.name for p in GALLERY.glob("*.png")} == set(pictures)  # nothing left over
    shown = {p.split("-")[0] for p in pictures}
    assert {k.label for k in KINDS if k.key not in NOT_PAGES} <= shown
    for picture in pictures:
        assert (GALLERY / picture).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
