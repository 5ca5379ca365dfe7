"""Put the properties python-docx and the builders wrote into the order the ISO/IEC 29500
schemas require, and keep one of each: Word drops (or refuses) what is out of order.

The order of each property container is read from the transitional WordprocessingML schema
the tests carry (tests/ooxml/schemas/wml.xsd), so it is the schema's, not a copy of it.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from lxml import etree

XSD = "{http://www.w3.org/2001/XMLSchema}"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
SCHEMA = Path(__file__).resolve().parents[2] / "tests" / "ooxml" / "schemas" / "wml.xsd"
# Containers whose children the schema orders, by the complex type that declares them.
CONTAINERS = {"pPr": "CT_PPr", "tcPr": "CT_TcPr", "tblPr": "CT_TblPr", "sectPr": "CT_SectPr",
              "settings": "CT_Settings", "pBdr": "CT_PBdr", "tblBorders": "CT_TblBorders",
              "tcBorders": "CT_TcBorders", "tblCellMar": "CT_TblCellMar", "tcMar": "CT_TcMar"}


@cache
def _schema() -> tuple[dict[str, etree._Element], dict[str, etree._Element]]:
    root = etree.parse(str(SCHEMA)).getroot()
    types = {t.get("name"): t for t in root.iter(f"{XSD}complexType") if t.get("name")}
    groups = {g.get("name"): g for g in root.iter(f"{XSD}group") if g.get("name")}
    return types, groups


@cache
def element_order(type_name: str) -> tuple[str, ...]:
    """The element names a complex type allows, in schema order (bases first, groups and
    repeated choices flattened in place)."""
    types, groups = _schema()
    names: list[str] = []

    def walk(node: etree._Element) -> None:
        for child in node:
            tag = child.tag
            if tag == f"{XSD}element" and (child.get("name") or child.get("ref")):
                names.append((child.get("name") or child.get("ref")).split(":")[-1])
            elif tag == f"{XSD}group" and child.get("ref"):
                walk(groups[child.get("ref")])
            elif tag == f"{XSD}extension":
                base = child.get("base")
                if base in types:
                    walk(types[base])
                walk(child)
            elif tag in (f"{XSD}sequence", f"{XSD}choice", f"{XSD}complexContent"):
                walk(child)

    walk(types[type_name])
    return tuple(dict.fromkeys(names))


REPEATABLE = {"headerReference", "footerReference", "rsid", "attachedSchema", "smartTagType",
              "activeWritingStyle", "docVar"}


def put_in_order(root: etree._Element) -> None:
    """Reorder (and de-duplicate) the children of every ordered container under `root`."""
    for element in root.iter():
        if not isinstance(element.tag, str) or not element.tag.startswith(W):
            continue
        local = element.tag[len(W):]
        if local not in CONTAINERS:
            continue
        order = {name: i for i, name in enumerate(element_order(CONTAINERS[local]))}
        children = [c for c in element if isinstance(c.tag, str)]
        kept: dict[str, etree._Element] = {}
        repeated: list[etree._Element] = []
        for child in children:
            name = etree.QName(child).localname
            if name in REPEATABLE:
                repeated.append(child)
            else:
                kept[name] = child  # the last one written wins, as Word reads it
        ordered = sorted([*kept.values(), *repeated],
                         key=lambda c: order.get(etree.QName(c).localname, 10_000))
        for child in children:
            element.remove(child)
        element.extend(ordered)
    for zoom in root.iter(f"{W}zoom"):
        zoom.set(f"{W}percent", zoom.get(f"{W}percent") or "100")
