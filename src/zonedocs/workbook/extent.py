"""How far each sheet's cells reach, read from the .xlsx without loading the sheet: a single
stray value at XFD1048576 would otherwise make the reader build a grid of 17 billion cells."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path, PurePosixPath

MAX_CELLS = 20_000_000  # rows × columns of one sheet's used range
MAX_COLUMNS = 2_000
_SHEET = re.compile(rb'<(?:\w+:)?sheet\b[^>]*?\bname="([^"]*)"[^>]*?\br:id="([^"]+)"')
_SHEET_REVERSED = re.compile(rb'<(?:\w+:)?sheet\b[^>]*?\br:id="([^"]+)"[^>]*?\bname="([^"]*)"')
_RELATIONSHIP = re.compile(rb'<Relationship\b[^>]*?\bId="([^"]+)"[^>]*?\bTarget="([^"]+)"')
_RELATIONSHIP_REVERSED = re.compile(rb'<Relationship\b[^>]*?\bTarget="([^"]+)"[^>]*?\bId="([^"]+)"')
_DIMENSION = re.compile(rb'<(?:\w+:)?dimension\b[^>]*?\bref="([^"]+)"')
_CELL = re.compile(rb'<(?:\w+:)?c\b[^>]*?\br="([A-Z]+)(\d+)"')


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


def extents(path: Path) -> dict[str, tuple[int, int]]:
    """(last row, last column) of each sheet by name, as far as the file tells; a sheet the
    file does not describe is left out (the reader then finds out for itself)."""
    found: dict[str, tuple[int, int]] = {}
    with zipfile.ZipFile(path) as package:
        names = set(package.namelist())
        if "xl/workbook.xml" not in names or "xl/_rels/workbook.xml.rels" not in names:
            return found
        book = package.read("xl/workbook.xml")
        rels = package.read("xl/_rels/workbook.xml.rels")
        targets = dict(_RELATIONSHIP.findall(rels)) | {i: t for t, i in _RELATIONSHIP_REVERSED.findall(rels)}
        sheets = dict(_SHEET.findall(book)) | {n: i for i, n in _SHEET_REVERSED.findall(book)}
        for name, rel in sheets.items():
            target = targets.get(rel, b"").decode()
            part = target.lstrip("/") if target.startswith("/") else str(PurePosixPath("xl") / target)
            if part in names:
                found[_unescape(name.decode())] = _extent(package.read(part))
    return found


def _extent(xml: bytes) -> tuple[int, int]:
    dimension = _DIMENSION.search(xml, 0, 4096)
    if dimension is not None:
        corner = dimension.group(1).split(b":")[-1]
        match = re.fullmatch(rb"\$?([A-Z]+)\$?(\d+)", corner)
        if match:
            return int(match.group(2)), column_number(match.group(1).decode())
    rows = columns = 0
    for letters, row in _CELL.findall(xml):
        rows = max(rows, int(row))
        columns = max(columns, column_number(letters.decode()))
    return rows, columns


def _unescape(text: str) -> str:
    return (text.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"')
            .replace("&apos;", "'").replace("&amp;", "&"))
