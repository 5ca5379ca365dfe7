"""Cells far outside any table — a value typed by accident at XFD1048576 — dropped before the
workbook is read: the reader builds a grid up to the farthest cell, and 17 billion cells do not
fit in memory. What was dropped is reported, so the clerk can delete it."""

from __future__ import annotations

import re
import shutil
import tempfile
import zipfile
from pathlib import Path

from .extent import DIMENSION, REFERENCE, WHOLE_CELL, Extent, column_letters, column_number, extent_of

MAX_ROWS = 300_000  # no sheet of the contract is longer than this
MAX_COLUMNS = 200  # nor wider
_ROW = re.compile(rb'<((?:\w+:)?row)\b([^>]*?)(/>|>(.*?)</\1>)', re.S)


def too_far(extent: Extent) -> bool:
    return extent.rows > MAX_ROWS or extent.columns > MAX_COLUMNS


def without_stray_cells(path: Path, reach: dict[str, Extent]) -> tuple[Path, dict[str, list[str]]]:
    """A temporary copy of the workbook with the far cells of each sheet dropped, and the
    references of what was dropped, by sheet; the caller removes the copy's folder."""
    folder = Path(tempfile.mkdtemp(prefix="zonedocs-read-"))
    copy = folder / path.name
    dropped: dict[str, list[str]] = {}
    far = {extent.part: name for name, extent in reach.items() if too_far(extent)}
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(copy, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename in far:
                data, references = _trimmed(data)
                dropped[far[info.filename]] = references
            target.writestr(info, data)
    return copy, dropped


def remove(copy: Path) -> None:
    shutil.rmtree(copy.parent, ignore_errors=True)


def _trimmed(xml: bytes) -> tuple[bytes, list[str]]:
    dropped: list[str] = []

    def cell(match: re.Match[bytes]) -> bytes:
        reference = REFERENCE.search(match.group(1))
        if reference is None:
            return match.group(0)
        row, column = int(reference.group(2)), column_number(reference.group(1).decode())
        if row <= MAX_ROWS and column <= MAX_COLUMNS:
            return match.group(0)
        if match.group(2):  # a cell with a value, not only a format
            dropped.append(f"{reference.group(1).decode()}{row}")
        return b""

    def row(match: re.Match[bytes]) -> bytes:
        number = re.search(rb'\br="(\d+)"', match.group(2))
        if number is not None and int(number.group(1)) > MAX_ROWS:
            for inner in WHOLE_CELL.finditer(match.group(4) or b""):
                reference = REFERENCE.search(inner.group(1))
                if reference is not None and inner.group(2):
                    dropped.append(f"{reference.group(1).decode()}{reference.group(2).decode()}")
            return b""
        return b"<%s%s>%s</%s>" % (match.group(1), match.group(2),
                                   WHOLE_CELL.sub(cell, match.group(4) or b""), match.group(1)) \
            if match.group(4) is not None else match.group(0)

    body = _ROW.sub(row, xml)
    remaining = extent_of(DIMENSION.sub(b"", body, count=1))
    corner = f"{column_letters(max(remaining.columns, 1))}{max(remaining.rows, 1)}".encode()
    body = DIMENSION.sub(lambda m: m.group(0).replace(m.group(1), b"A1:" + corner), body, count=1)
    return body, dropped
