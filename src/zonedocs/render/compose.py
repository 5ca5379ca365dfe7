"""Joining rendered documents into one volume: each part in its own section (so a landscape
table stays landscape), a bookmark at the start of each part, one footer and one page-number
sequence through the whole volume, pictures carried over with fresh relationship IDs.

The first document given is the base: its styles, settings and footer are the volume's.
Styles a later part uses but the base lacks are copied in.
"""

from __future__ import annotations

import io
import re
import zipfile
from copy import deepcopy
from dataclasses import dataclass

from lxml import etree

from .zipwriter import Entry, deflate, write_zip

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
IMAGE_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/image"
FOOTER_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer"


def w(tag: str) -> str:
    return f"{{{W}}}{tag}"


@dataclass
class Part:
    data: bytes
    bookmark: str


class Volume:
    """Build with `Volume(base_bytes)`, `add(part)` each part, then `to_bytes(year)`."""

    def __init__(self, base: bytes, update_fields: bool = False) -> None:
        self.update_fields = update_fields  # ask Word to refresh page references on opening
        self.archive = zipfile.ZipFile(io.BytesIO(base))
        self.document = etree.fromstring(self.archive.read("word/document.xml"))
        self.body = self.document.find(w("body"))
        self.styles = etree.fromstring(self.archive.read("word/styles.xml"))
        self.style_ids = {s.get(w("styleId")) for s in self.styles.iter(w("style"))}
        self.rels = etree.fromstring(self.archive.read("word/_rels/document.xml.rels"))
        self.media: dict[str, bytes] = {}
        self.types = self.archive.read("[Content_Types].xml")
        self.next_rel = 1000
        self.next_bookmark = 9000
        self.footer_refs = [deepcopy(e) for e in self.body.find(w("sectPr"))
                            if e.tag in (w("footerReference"), w("headerReference"))]
        self.last_sect = self.body.find(w("sectPr"))
        self.body.remove(self.last_sect)

    def add(self, part: Part) -> None:
        """Append a document; the previous content ends in a section break before it."""
        self._close_section()
        source = zipfile.ZipFile(io.BytesIO(part.data))
        document = etree.fromstring(source.read("word/document.xml"))
        body = document.find(w("body"))
        rel_map = self._carry_relationships(source)
        self._carry_styles(source)
        sect = body.find(w("sectPr"))
        children = [c for c in body if c.tag != w("sectPr")]
        if children:
            self._bookmark(children, part.bookmark)
        for child in children:
            self._remap(child, rel_map)
            self.body.append(child)
        self.last_sect = sect if sect is not None else deepcopy(self.last_sect)

    def to_bytes(self, year: int) -> bytes:
        self._finish_section(self.last_sect)
        self.body.append(self.last_sect)
        self._renumber_drawings()
        entries: list[Entry] = []
        for info in self.archive.infolist():
            name = info.filename
            if name == "word/document.xml":
                payload = etree.tostring(self.document, xml_declaration=True, encoding="UTF-8",
                                         standalone=True)
            elif name == "word/styles.xml":
                payload = etree.tostring(self.styles, xml_declaration=True, encoding="UTF-8",
                                         standalone=True)
            elif name == "word/_rels/document.xml.rels":
                payload = etree.tostring(self.rels, xml_declaration=True, encoding="UTF-8",
                                         standalone=True)
            elif name == "[Content_Types].xml":
                payload = self._content_types()
            elif name == "word/settings.xml" and self.update_fields:
                payload = _with_update_fields(self.archive.read(info))
            else:
                payload = self.archive.read(info)
            entries.append(deflate(name, payload))
        for name, blob in self.media.items():
            entries.append(deflate(name, blob, level=1))
        return write_zip(entries, year)

    # --- sections ------------------------------------------------------------------------
    def _close_section(self) -> None:
        if len(self.body) == 0:
            return
        sect = deepcopy(self.last_sect)
        self._finish_section(sect)
        last = self.body[-1]
        if last.tag == w("p") and last.find(f"{w('pPr')}/{w('sectPr')}") is None:
            properties = last.find(w("pPr"))
            if properties is None:
                properties = etree.Element(w("pPr"))
                last.insert(0, properties)
            change = properties.find(w("pPrChange"))
            if change is not None:
                change.addprevious(sect)
            else:
                properties.append(sect)
            return
        paragraph = etree.SubElement(self.body, w("p"))
        properties = etree.SubElement(paragraph, w("pPr"))
        properties.append(sect)

    def _finish_section(self, sect) -> None:
        """One footer for the whole volume, numbering that runs on, a new page for each part."""
        for element in list(sect):
            if element.tag in (w("headerReference"), w("footerReference"), w("titlePg"),
                               w("pgNumType"), w("type")):
                sect.remove(element)
        for reference in reversed(self.footer_refs):
            sect.insert(0, deepcopy(reference))

    def _bookmark(self, children: list, name: str) -> None:
        first = next((c for c in children if c.tag == w("p")), None)
        if first is None:
            first = etree.Element(w("p"))
            children.insert(0, first)
        self.next_bookmark += 1
        start = etree.Element(w("bookmarkStart"))
        start.set(w("id"), str(self.next_bookmark))
        start.set(w("name"), name)
        end = etree.Element(w("bookmarkEnd"))
        end.set(w("id"), str(self.next_bookmark))
        properties = first.find(w("pPr"))
        index = 0 if properties is None else 1
        first.insert(index, start)
        first.insert(index + 1, end)

    # --- relationships, media, styles ------------------------------------------------------
    def _carry_relationships(self, source: zipfile.ZipFile) -> dict[str, str]:
        rels = etree.fromstring(source.read("word/_rels/document.xml.rels"))
        mapping: dict[str, str] = {}
        for rel in rels:
            if rel.get("Type") != IMAGE_REL:
                continue
            target = rel.get("Target")
            blob = source.read("word/" + target)
            name = f"media/zdv-{len(self.media) + 1}{_extension(target)}"
            self.media["word/" + name] = blob
            self.next_rel += 1
            new_id = f"rIdV{self.next_rel}"
            element = etree.SubElement(self.rels, f"{{{PKG_REL}}}Relationship")
            element.set("Id", new_id)
            element.set("Type", IMAGE_REL)
            element.set("Target", name)
            mapping[rel.get("Id")] = new_id
        return mapping

    def _remap(self, element, mapping: dict[str, str]) -> None:
        for node in element.iter():
            for attribute in (f"{{{R}}}embed", f"{{{R}}}id", f"{{{R}}}link"):
                value = node.get(attribute)
                if value is not None and value in mapping:
                    node.set(attribute, mapping[value])

    def _carry_styles(self, source: zipfile.ZipFile) -> None:
        try:
            styles = etree.fromstring(source.read("word/styles.xml"))
        except KeyError:
            return
        for style in styles.iter(w("style")):
            style_id = style.get(w("styleId"))
            if style_id not in self.style_ids:
                self.styles.append(deepcopy(style))
                self.style_ids.add(style_id)

    def _renumber_drawings(self) -> None:
        for number, doc_pr in enumerate(self.body.iter(f"{{{WP}}}docPr"), start=1):
            doc_pr.set("id", str(number))

    def _content_types(self) -> bytes:
        types = self.types
        for extension in sorted({_extension(n)[1:] for n in self.media}):
            if f'Extension="{extension}"'.encode() not in types:
                mime = {"png": "image/png", "jpg": "image/jpeg", "jpeg": "image/jpeg",
                        "gif": "image/gif", "bmp": "image/bmp"}.get(extension, "image/" + extension)
                types = types.replace(b"</Types>", f'<Default Extension="{extension}" '
                                                   f'ContentType="{mime}"/></Types>'.encode())
        return types


def _extension(name: str) -> str:
    match = re.search(r"\.[A-Za-z0-9]+$", name)
    return match.group(0).lower() if match else ""


def _with_update_fields(settings: bytes) -> bytes:
    if b"w:updateFields" in settings:
        return settings
    tree = etree.fromstring(settings)
    flag = etree.Element(w("updateFields"))
    flag.set(w("val"), "true")
    anchor = tree.find(w("defaultTabStop"))  # schema order puts updateFields before it
    if anchor is not None:
        anchor.addprevious(flag)
    else:
        tree.append(flag)
    return etree.tostring(tree, xml_declaration=True, encoding="UTF-8", standalone=True)
