"""Joining rendered documents into one volume: each part in its own section (so a landscape
table stays landscape), a bookmark at the start of each part, one footer and one page-number
sequence through the whole volume, pictures carried over with fresh relationship IDs.

The first document given is the base: its styles, settings and footer are the volume's.
Styles a later part uses but the base lacks are copied in, and so are the namespace
declarations of its root element.

Parts are joined as text: a rendered part's body is sliced out and its few references
rewritten with regular expressions, which is two orders of magnitude faster than moving
lxml nodes between trees, and a volume holds hundreds of parts.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass

from lxml import etree

from .zipwriter import Entry, deflate, write_zip

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
IMAGE_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/image"

_ROOT = re.compile(r"<w:document\b[^>]*>")
_XMLNS = re.compile(r'\sxmlns:(\w+)="([^"]*)"')
_BODY_OPEN = "<w:body>"
_PARAGRAPH = re.compile(r"<w:p[ >]")
_SECTION_DROP = re.compile(
    r"<w:(?:headerReference|footerReference|titlePg|pgNumType|type)\b[^>]*?(?:/>|>.*?</w:"
    r"(?:headerReference|footerReference|titlePg|pgNumType|type)>)", re.S)
_SECTION_OPEN = re.compile(r"<w:sectPr\b[^>]*>")
_REFERENCE = re.compile(r'(r:(?:embed|id|link)=")([^"]+)(")')
_DOCPR = re.compile(r'(<wp:docPr\b[^>]*?\bid=")\d+(")')
_RELATIONSHIP = re.compile(r"<Relationship\b[^>]*>")
_ATTRIBUTE = re.compile(r'(\w+)="([^"]*)"')


@dataclass
class Part:
    data: bytes
    bookmark: str


class Volume:
    """Build with `Volume(base_bytes)`, `add(part)` each part, then `to_bytes(year)`."""

    def __init__(self, base: bytes, update_fields: bool = False) -> None:
        self.update_fields = update_fields  # ask Word to refresh page references on opening
        self.archive = zipfile.ZipFile(io.BytesIO(base))
        xml = self.archive.read("word/document.xml").decode("utf-8")
        body_start = xml.index(_BODY_OPEN) + len(_BODY_OPEN)
        sect_start = xml.rindex("<w:sectPr")
        body_end = xml.rindex("</w:body>")
        self.head = xml[:body_start]
        self.namespaces = dict(_XMLNS.findall(_ROOT.search(xml).group(0)))
        self.chunks: list[str] = [xml[body_start:sect_start]]
        self.tail = xml[body_end:]
        base_sect = xml[sect_start:body_end]
        self.footer_refs = "".join(re.findall(
            r"<w:(?:header|footer)Reference\b[^>]*/>", base_sect))
        self.last_sect = base_sect
        self.styles = etree.fromstring(self.archive.read("word/styles.xml"))
        self.style_ids = {s.get(f"{{{W}}}styleId") for s in self.styles.iter(f"{{{W}}}style")}
        self.styles_seen: set[tuple[int, int]] = set()
        self.relationships: list[str] = []
        self.media: dict[str, bytes] = {}
        self.next_bookmark = 9000

    def add(self, part: Part) -> None:
        """Append a document; the content before it ends in a section break."""
        self._close_section()
        source = zipfile.ZipFile(io.BytesIO(part.data))
        xml = source.read("word/document.xml").decode("utf-8")
        self._merge_namespaces(xml)
        self._merge_styles(source)
        body_start = xml.index(_BODY_OPEN) + len(_BODY_OPEN)
        sect_start = xml.rindex("<w:sectPr")
        body = xml[body_start:sect_start]
        mapping = self._carry_images(source)
        if mapping:
            body = _REFERENCE.sub(lambda m: m.group(1) + mapping.get(m.group(2), m.group(2))
                                  + m.group(3), body)
        self.chunks.append(self._bookmark(body, part.bookmark))
        self.last_sect = xml[sect_start:xml.rindex("</w:body>")]

    def to_bytes(self, year: int) -> bytes:
        body = "".join(self.chunks) + self._finish_section(self.last_sect)
        if "<wp:docPr" in body:  # pictures: give each drawing its own id across the volume
            counter = iter(range(1, 10_000_000))
            body = _DOCPR.sub(lambda m: f"{m.group(1)}{next(counter)}{m.group(2)}", body)
        document = self._root(self.head) + body + self.tail
        entries: list[Entry] = []
        for info in self.archive.infolist():
            name = info.filename
            if name == "word/document.xml":
                payload = document.encode("utf-8")
            elif name == "word/styles.xml":
                payload = etree.tostring(self.styles, xml_declaration=True, encoding="UTF-8",
                                         standalone=True)
            elif name == "word/_rels/document.xml.rels":
                payload = self.archive.read(info).replace(
                    b"</Relationships>", "".join(self.relationships).encode() + b"</Relationships>")
            elif name == "[Content_Types].xml":
                payload = self._content_types(self.archive.read(info))
            elif name == "word/settings.xml" and self.update_fields:
                payload = _with_update_fields(self.archive.read(info))
            else:
                payload = self.archive.read(info)
            entries.append(deflate(name, payload, level=1 if len(payload) > 1 << 20 else 6))
        for name, blob in self.media.items():
            entries.append(deflate(name, blob, level=1))
        return write_zip(entries, year)

    # --- sections and bookmarks --------------------------------------------------------------
    def _finish_section(self, sect: str) -> str:
        """One footer for the whole volume, numbering that runs on, each part on a new page."""
        sect = _SECTION_DROP.sub("", sect)
        opening = _SECTION_OPEN.match(sect)
        assert opening is not None
        return sect[:opening.end()] + self.footer_refs + sect[opening.end():]

    def _close_section(self) -> None:
        sect = self._finish_section(self.last_sect)
        body = self.chunks[-1]
        stripped = body.rstrip()
        if stripped.endswith("</w:p>"):
            start = max(stripped.rfind("<w:p>"), stripped.rfind("<w:p "))
            if start >= 0:
                paragraph = stripped[start:]
                if "<w:sectPr" not in paragraph:
                    self.chunks[-1] = stripped[:start] + _with_section(paragraph, sect)
                    return
        self.chunks[-1] = body + f"<w:p><w:pPr>{sect}</w:pPr></w:p>"

    def _bookmark(self, body: str, name: str) -> str:
        self.next_bookmark += 1
        mark = (f'<w:bookmarkStart w:id="{self.next_bookmark}" w:name="{name}"/>'
                f'<w:bookmarkEnd w:id="{self.next_bookmark}"/>')
        first = _PARAGRAPH.search(body)
        if first is None:
            return f"<w:p>{mark}</w:p>" + body
        opening_end = body.index(">", first.start()) + 1
        if body[opening_end - 2] == "/":  # an empty <w:p/>
            return body[:first.start()] + f"<w:p>{mark}</w:p>" + body[opening_end:]
        insert = opening_end
        if body.startswith("<w:pPr", opening_end):
            insert = body.index("</w:pPr>", opening_end) + len("</w:pPr>")
        return body[:insert] + mark + body[insert:]

    # --- namespaces, styles, images --------------------------------------------------------
    def _merge_namespaces(self, xml: str) -> None:
        for prefix, uri in _XMLNS.findall(_ROOT.search(xml).group(0)):
            self.namespaces.setdefault(prefix, uri)

    def _root(self, head: str) -> str:
        root = _ROOT.search(head)
        declared = dict(_XMLNS.findall(root.group(0)))
        extra = "".join(f' xmlns:{p}="{u}"' for p, u in self.namespaces.items() if p not in declared)
        tag = root.group(0)[:-1] + extra + ">"
        return head[:root.start()] + tag + head[root.end():]

    def _merge_styles(self, source: zipfile.ZipFile) -> None:
        try:
            info = source.getinfo("word/styles.xml")
        except KeyError:
            return
        seen = (info.CRC, info.file_size)  # parts of one template share their styles part
        if seen in self.styles_seen:
            return
        self.styles_seen.add(seen)
        data = source.read(info)
        for style in etree.fromstring(data).iter(f"{{{W}}}style"):
            style_id = style.get(f"{{{W}}}styleId")
            if style_id not in self.style_ids:
                self.styles.append(style)
                self.style_ids.add(style_id)

    def _carry_images(self, source: zipfile.ZipFile) -> dict[str, str]:
        rels = source.read("word/_rels/document.xml.rels").decode("utf-8")
        mapping: dict[str, str] = {}
        for match in _RELATIONSHIP.finditer(rels):
            attributes = dict(_ATTRIBUTE.findall(match.group(0)))
            if attributes.get("Type") != IMAGE_REL or attributes.get("TargetMode") == "External":
                continue
            target = attributes["Target"]
            name = f"media/zdv-{len(self.media) + 1}{_extension(target)}"
            self.media["word/" + name] = source.read("word/" + target.lstrip("/"))
            new_id = f"rIdV{len(self.media)}"
            self.relationships.append(f'<Relationship Id="{new_id}" Type="{IMAGE_REL}" Target="{name}"/>')
            mapping[attributes["Id"]] = new_id
        return mapping

    def _content_types(self, types: bytes) -> bytes:
        for extension in sorted({_extension(n)[1:] for n in self.media}):
            if f'Extension="{extension}"'.encode() not in types:
                mime = {"png": "image/png", "jpg": "image/jpeg", "jpeg": "image/jpeg",
                        "gif": "image/gif", "bmp": "image/bmp"}.get(extension, "image/" + extension)
                types = types.replace(b"</Types>", f'<Default Extension="{extension}" '
                                                   f'ContentType="{mime}"/></Types>'.encode())
        return types


def _with_section(paragraph: str, sect: str) -> str:
    """The paragraph with `sect` as its section properties (ending the section there)."""
    opening_end = paragraph.index(">") + 1
    if paragraph[opening_end - 2] == "/":
        return f"<w:p><w:pPr>{sect}</w:pPr></w:p>"
    if paragraph.startswith("<w:pPr/>", opening_end):
        return paragraph[:opening_end] + f"<w:pPr>{sect}</w:pPr>" + paragraph[opening_end + 8:]
    if paragraph.startswith("<w:pPr", opening_end):
        close = paragraph.index("</w:pPr>", opening_end)
        return paragraph[:close] + sect + paragraph[close:]
    return paragraph[:opening_end] + f"<w:pPr>{sect}</w:pPr>" + paragraph[opening_end:]


def _with_update_fields(settings: bytes) -> bytes:
    if b"w:updateFields" in settings:
        return settings
    tree = etree.fromstring(settings)
    flag = etree.Element(f"{{{W}}}updateFields")
    flag.set(f"{{{W}}}val", "true")
    anchor = tree.find(f"{{{W}}}defaultTabStop")  # schema order puts updateFields before it
    if anchor is not None:
        anchor.addprevious(flag)
    else:
        tree.append(flag)
    return etree.tostring(tree, xml_declaration=True, encoding="UTF-8", standalone=True)


def _extension(name: str) -> str:
    match = re.search(r"\.[A-Za-z0-9]+$", name)
    return match.group(0).lower() if match else ""
