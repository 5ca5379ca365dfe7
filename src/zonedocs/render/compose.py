"""Joining rendered documents into one volume: each part in its own section (so a landscape
table stays landscape), a bookmark at the start of each part, one footer and one page-number
sequence through the whole volume, pictures carried over with fresh relationship IDs.

The first document given is the base: its settings and footer are the volume's, and its
styles too unless the volume is told to start from another document's (the styles most of
its parts share, so that those need no renaming; the base's own are then carried in as a
part's are). Styles a later part uses but the volume lacks are copied in, and so are the
namespace declarations of its root element.

Parts are joined as text: a rendered part's body is sliced out and its few references
rewritten with regular expressions, which is two orders of magnitude faster than moving
lxml nodes between trees, and a volume holds hundreds of parts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lxml import etree

from .styles import Renames, StyleCarrier, rename_references
from .zipreader import Package
from .zipwriter import Entry, deflate, write_zip

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
IMAGE_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/image"

_ROOT = re.compile(rb"<w:document\b[^>]*>")
_XMLNS = re.compile(rb'\sxmlns:(\w+)="([^"]*)"')
_BODY_OPEN = b"<w:body>"
_PARAGRAPH = re.compile(rb"<w:p[ >]")
_SECTION_DROP = re.compile(
    rb"<w:(?:headerReference|footerReference|titlePg|pgNumType|type)\b[^>]*?(?:/>|>.*?</w:"
    rb"(?:headerReference|footerReference|titlePg|pgNumType|type)>)", re.S)
_SECTION_OPEN = re.compile(rb"<w:sectPr\b[^>]*>")
_HEADER_FOOTER = re.compile(rb"<w:(?:header|footer)Reference\b[^>]*/>")
_REFERENCE = re.compile(rb'(r:(?:embed|id|link)=")([^"]+)(")')
_DOCPR = re.compile(rb'(<wp:docPr\b[^>]*?\bid=")\d+(")')
_RELATIONSHIP = re.compile(r"<Relationship\b[^>]*>")
_ATTRIBUTE = re.compile(r'(\w+)="([^"]*)"')
_SPACE_BYTES = (b" ", b"\t", b"\r", b"\n")
_RELS = "word/_rels/document.xml.rels"
_STORY = re.compile(r"word/(?:header\d*|footer\d*|footnotes|endnotes|comments)\.xml")


def _root_tag(xml: bytes) -> re.Match[bytes]:
    """The opening tag of a document part's root element."""
    match = _ROOT.search(xml)
    if match is None:
        raise ValueError("not a WordprocessingML document part")
    return match


@dataclass
class Part:
    data: bytes
    bookmark: str
    package: Package | None = None  # the data opened, and its document part read, if they
    xml: bytes | None = None  # were already (to count its pages): not done again

    @classmethod
    def opened(cls, data: bytes, bookmark: str, document: bytes | None = None) -> Part:
        """The part with its package opened and its document part read (`document`: the
        document part already at hand)."""
        package = Package(data)
        return cls(data, bookmark, package,
                   package.read("word/document.xml") if document is None else document)


class Volume:
    """Build with `Volume(base_bytes)`, `add(part)` each part, then `to_bytes(year)`.

    Works on the UTF-8 bytes throughout: a part's body goes into the volume as slices of its
    own document part, so assembling copies each byte once."""

    def __init__(self, base: bytes, update_fields: bool = False, styles: bytes | None = None) -> None:
        self.update_fields = update_fields  # ask Word to refresh page references on opening
        self.archive = Package(base)
        xml = self.archive.read("word/document.xml")
        own = self.archive.read("word/styles.xml")
        self.styles = StyleCarrier(own if styles is None else styles)
        # the base's styles carried in like a part's, when the volume starts from others
        self.base_renames = Renames() if styles is None or styles == own else self.styles.carry(own)
        body_start = xml.index(_BODY_OPEN) + len(_BODY_OPEN)
        sect_start = xml.rindex(b"<w:sectPr")
        body_end = xml.rindex(b"</w:body>")
        self.head = xml[:body_start]
        self.namespaces = dict(_XMLNS.findall(_root_tag(xml).group(0)))
        self.chunks: list[bytes | memoryview] = []
        self.tail = xml[body_end:]
        base_sect = xml[sect_start:body_end]
        self.footer_refs = b"".join(_HEADER_FOOTER.findall(base_sect))
        self.pending: tuple[bytes, int, int, str | None] = (xml, body_start, sect_start, None)
        if self.base_renames:
            body = self.base_renames.apply(xml[body_start:sect_start])
            self.pending = (body, 0, len(body), None)
        self.last_sect = base_sect
        # parts with the base's styles (the 备考表 after the cover) name them as the base does
        self.styles_seen: dict[tuple[int, int], Renames] = {
            self.archive.crc("word/styles.xml"): self.base_renames}
        self.roots_seen: set[bytes] = set()
        self.relationships: list[str] = []
        self.media: dict[str, bytes] = {}
        self.pictureless: set[tuple[int, bytes]] = set()  # relationship parts, as stored, naming no picture
        self.next_bookmark = 9000

    def add(self, part: Part) -> None:
        """Append a document; the content before it ends in a section break."""
        self._emit(*self.pending, self._finish_section(self.last_sect))
        source = part.package if part.package is not None else Package(part.data)
        xml = part.xml if part.xml is not None else source.read("word/document.xml")
        self._merge_namespaces(xml)
        renames = self._merge_styles(source)
        body_start = xml.index(_BODY_OPEN) + len(_BODY_OPEN)
        sect_start = xml.rindex(b"<w:sectPr")
        self.last_sect = xml[sect_start:xml.rindex(b"</w:body>")]
        mapping = self._carry_images(source)
        if mapping or renames:
            body = xml[body_start:sect_start]
            if mapping:
                body = _REFERENCE.sub(lambda m: m.group(1) + mapping.get(m.group(2), m.group(2))
                                      + m.group(3), body)
            if renames:
                body = renames.apply(body)
            self.pending = (body, 0, len(body), part.bookmark)
        else:
            self.pending = (xml, body_start, sect_start, part.bookmark)

    def to_bytes(self, year: int) -> bytes:
        self._emit(*self.pending, None)
        document = b"".join([self._root(self.head), *self.chunks,
                             self._finish_section(self.last_sect), self.tail])
        self.chunks = []
        if b"<wp:docPr" in document:  # pictures: give each drawing its own id across the volume
            counter = iter(range(1, 10_000_000))
            document = _DOCPR.sub(lambda m: b"%s%d%s" % (m.group(1), next(counter), m.group(2)),
                                  document)
        entries: list[Entry] = []
        for name in self.archive.names():
            if name == "word/document.xml":
                payload = document
            elif name == "word/styles.xml":
                payload = self.styles.to_bytes()
            elif name == "word/_rels/document.xml.rels":
                payload = self.archive.read(name).replace(
                    b"</Relationships>", "".join(self.relationships).encode() + b"</Relationships>")
            elif name == "[Content_Types].xml":
                payload = self._content_types(self.archive.read(name))
            elif name == "word/settings.xml" and self.update_fields:
                payload = _with_update_fields(self.archive.read(name))
            elif self.base_renames and _STORY.fullmatch(name):  # the base's footer names its styles
                payload = self.base_renames.apply(self.archive.read(name))
            elif self.base_renames and name == "word/numbering.xml":
                payload = rename_references(self.archive.read(name), self.base_renames.ids)
            else:
                payload = self.archive.read(name)
            entries.append(deflate(name, payload))
        for name, blob in self.media.items():
            entries.append(deflate(name, blob, level=1))
        return write_zip(entries, year)

    # --- sections and bookmarks --------------------------------------------------------------
    def _finish_section(self, sect: bytes) -> bytes:
        """One footer for the whole volume, numbering that runs on, each part on a new page."""
        sect = _SECTION_DROP.sub(b"", sect)
        opening = _SECTION_OPEN.match(sect)
        assert opening is not None
        return sect[:opening.end()] + self.footer_refs + sect[opening.end():]

    def _emit(self, xml: bytes, start: int, end: int, bookmark: str | None,
              sect: bytes | None) -> None:
        """Append the body xml[start:end] of a part: `bookmark` (if any) in its first
        paragraph, and `sect` (if any) as the properties of its last paragraph, which ends the
        part's section there."""
        view = memoryview(xml)
        if bookmark is not None:
            self.next_bookmark += 1
            mark = (b'<w:bookmarkStart w:id="%d" w:name="%s"/><w:bookmarkEnd w:id="%d"/>'
                    % (self.next_bookmark, bookmark.encode(), self.next_bookmark))
            first = _PARAGRAPH.search(xml, start, end)
            if first is None:
                self.chunks.append(b"<w:p>" + mark + b"</w:p>")
            else:
                opening_end = xml.index(b">", first.start(), end) + 1
                if xml[opening_end - 2] == ord("/"):  # an empty <w:p .../>
                    self.chunks += [view[start:first.start()], b"<w:p>" + mark + b"</w:p>"]
                    start = opening_end
                else:
                    insert = opening_end
                    if xml.startswith(b"<w:pPr", opening_end):
                        insert = xml.index(b"</w:pPr>", opening_end, end) + len(b"</w:pPr>")
                    self.chunks += [view[start:insert], mark]
                    start = insert
        if sect is None:
            self.chunks.append(view[start:end])
            return
        stop = end
        while stop > start and xml[stop - 1:stop] in _SPACE_BYTES:
            stop -= 1
        if xml.endswith(b"</w:p>", start, stop):
            last = max(xml.rfind(b"<w:p>", start, stop), xml.rfind(b"<w:p ", start, stop))
            if last >= 0 and xml.find(b"<w:sectPr", last, stop) < 0:
                self.chunks += [view[start:last], _with_section(xml[last:stop], sect)]
                return
        self.chunks += [view[start:end], b"<w:p><w:pPr>" + sect + b"</w:pPr></w:p>"]

    # --- namespaces, styles, images --------------------------------------------------------
    def _merge_namespaces(self, xml: bytes) -> None:
        root = _root_tag(xml).group(0)
        if root in self.roots_seen:  # parts of one template open alike
            return
        self.roots_seen.add(root)
        for prefix, uri in _XMLNS.findall(root):
            self.namespaces.setdefault(prefix, uri)

    def _root(self, head: bytes) -> bytes:
        root = _root_tag(head)
        declared = dict(_XMLNS.findall(root.group(0)))
        extra = b"".join(b' xmlns:%s="%s"' % (p, u) for p, u in self.namespaces.items()
                         if p not in declared)
        tag = root.group(0)[:-1] + extra + b">"
        return head[:root.start()] + tag + head[root.end():]

    def _merge_styles(self, source: Package) -> Renames:
        """The part's styles carried into the volume (styles.py); parts of one template share
        their styles part, so it is read once."""
        if "word/styles.xml" not in source.entries:
            return Renames()
        seen = source.crc("word/styles.xml")
        if seen not in self.styles_seen:
            self.styles_seen[seen] = self.styles.carry(source.read("word/styles.xml"))
        return self.styles_seen[seen]

    def _carry_images(self, source: Package) -> dict[bytes, bytes]:
        stored = (source.entries[_RELS][0], source.raw(_RELS))  # alike in a template's parts
        if stored in self.pictureless:
            return {}
        raw = source.read(_RELS)
        mapping: dict[bytes, bytes] = {}
        if IMAGE_REL.encode() not in raw:  # most parts have no picture
            self.pictureless.add(stored)
            return mapping
        rels = raw.decode("utf-8")
        for match in _RELATIONSHIP.finditer(rels):
            attributes = dict(_ATTRIBUTE.findall(match.group(0)))
            if attributes.get("Type") != IMAGE_REL or attributes.get("TargetMode") == "External":
                continue
            target = attributes["Target"]
            name = f"media/zdv-{len(self.media) + 1}{_extension(target)}"
            self.media["word/" + name] = source.read("word/" + target.lstrip("/"))
            new_id = f"rIdV{len(self.media)}"
            self.relationships.append(f'<Relationship Id="{new_id}" Type="{IMAGE_REL}" Target="{name}"/>')
            mapping[attributes["Id"].encode()] = new_id.encode()
        return mapping

    def _content_types(self, types: bytes) -> bytes:
        for extension in sorted({_extension(n)[1:] for n in self.media}):
            if f'Extension="{extension}"'.encode() not in types:
                mime = {"png": "image/png", "jpg": "image/jpeg", "jpeg": "image/jpeg",
                        "gif": "image/gif", "bmp": "image/bmp"}.get(extension, "image/" + extension)
                types = types.replace(b"</Types>", f'<Default Extension="{extension}" '
                                                   f'ContentType="{mime}"/></Types>'.encode())
        return types


def _with_section(paragraph: bytes, sect: bytes) -> bytes:
    """The paragraph with `sect` as its section properties (ending the section there)."""
    opening_end = paragraph.index(b">") + 1
    if paragraph[opening_end - 2] == ord("/"):
        return b"<w:p><w:pPr>" + sect + b"</w:pPr></w:p>"
    if paragraph.startswith(b"<w:pPr/>", opening_end):
        return paragraph[:opening_end] + b"<w:pPr>" + sect + b"</w:pPr>" + paragraph[opening_end + 8:]
    if paragraph.startswith(b"<w:pPr", opening_end):
        close = paragraph.index(b"</w:pPr>", opening_end)
        return paragraph[:close] + sect + paragraph[close:]
    return paragraph[:opening_end] + b"<w:pPr>" + sect + b"</w:pPr>" + paragraph[opening_end:]


# The w:settings elements the schema (CT_Settings) puts after w:updateFields.
_AFTER_UPDATE_FIELDS = frozenset((
    "hdrShapeDefaults", "footnotePr", "endnotePr", "compat", "docVars", "rsids", "mathPr",
    "attachedSchema", "themeFontLang", "clrSchemeMapping", "doNotIncludeSubdocsInStats",
    "doNotAutoCompressPictures", "forceUpgrade", "captions", "readModeInkLockDown", "smartTagType",
    "schemaLibrary", "shapeDefaults", "doNotEmbedSmartTags", "decimalSymbol", "listSeparator"))


def _with_update_fields(settings: bytes) -> bytes:
    if b"w:updateFields" in settings:
        return settings
    tree = etree.fromstring(settings)
    flag = etree.Element(f"{{{W}}}updateFields")
    flag.set(f"{{{W}}}val", "true")
    anchor = next((c for c in tree if isinstance(c.tag, str)
                   and etree.QName(c).localname in _AFTER_UPDATE_FIELDS), None)
    if anchor is not None:
        anchor.addprevious(flag)
    else:
        tree.append(flag)
    return etree.tostring(tree, xml_declaration=True, encoding="UTF-8", standalone=True)


def _extension(name: str) -> str:
    match = re.search(r"\.[A-Za-z0-9]+$", name)
    return match.group(0).lower() if match else ""
