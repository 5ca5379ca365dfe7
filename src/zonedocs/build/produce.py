"""Turning one planned output into bytes: a template filled with its context, the summary
workbook, or a composite joined from its parts."""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Callable, Mapping
from typing import Any, NamedTuple

from ..documents import Composite, Output, Part, Producer
from ..render import Properties
from ..render.compose import Part as Piece
from ..render.compose import Volume
from ..render.engine import Rendered
from ..render.pagination import count_pages, count_read
from ..render.xlsx import write_xlsx
from ..templates import TemplateSet

AUTHOR = "zonedocs"
_STYLES = "word/styles.xml"


class Made(NamedTuple):
    """A part already made: its bytes, its pages (0: unknown), the SHA-256 of the bytes, and
    its document part when it is at hand (None: read from the bytes)."""

    data: bytes
    pages: int
    sha256: str
    document: bytes | None = None


PartLoader = Callable[[Part], Made | None]
PartPages = dict[str, tuple[str, int]]  # part path -> (SHA-256 of its bytes, pages), as counted


class PartUnavailable(Exception):
    """A part was sent without its context (its file was to be reused) and the file was not
    as expected: the composite must be made again where the contexts are."""


class PageCounts:
    """The pages of exact bytes a composite's 卷内目录 needed: its cover as first filled, and
    the parts it renders itself (the 实施意见's archive copy, the 划分表, the 备考表). Kept
    with the composite, so that making it again after one member's change counts only what
    changed; `known` are those counted the last time, by the same rendering code."""

    def __init__(self, known: Mapping[str, int] | None = None) -> None:
        self.known = known or {}
        self.used: dict[str, int] = {}  # SHA-256 -> pages, of every count this composite needed

    def of(self, data: bytes, opened: Piece | None = None) -> int:
        """The pages of the bytes (`opened`: the same, already read)."""
        sha256 = hashlib.sha256(data).hexdigest()
        pages = self.used.get(sha256) or self.known.get(sha256) or (
            count_read(opened.package, opened.xml)
            if opened is not None and opened.package is not None and opened.xml is not None
            else count_pages(data))
        self.used[sha256] = pages
        return pages


def produce(output: Output, templates: TemplateSet, load_part: PartLoader | None = None,
            counted: PartPages | None = None, counts: PageCounts | None = None) -> bytes:
    """The output's bytes. `load_part`, for composites, may hand back a part's bytes already
    made (exactly what rendering it would give) and its pages, instead of rendering it again
    and counting them; the pages of parts counted here are put in `counted`, and every count
    the composite needed in `counts`."""
    if isinstance(output, Composite):
        return _compose(output, templates, load_part, counted if counted is not None else {},
                        counts if counts is not None else PageCounts())
    if output.producer is Producer.SUMMARY:
        return write_xlsx(output.context)
    return rendered(output, templates).data


def rendered(output: Output, templates: TemplateSet) -> Rendered:
    """An output made from its template, with its document part."""
    assert output.template is not None
    year = int(output.context.get("year", 2026))
    return templates.get(output.template).rendered(output.context,
                                                   Properties(output.title, AUTHOR, year))


def _compose(output: Composite, templates: TemplateSet, load_part: PartLoader | None,
             counted: PartPages, counts: PageCounts) -> bytes:
    year = output.year
    made = [_part_bytes(part, templates, year, load_part) for part in output.parts]
    # each part opened once, for its pages and to be joined
    pieces = [Piece.opened(data, part.bookmark, document)
              for part, (data, _, _, document) in zip(output.parts, made, strict=True)]
    if output.cover_template is not None:
        cover = templates.get(output.cover_template)
        properties = Properties(output.title, AUTHOR, year)
        first = cover.rendered(output.context["cover"], properties)
        base = first.data
        if output.update_fields:  # the 卷内目录's page numbers, as written (pagination.py)
            pages = [known or (_counted(part, piece, sha256, counted) if sha256
                               else counts.of(piece.data, piece))
                     for part, piece, (_, known, sha256, _)
                     in zip(output.parts, pieces, made, strict=True)]
            cover_pages = counts.of(base, Piece.opened(base, "", first.document))
            base = cover.render(_numbered(output.context["cover"], cover_pages, pages),
                                properties)
        styles = _most_shared_styles(pieces)
    else:  # a bundle starts with its first part
        base, pieces, styles = pieces[0].data, pieces[1:], None
    volume = Volume(base, update_fields=output.update_fields, styles=styles)
    for piece in pieces:
        volume.add(piece)
    return volume.to_bytes(year)


def _most_shared_styles(pieces: list[Piece]) -> bytes | None:
    """The styles part most of the parts have (a volume's cards and pledges): the volume
    starts from it, so that they are joined without renaming their styles."""
    shared: Counter[tuple[int, int]] = Counter()
    first: dict[tuple[int, int], Piece] = {}
    for piece in pieces:
        if piece.package is not None and _STYLES in piece.package.entries:
            crc = piece.package.crc(_STYLES)
            shared[crc] += 1
            first.setdefault(crc, piece)
    if not shared:
        return None
    package = first[shared.most_common(1)[0][0]].package
    assert package is not None
    return package.read(_STYLES)


def _counted(part: Part, piece: Piece, sha256: str, counted: PartPages) -> int:
    """The pages of a part read from its file (`sha256`: of its bytes), for its manifest entry."""
    assert piece.package is not None and piece.xml is not None
    pages = count_read(piece.package, piece.xml)
    counted[part.path] = (sha256, pages)  # tied to these bytes
    return pages


def _numbered(context: dict[str, Any], cover_pages: int, pages: list[int]) -> dict[str, Any]:
    """The cover's context with each listed part's first page: the cover's own pages, then
    the parts' in order."""
    page = cover_pages + 1
    items = []
    for item, count in zip(context["items"], pages, strict=False):
        items.append({**item, "page": page})
        page += count
    return {**context, "items": items}


def _part_bytes(part: Part, templates: TemplateSet, year: int,
                load_part: PartLoader | None) -> Made:
    """The part as made already (its file, or the document just made in the same task), or
    rendered here (its SHA-256 then "": its pages are the composite's own to count)."""
    loaded = load_part(part) if load_part else None
    if loaded is not None:
        return loaded
    if part.context is None:
        raise PartUnavailable(part.path)
    made = templates.get(part.template).rendered(part.context, Properties(part.title, AUTHOR, year))
    return Made(made.data, 0, "", made.document)
