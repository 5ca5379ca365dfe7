"""What the reader cannot see, read from the .xlsx itself: how far each sheet's cells reach
(a single stray value at XFD1048576 would otherwise make the reader build a grid of 17 billion
cells), and the cells it would read as blank — error values (#DIV/0!, #REF!…) and formulas
that were never calculated."""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

MAX_CELLS = 20_000_000  # rows × columns of one sheet's used range
_SHEET = re.compile(rb'<(?:\w+:)?sheet\b[^>]*?\bname="([^"]*)"[^>]*?\br:id="([^"]+)"')
_SHEET_REVERSED = re.compile(rb'<(?:\w+:)?sheet\b[^>]*?\br:id="([^"]+)"[^>]*?\bname="([^"]*)"')
_RELATIONSHIP = re.compile(rb'<Relationship\b[^>]*?\bId="([^"]+)"[^>]*?\bTarget="([^"]+)"')
_RELATIONSHIP_REVERSED = re.compile(rb'<Relationship\b[^>]*?\bTarget="([^"]+)"[^>]*?\bId="([^"]+)"')
DIMENSION = _DIMENSION = re.compile(rb'<(?:\w+:)?dimension\b[^>]*?\bref="([^"]+)"')
_CELL = re.compile(rb'<(?:\w+:)?c\b[^>]*?\br="([A-Z]+)(\d+)"')
_LAST_ROW = re.compile(rb'<(?:\w+:)?row\b[^>]*?\br="(\d+)"')
# A reference past column GR (200). Searched for from its literal `r="`, many times the speed
# of matching whole <c> tags; any other attribute it might meet only makes the columns counted.
_FAR_COLUMN = re.compile(rb'r="(?:[A-Z]{3}|[H-Z][A-Z]|G[S-Z])\d')
_NEAR_COLUMNS = 200  # what a sheet without a cell past column 200 is taken to span
WHOLE_CELL = _WHOLE_CELL = re.compile(rb'<(?:\w+:)?c\b([^>]*?)(?:/>|>(.*?)</(?:\w+:)?c>)', re.S)
_FORMULA_OR_ERROR = re.compile(rb'<(?:\w+:)?f[ >/]|\bt="e"')  # not <formula1> of validations
REFERENCE = _REFERENCE = re.compile(rb'\br="([A-Z]+)(\d+)"')
_VALUE = re.compile(rb'<(?:\w+:)?v>([^<]*)</(?:\w+:)?v>')


def column_number(letters: str) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - 64
    return number


def column_letters(number: int) -> str:
    letters = ""
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


@dataclass(frozen=True)
class Fault:
    """A cell that holds no usable value: an error, or a formula with no calculated result."""

    row: int  # as Excel numbers it
    column: int  # 1 for A
    error: str  # "#DIV/0!" …, or "" for a formula never calculated


@dataclass(frozen=True)
class Extent:
    rows: int
    columns: int
    faults: tuple[Fault, ...] = ()
    part: str = ""  # the sheet's part in the package


def sheet_parts(package: zipfile.ZipFile) -> dict[str, str]:
    """The package part of each sheet, by sheet name."""
    names = set(package.namelist())
    if "xl/workbook.xml" not in names or "xl/_rels/workbook.xml.rels" not in names:
        return {}
    book = package.read("xl/workbook.xml")
    rels = package.read("xl/_rels/workbook.xml.rels")
    targets = dict(_RELATIONSHIP.findall(rels)) | {i: t for t, i in _RELATIONSHIP_REVERSED.findall(rels)}
    sheets = dict(_SHEET.findall(book)) | {n: i for i, n in _SHEET_REVERSED.findall(book)}
    parts = {}
    for name, rel in sheets.items():
        target = targets.get(rel, b"").decode()
        part = target.lstrip("/") if target.startswith("/") else str(PurePosixPath("xl") / target)
        if part in names:
            parts[_unescape(name.decode())] = part
    return parts


_SHEET_TAG = re.compile(rb"<(?:\w+:)?sheet\b")
_RELATIONSHIP_TAG = re.compile(rb"<Relationship\b")


def plain_sheet_parts(package: zipfile.ZipFile) -> dict[str, str]:
    """The part of each sheet, by sheet name, where every sheet and relationship is listed
    once and no two sheets share a part (so any reader finds the same); else nothing."""
    parts = sheet_parts(package)
    if not parts or len(set(parts.values())) != len(parts):
        return {}
    book = package.read("xl/workbook.xml")
    rels = package.read("xl/_rels/workbook.xml.rels")
    relationships = dict(_RELATIONSHIP.findall(rels)) | \
        {i: t for t, i in _RELATIONSHIP_REVERSED.findall(rels)}
    if len(_SHEET_TAG.findall(book)) != len(parts) or \
            len(_RELATIONSHIP_TAG.findall(rels)) != len(relationships):
        return {}
    return parts


def extents(path: Path) -> dict[str, Extent]:
    """Each sheet's extent and faults by name, as far as the file tells; a sheet the file
    does not describe is left out (the reader then finds out for itself)."""
    with zipfile.ZipFile(path) as package:
        return {name: extent_of(package.read(part), part) for name, part in sheet_parts(package).items()}


def extent_of(xml: bytes, part: str = "") -> Extent:
    faults = tuple(_faults(xml)) if _may_have_faults(xml) else ()
    dimension = _DIMENSION.search(xml, 0, 4096)
    if dimension is not None:
        corner = dimension.group(1).split(b":")[-1]
        match = re.fullmatch(rb"\$?([A-Z]+)\$?(\d+)", corner)
        if match:
            return Extent(int(match.group(2)), column_number(match.group(1).decode()), faults, part)
    # No <dimension> (openpyxl's streaming writer leaves it out): rows are in order, so the
    # last row tells the height; a cell past column 200 is looked for with one search, and
    # only then are the columns counted.
    start = xml.rfind(b"<row ")
    if start >= 0:
        last = _LAST_ROW.search(xml, start)
        rows = int(last.group(1)) if last else 0
    else:  # rows written with a namespace prefix
        rows = max((int(r) for r in _LAST_ROW.findall(xml)), default=0)
    columns = _NEAR_COLUMNS
    if rows * _NEAR_COLUMNS > MAX_CELLS or _FAR_COLUMN.search(xml):
        columns = max(column_number(c.decode()) for c in {c for c, _ in _CELL.findall(xml)})
    return Extent(rows, columns, faults, part)


_FORMULA_MARKS = (b"<f>", b"<f ", b":f>", b":f ")
_FORMULA_END = re.compile(rb"f[ >]")  # in every formula mark; found by its rare first letter


def _may_have_faults(xml: bytes) -> bool:
    """A quick look for a formula or an error value. Plain `in` is many times a regex's
    speed, and a regex that starts with a rare letter is faster still: the formula marks
    are looked for one by one only where that finds something."""
    if b't="e"' in xml:
        return True
    return _FORMULA_END.search(xml) is not None and any(mark in xml for mark in _FORMULA_MARKS)


def _faults(xml: bytes) -> list[Fault]:
    found = []
    for match in _WHOLE_CELL.finditer(xml):
        attributes, body = match.group(1), match.group(2) or b""
        reference = _REFERENCE.search(attributes)
        if reference is None:
            continue
        row, column = int(reference.group(2)), column_number(reference.group(1).decode())
        value = _VALUE.search(body)
        if b't="e"' in attributes and value is not None:
            found.append(Fault(row, column, value.group(1).decode()))
        elif _FORMULA_OR_ERROR.search(body) and (value is None or not value.group(1)):
            found.append(Fault(row, column, ""))
    return found


def _unescape(text: str) -> str:
    return (text.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"')
            .replace("&apos;", "'").replace("&amp;", "&"))
