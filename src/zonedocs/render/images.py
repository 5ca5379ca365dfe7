"""Pictures placed by a template: a photo or a signature given as a file path.

A context holds an `Image`; when the template prints it, the picture is added to the output
package and an inline drawing is put where the tag stood.
"""

from __future__ import annotations

import hashlib
from contextvars import ContextVar
from dataclasses import dataclass, field
from pathlib import Path

from markupsafe import Markup

EMU_PER_MM = 36000
RELATIONSHIP_IMAGE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/image"


@dataclass(frozen=True)
class Image:
    """A picture file to place, `width_mm` wide (height keeps the aspect ratio)."""

    path: Path
    width_mm: float = 25.0
    sha256: str = field(default="", compare=False)

    @classmethod
    def of(cls, path: Path, width_mm: float = 25.0) -> Image:
        return cls(path, width_mm, hashlib.sha256(path.read_bytes()).hexdigest())

    def fingerprint(self) -> dict[str, object]:
        return {"image": self.sha256, "width_mm": self.width_mm}


@dataclass
class PlacedImage:
    rel_id: str
    part_name: str
    blob: bytes
    content_type: str
    extension: str


class ImageSink:
    """Collects the pictures of one rendering; gives each its relationship ID and drawing."""

    def __init__(self, first_rel: int) -> None:
        self.next_rel = first_rel
        self.placed: dict[str, PlacedImage] = {}
        self.drawings = 0

    def drawing(self, image: Image) -> Markup:
        from docx.image.image import Image as ImageHeader  # python-docx: only for a picture

        blob = image.path.read_bytes()
        header = ImageHeader.from_blob(blob)
        digest = image.sha256 or hashlib.sha256(blob).hexdigest()
        placed = self.placed.get(digest)
        if placed is None:
            rel_id = f"rIdZd{self.next_rel}"
            self.next_rel += 1
            extension = header.ext
            placed = PlacedImage(rel_id, f"media/zd-{digest[:16]}.{extension}", blob,
                                 header.content_type, extension)
            self.placed[digest] = placed
        self.drawings += 1
        width = int(image.width_mm * EMU_PER_MM)
        height = int(width * header.px_height / max(header.px_width, 1)
                     * (header.horz_dpi / max(header.vert_dpi, 1)))
        return Markup(_DRAWING.format(cx=width, cy=height, id=self.drawings,
                                      name=f"图片{self.drawings}", rel=placed.rel_id))


_DRAWING = (
    '</w:t></w:r><w:r><w:drawing><wp:inline distT="0" distB="0" distL="0" distR="0" '
    'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing">'
    '<wp:extent cx="{cx}" cy="{cy}"/><wp:docPr id="{id}" name="{name}"/>'
    '<wp:cNvGraphicFramePr><a:graphicFrameLocks '
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" noChangeAspect="1"/>'
    '</wp:cNvGraphicFramePr>'
    '<a:graphic xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main">'
    '<a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture">'
    '<pic:pic xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture">'
    '<pic:nvPicPr><pic:cNvPr id="{id}" name="{name}"/><pic:cNvPicPr/></pic:nvPicPr>'
    '<pic:blipFill><a:blip xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships" r:embed="{rel}"/><a:stretch><a:fillRect/></a:stretch></pic:blipFill>'
    '<pic:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="{cx}" cy="{cy}"/></a:xfrm>'
    '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></pic:spPr></pic:pic></a:graphicData>'
    '</a:graphic></wp:inline></w:drawing></w:r><w:r><w:t xml:space="preserve">'
)


CURRENT_SINK: ContextVar[ImageSink | None] = ContextVar("zonedocs_image_sink", default=None)
