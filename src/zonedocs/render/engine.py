"""Prepare a .docx template once, then render it to document bytes many times.

Preparing runs docxtpl's own tag clean-up on each part that holds tags (render/prepared.py,
remembered between builds when given where) and compiles it with Jinja; every other part is
deflated once and copied as is into each output.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import re
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

from jinja2 import Template, TemplateError, TemplateSyntaxError, UndefinedError
from lxml import etree
from markupsafe import escape

from . import deadline
from .deadline import Deadline, RenderTimeout
from .environment import MAX_RANGE_ITEMS, RANGE_BUDGET, make_environment, xml_safe
from .errors import TemplateProblem, text_around, undefined_name
from .images import CURRENT_SINK, RELATIONSHIP_IMAGE, ImageSink
from .prepared import PreparedParts, prepare
from .zipreader import Package
from .zipwriter import Entry, deflate, write_zip

_RENDERED_PART = re.compile(r"^word/(document|header\d*|footer\d*|footnotes|endnotes)\.xml$")
_DOCPR_ID = re.compile(r'(<wp:docPr\b[^>]*?\bid=")\d+(")')
_DOCUMENT_RELS = "word/_rels/document.xml.rels"
_CONTENT_TYPES = "[Content_Types].xml"
_CORE = "docProps/core.xml"
_DOCUMENT = "word/document.xml"


@dataclass(frozen=True)
class Properties:
    """Core document properties; fixed by the caller so outputs never depend on the clock."""

    title: str = ""
    author: str = ""
    year: int = 2026


class Rendered(NamedTuple):
    """A document made from a template: its bytes, and its document part as deflated into
    them (a volume joining it then need not inflate it again)."""

    data: bytes
    document: bytes


@dataclass
class _Part:
    name: str
    template: Template
    source: str  # as prepared (render/prepared.py): a paragraph a line, for error messages
    has_tc: bool
    rejoined: bool  # the line breaks before paragraphs are in the output, to be taken out
    escaped: bool  # the source writes braces as docxtpl escapes them ({_{ … }_})


_RAW = re.compile(r"\{%-?\s*raw\b")


def _unbroken(xml: str) -> tuple[str, bool]:
    """The prepared source with the line break before each paragraph put inside a Jinja
    comment, and True: the line numbers stay, and the output has no break to take out of
    every document made (two passes over each, a fifth of a card's rendering). A source with
    comments or raw blocks of its own is given back as it is, and False."""
    if "{#" in xml or _RAW.search(xml):
        return xml, False
    return xml.replace("\n<w:p ", "{#\n#}<w:p ").replace("\n<w:p>", "{#\n#}<w:p>"), True


MAX_UNPACKED = 256 << 20  # a template with a logo unpacks to a few MB


class DocxTemplate:
    """A compiled .docx template: `render(context)` gives the bytes of a finished document."""

    def __init__(self, name: str, data: bytes, prepared: PreparedParts | None = None) -> None:
        self.name = name
        self.prepared = prepared
        self.sha256 = hashlib.sha256(data).hexdigest()
        self.env = make_environment()
        self._order: list[str] = []
        self._static: dict[str, Entry] = {}
        self._parts: dict[str, _Part] = {}
        self._raw: dict[str, bytes] = {}
        self._deflated: dict[str, Entry] = {}
        try:
            archive = zipfile.ZipFile(io.BytesIO(data))
            if sum(info.file_size for info in archive.infolist()) > MAX_UNPACKED:
                raise TemplateProblem(name, f"解压后超过 {MAX_UNPACKED >> 20} MB，不像是一个模板"
                                      "（请检查其中是否有很大的图片）")
            # a member is read no further than its declared size, so the sum above bounds memory
            members = [(info.filename, archive.read(info)) for info in archive.infolist()]
        except (zipfile.BadZipFile, OSError, EOFError) as exc:
            raise TemplateProblem(name, f"不是有效的 .docx 文件（{exc}）") from None
        for part_name, payload in members:
            self._order.append(part_name)
            if part_name.endswith((".xml", ".rels")):
                _well_formed(name, part_name, payload)
            if _RENDERED_PART.match(part_name) and (b"{{" in payload or b"{%" in payload
                                                    or (b"{" in payload and b"}" in payload)):
                self._parts[part_name] = self._compile(part_name, payload)
            elif part_name in (_DOCUMENT_RELS, _CONTENT_TYPES, _CORE):
                self._raw[part_name] = payload
            else:
                self._static[part_name] = deflate(part_name, payload, level=6)  # once a template
        if _DOCUMENT not in self._order:
            raise TemplateProblem(name, "缺少 word/document.xml，不是 Word 文档")

    @classmethod
    def from_path(cls, path: Path, prepared: PreparedParts | None = None) -> DocxTemplate:
        return cls(path.name, path.read_bytes(), prepared)

    # --- preparing -----------------------------------------------------------------------
    def _compile(self, part_name: str, payload: bytes) -> _Part:
        remembered = self.prepared.get(payload) if self.prepared is not None else None
        if remembered is not None:
            with contextlib.suppress(TemplateProblem):  # not as prepared: prepare it again
                return self._jinja(part_name, remembered)
        part = self._jinja(part_name, prepare(payload))
        if self.prepared is not None:
            self.prepared.put(payload, part.source)
        return part

    def _jinja(self, part_name: str, xml: str) -> _Part:
        try:
            source, unbroken = _unbroken(xml)
            code = self.env.compile(source, name=self.name, filename=self.name)
            template = self.env.template_class.from_code(self.env, code,
                                                         self.env.make_globals(None), None)
        except TemplateSyntaxError as exc:
            raise TemplateProblem(self.name, f"标签写法有误（{exc.message}）",
                                  text_around(xml, exc.lineno)) from None
        return _Part(part_name, template, xml, "{%tc " in xml or "{% tc " in xml, not unbroken,
                     "{_" in xml or "_}" in xml)

    # --- rendering -----------------------------------------------------------------------
    def render(self, context: Mapping[str, object], properties: Properties = Properties()) -> bytes:
        return self.rendered(context, properties).data

    def rendered(self, context: Mapping[str, object], properties: Properties = Properties()
                 ) -> Rendered:
        """The document made with `context`, and its document part."""
        sink = ImageSink(first_rel=1)
        token = CURRENT_SINK.set(sink)
        budget = RANGE_BUDGET.set([MAX_RANGE_ITEMS])
        try:
            rendered = {name: self._render_part(part, context) for name, part in self._parts.items()}
        finally:
            CURRENT_SINK.reset(token)
            RANGE_BUDGET.reset(budget)
        entries: list[Entry] = []
        document = b""
        for name in self._order:
            if name in rendered:
                xml = rendered[name]
                if sink.drawings:
                    xml = _renumber_drawings(xml)
                payload = xml.encode("utf-8")
                if name == _DOCUMENT:
                    document = payload
                entries.append(deflate(name, payload))
            elif name in self._static:
                entries.append(self._static[name])
            elif name in (_DOCUMENT_RELS, _CONTENT_TYPES) and not sink.placed:
                entries.append(self._unchanged(name))  # no picture placed: the template's own
            elif name == _DOCUMENT_RELS:
                entries.append(deflate(name, _with_image_rels(self._raw[name], sink)))
            elif name == _CONTENT_TYPES:
                entries.append(deflate(name, _with_image_types(self._raw[name], sink)))
            elif name == _CORE:
                entries.append(deflate(name, _core_xml(properties)))
        for placed in sink.placed.values():
            entries.append(deflate("word/" + placed.part_name, placed.blob, level=1))
        data = write_zip(entries, properties.year)
        return Rendered(data, document or Package(data).read(_DOCUMENT))  # no tags in it

    def _unchanged(self, name: str) -> Entry:
        """A part kept as the template has it, deflated once."""
        entry = self._deflated.get(name)
        if entry is None:
            entry = self._deflated[name] = deflate(name, self._raw[name], level=6)
        return entry

    def _render_part(self, part: _Part, context: Mapping[str, object]) -> str:
        try:
            with Deadline():
                xml = part.template.render(context)
        except RenderTimeout:
            raise TemplateProblem(self.name, f"渲染超过 {deadline.LIMIT_SECONDS:.0f} 秒仍未完成，"
                                  "模板中的循环可能太多，请检查 {% for %} 标签") from None
        except UndefinedError as exc:
            name = undefined_name(exc.message or "")
            raise TemplateProblem(self.name, f"变量「{name}」没有定义（请检查拼写，或参阅可用变量清单）",
                                  text_around(part.source, _template_line(exc, self.name))) from None
        except (TemplateError, ArithmeticError, MemoryError, TypeError, ValueError, RuntimeError,
                LookupError, AttributeError) as exc:  # whatever a template's own code can raise
            raise TemplateProblem(self.name, f"渲染出错（{type(exc).__name__}: {exc}）",
                                  text_around(part.source, _template_line(exc, self.name))) from None
        if part.rejoined:  # undo the line breaks prepare() put before paragraphs
            xml = xml.replace("\n<w:p ", "<w:p ").replace("\n<w:p>", "<w:p>")
        if part.escaped:  # docxtpl's escaped braces
            xml = xml.replace("{_{", "{{").replace("}_}", "}}").replace("{_%", "{%").replace("%_}", "%}")
        if part.has_tc:
            from docxtpl.template import DocxTemplate as Docxtpl  # its python-docx: only here

            tree = Docxtpl.fix_tables(None, xml)
            xml = etree.tostring(tree, encoding="unicode")
        return xml


def _well_formed(template: str, part: str, payload: bytes) -> None:
    try:
        etree.fromstring(payload)
    except etree.XMLSyntaxError as exc:
        raise TemplateProblem(template, f"文档内容已损坏（{part}：{exc.msg}），请用 Word/WPS 打开后另存一份"
                              ) from None


def _template_line(exc: BaseException, filename: str) -> int | None:
    line = getattr(exc, "lineno", None)
    tb = exc.__traceback__
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == filename:
            line = tb.tb_lineno
        tb = tb.tb_next
    return line


def _renumber_drawings(xml: str) -> str:
    counter = iter(range(1, 1_000_000))
    return _DOCPR_ID.sub(lambda m: f"{m.group(1)}{next(counter)}{m.group(2)}", xml)


def _with_image_rels(rels: bytes, sink: ImageSink) -> bytes:
    if not sink.placed:
        return rels
    extra = "".join(f'<Relationship Id="{p.rel_id}" Type="{RELATIONSHIP_IMAGE}" Target="{p.part_name}"/>'
                    for p in sink.placed.values())
    return rels.replace(b"</Relationships>", extra.encode() + b"</Relationships>")


def _with_image_types(types: bytes, sink: ImageSink) -> bytes:
    extra = ""
    for placed in {p.extension: p for p in sink.placed.values()}.values():
        if f'Extension="{placed.extension}"'.encode() not in types:
            extra += f'<Default Extension="{placed.extension}" ContentType="{placed.content_type}"/>'
    return types.replace(b"</Types>", extra.encode() + b"</Types>") if extra else types


def _core_xml(properties: Properties) -> bytes:
    stamp = f"{properties.year:04d}-01-01T00:00:00Z"
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/'
        'core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns:dcterms="http://purl.org/dc/terms/" xmlns:dcmitype="http://purl.org/dc/dcmitype/" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        f"<dc:title>{escape(xml_safe(properties.title))}</dc:title>"
        f"<dc:creator>{escape(xml_safe(properties.author))}</dc:creator>"
        "<cp:lastModifiedBy>zonedocs</cp:lastModifiedBy><cp:revision>1</cp:revision>"
        f'<dcterms:created xsi:type="dcterms:W3CDTF">{stamp}</dcterms:created>'
        f'<dcterms:modified xsi:type="dcterms:W3CDTF">{stamp}</dcterms:modified>'
        "</cp:coreProperties>"
    ).encode()
