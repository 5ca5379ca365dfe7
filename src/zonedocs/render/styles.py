"""Carrying a part's styles into a volume so that the part lays out exactly as it does alone.

A volume has one styles part: the base document's. A later part whose style of the same ID
says something else (the 实施意见's 正文 at 三号 with tightened spacing, the cover's at 四号),
or whose document defaults differ, would silently take the base's and break its lines
differently. Such styles are copied in under a new ID (`Normal` → `Normal-zd1`), with the
part's document defaults folded into the styles that inherit from nothing, and the part's
body is rewritten to name them — explicitly also where it relied on the default paragraph or
table style.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field

from lxml import etree

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_W = f"{{{W}}}"
# CT_PPr's children in schema order (ISO/IEC 29500 transitional; a test checks it against
# the schema the tests carry).
PPR_ORDER = ("pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr", "widowControl",
             "numPr", "suppressLineNumbers", "pBdr", "shd", "tabs", "suppressAutoHyphens",
             "kinsoku", "wordWrap", "overflowPunct", "topLinePunct", "autoSpaceDE", "autoSpaceDN",
             "bidi", "adjustRightInd", "snapToGrid", "spacing", "ind", "contextualSpacing",
             "mirrorIndents", "suppressOverlap", "jc", "textDirection", "textAlignment",
             "textboxTightWrap", "outlineLvl", "divId", "cnfStyle", "rPr", "sectPr", "pPrChange")
# CT_Style's children in schema order, to place a pPr or rPr a style did not have.
STYLE_ORDER = ("name", "aliases", "basedOn", "next", "link", "autoRedefine", "hidden", "uiPriority",
               "semiHidden", "unhideWhenUsed", "qFormat", "locked", "personal", "personalCompose",
               "personalReply", "rsid", "pPr", "rPr", "tblPr", "trPr", "tcPr", "tblStylePr")

_STYLE_VALUE = b'Style w:val="'
_STYLE_ELEMENTS = (b"<w:p", b"<w:r", b"<w:tbl")  # + _STYLE_VALUE: pStyle, rStyle, tblStyle
_PARAGRAPH_OPEN = re.compile(rb"<w:p(?: [^>]*?)?(/?)>")  # group 1: an empty paragraph
_TABLE_PROPS = re.compile(rb"<w:tblPr>(?!<w:tblStyle )")


@dataclass
class Renames:
    """How a part's body must name its styles inside the volume."""

    ids: dict[bytes, bytes] = field(default_factory=dict)
    paragraph_default: bytes | None = None  # to name where a paragraph has no w:pStyle
    table_default: bytes | None = None  # to name where a table has no w:tblStyle

    def __bool__(self) -> bool:
        return bool(self.ids)

    def apply(self, body: bytes) -> bytes:
        """The body with every style reference renamed and the defaults made explicit."""
        body = rename_references(body, self.ids)
        if self.paragraph_default is not None:
            body = _name_paragraph_style(body, self.paragraph_default)
        if self.table_default is not None:
            body = _TABLE_PROPS.sub(b'<w:tblPr><w:tblStyle w:val="%s"/>' % self.table_default, body)
        return body


class StyleCarrier:
    """The volume's styles: the base's, plus what each part brings."""

    def __init__(self, base_styles: bytes) -> None:
        self.root = etree.fromstring(base_styles)
        self.styles = {s.get(f"{_W}styleId"): s for s in self.root.iter(f"{_W}style")}
        self.canonical = {sid: _canonical(s) for sid, s in self.styles.items()}
        self.defaults = _canonical(self.root.find(f"{_W}docDefaults"))
        self.copies = 0

    def to_bytes(self) -> bytes:
        return etree.tostring(self.root, xml_declaration=True, encoding="UTF-8", standalone=True)

    def carry(self, data: bytes) -> Renames:
        """Take in a part's styles part; what its body must rename."""
        root = etree.fromstring(data)
        part_styles = {s.get(f"{_W}styleId"): s for s in root.iter(f"{_W}style")}
        defaults = root.find(f"{_W}docDefaults")
        if _canonical(defaults) != self.defaults:
            differing = set(part_styles)
        else:
            differing = {sid for sid, s in part_styles.items()
                         if sid in self.canonical and _canonical(s) != self.canonical[sid]}
            differing = _with_descendants(differing, part_styles)
        self.copies += 1
        suffix = f"-zd{self.copies}"
        ids = {sid: sid + suffix for sid in differing if sid}
        for sid, style in part_styles.items():
            if sid in ids:
                self._add_copy(style, ids, suffix, defaults)
            elif sid not in self.styles:
                self._add(sid, copy.deepcopy(style))
        renames = Renames({k.encode(): v.encode() for k, v in ids.items()})
        for sid, style in part_styles.items():
            if sid in ids and style.get(f"{_W}default") in ("1", "true", "on"):
                if style.get(f"{_W}type") == "paragraph":
                    renames.paragraph_default = ids[sid].encode()
                elif style.get(f"{_W}type") == "table":
                    renames.table_default = ids[sid].encode()
        return renames

    def _add_copy(self, style: etree._Element, ids: dict[str, str], suffix: str,
                  defaults: etree._Element | None) -> None:
        twin = copy.deepcopy(style)
        twin.set(f"{_W}styleId", ids[str(style.get(f"{_W}styleId"))])
        if f"{_W}default" in twin.attrib:
            del twin.attrib[f"{_W}default"]
        name = twin.find(f"{_W}name")
        if name is not None:
            name.set(f"{_W}val", name.get(f"{_W}val", "") + suffix)
        for link in ("basedOn", "next", "link"):
            ref = twin.find(f"{_W}{link}")
            if ref is not None and str(ref.get(f"{_W}val")) in ids:
                ref.set(f"{_W}val", ids[str(ref.get(f"{_W}val"))])
        if twin.find(f"{_W}basedOn") is None and defaults is not None:
            _fold_defaults(twin, defaults)
        self._add(twin.get(f"{_W}styleId"), twin)

    def _add(self, sid: str | None, style: etree._Element) -> None:
        self.root.append(style)
        self.styles[sid] = style
        self.canonical[sid] = _canonical(style)


def _canonical(element: etree._Element | None) -> bytes:
    return b"" if element is None else etree.tostring(element, method="c14n")


def _with_descendants(ids: set[str | None], styles: dict[str | None, etree._Element]) -> set[str | None]:
    """`ids` and every style based on one of them, however indirectly."""
    result = set(ids)
    changed = True
    while changed:
        changed = False
        for sid, style in styles.items():
            based = style.find(f"{_W}basedOn")
            if sid not in result and based is not None and based.get(f"{_W}val") in result:
                result.add(sid)
                changed = True
    return result


def _fold_defaults(style: etree._Element, defaults: etree._Element) -> None:
    """Put the document defaults a style inherits under its own properties."""
    kind = style.get(f"{_W}type")
    wanted = ("rPr",) if kind == "character" else ("pPr", "rPr")
    for tag, holder in (("pPr", "pPrDefault"), ("rPr", "rPrDefault")):
        source = defaults.find(f"{_W}{holder}/{_W}{tag}")
        if tag not in wanted or source is None:
            continue
        target = style.find(f"{_W}{tag}")
        if target is None:
            target = etree.Element(f"{_W}{tag}")
            _insert_ordered(style, target, STYLE_ORDER)
        own = {child.tag for child in target}
        for child in source:
            if child.tag not in own:
                if tag == "pPr":
                    _insert_ordered(target, copy.deepcopy(child), PPR_ORDER)
                else:  # a run's properties may come in any order (EG_RPrBase is a choice)
                    target.append(copy.deepcopy(child))


def _insert_ordered(parent: etree._Element, child: etree._Element, order: tuple[str, ...]) -> None:
    name = etree.QName(child).localname
    rank = order.index(name) if name in order else len(order)
    for i, existing in enumerate(parent):
        other = str(existing.tag).rpartition("}")[2]  # a comment's tag is not a str: never in order
        if (order.index(other) if other in order else len(order)) > rank:
            parent.insert(i, child)
            return
    parent.append(child)


def rename_references(body: bytes, ids: dict[bytes, bytes]) -> bytes:
    """Every <w:pStyle|rStyle|tblStyle w:val="ID"/> naming a renamed style renamed. The
    references are found by a plain search for what they share: a body holds a handful."""
    pieces: list[bytes] = []
    position = start = 0
    while (found := body.find(_STYLE_VALUE, start)) >= 0:
        value = found + len(_STYLE_VALUE)
        end = start = body.index(b'"', value)
        if not any(body.endswith(tag, 0, found) for tag in _STYLE_ELEMENTS):
            continue
        new = ids.get(body[value:end])
        if new is not None:
            pieces += [body[position:value], new]
            position = end
    if not pieces:
        return body
    pieces.append(body[position:])
    return b"".join(pieces)


def _name_paragraph_style(body: bytes, style: bytes) -> bytes:
    """Every paragraph without a w:pStyle given `style`."""
    reference = b'<w:pStyle w:val="%s"/>' % style
    pieces: list[bytes] = []
    position = 0
    for match in _PARAGRAPH_OPEN.finditer(body):
        end = match.end()
        if match.group(1):  # <w:p/>, <w:p …/>: keep its attributes, give it properties
            pieces += [body[position:end - 2], b"><w:pPr>", reference, b"</w:pPr></w:p>"]
        elif body.startswith(b"<w:pPr>", end):
            after = end + len(b"<w:pPr>")
            if body.startswith(b"<w:pStyle ", after):
                continue
            pieces += [body[position:after], reference]
            end = after
        elif body.startswith(b"<w:pPr/>", end):
            pieces += [body[position:end], b"<w:pPr>", reference, b"</w:pPr>"]
            end += len(b"<w:pPr/>")
        else:
            pieces += [body[position:end], b"<w:pPr>", reference, b"</w:pPr>"]
        position = end
    pieces.append(body[position:])
    return b"".join(pieces)
