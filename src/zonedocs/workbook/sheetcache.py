"""Sheets read by an earlier build, remembered in the output folder so that a rebuild reads
again only the sheets that changed.

A sheet read is a function of its part's bytes, of the shared strings it points to, of the
styles (a number format makes a number a date), of the workbook's date system, and of the
reader: all of these are in the key, so a remembered sheet is exactly what reading it again
would give. The shared strings are checked one by one: Excel and WPS rewrite the whole table
of shared strings when one text changes, and a sheet that points to none of the changed ones
is still known. Each entry records which strings its sheet points to, and a digest of them.

A build also remembers what it made of a sheet (`derived`): the roster's zones, scores,
pledges and contacts, with the problems found making them. Such an entry is keyed by the
sheet's entry and its shared strings, and by whatever else the loader says it depends on; it
lives as long as the sheet's entry, and only while builds use it. Its sheet's rows are then
never unpacked.

What is remembered is plain data — text, numbers, dates, and the roster's own record classes —
and is read back with an unpickler that knows no other class, so a file put in the output
folder by someone else can make a sheet read again, never run code. Anything odd about an
entry makes it a miss.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import pickle
import re
from array import array
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, overload

from ..render.zipreader import BadPackage, Package
from .extent import WHOLE_CELL, Fault

FORMAT = 3  # bumped when what an entry holds changes
_SHARED = "xl/sharedStrings.xml"
_STYLES = "xl/styles.xml"
_BOOK = "xl/workbook.xml"
_STRING = re.compile(rb"<(?:\w+:)?si\b(?:[^>]*/>|.*?</(?:\w+:)?si>)", re.S)
_DATE_SYSTEM = re.compile(rb"""date1904\s*=\s*(["'])(.*?)\1""")
# A cell of the shared-string type, or one whose type is written with an entity
_SHARED_TYPE = re.compile(rb"""\bt\s*=\s*["'](?:s["']|&)""")
_INDEX = re.compile(rb"<(?:\w+:)?v>\s*(\d+)\s*</(?:\w+:)?v>")
_PLAIN = frozenset({("datetime", "datetime"), ("datetime", "date"), ("datetime", "time"),
                    ("datetime", "timedelta"), ("datetime", "timezone")})
# What the loader makes of a sheet holds, besides plain data (the records are kept as tuples)
_DERIVED = _PLAIN | {("decimal", "Decimal"), ("pathlib", "PosixPath"), ("pathlib", "WindowsPath")}
_DERIVED_MARK = "-"  # a derived entry is named <its sheet's entry>-<its own digest>


class PackedRows(Sequence[list[Any]]):
    """A remembered sheet's rows, unpacked when first read: a sheet whose derived data is
    remembered too is never unpacked."""

    def __init__(self, packed: bytes) -> None:
        self._packed: bytes | None = packed
        self._rows: list[list[Any]] = []

    def _unpacked(self) -> list[list[Any]]:
        if self._packed is not None:
            self._rows = _Unpickler(self._packed, _PLAIN).load()
            self._packed = None
        return self._rows

    @overload
    def __getitem__(self, index: int) -> list[Any]: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[list[Any]]: ...
    def __getitem__(self, index: int | slice) -> list[Any] | Sequence[list[Any]]:
        return self._unpacked()[index]

    def __len__(self) -> int:
        return len(self._unpacked())

    def __iter__(self) -> Iterator[list[Any]]:
        return iter(self._unpacked())

    def __eq__(self, other: object) -> bool:
        if isinstance(other, PackedRows):
            other = other._unpacked()
        return self._unpacked() == other

    __hash__ = None  # type: ignore[assignment]  # as a list's


@dataclass(frozen=True)
class Remembered:
    """A sheet as the reader gave it: header row and data rows (see reader.RawSheet), and the
    key of what is derived from it (`SheetCache.derived`)."""

    headers: list[str]
    rows: Sequence[list[Any]]
    faults: tuple[Fault, ...]
    content: str


class SheetCache:
    """The sheets remembered in `folder`, for one workbook file at a time."""

    def __init__(self, folder: Path, writable: bool = True) -> None:
        self.folder = folder
        self.writable = writable
        self._package: Package | None = None
        self._common = b""
        self._strings: list[bytes] | None = None
        self._used: set[str] = set()

    def open(self, path: Path) -> bool:
        """Read the workbook's package for its keys; False (nothing remembered or kept) when
        it is not a package this can take."""
        try:
            self._package = Package(path.read_bytes())
            names = self._package.entries
            common = [FORMAT, _program(), _reader()]
            common += [self._digest(_STYLES) if _STYLES in names else "",
                       _DATE_SYSTEM.findall(self._package.read(_BOOK)) if _BOOK in names else [],
                       _SHARED in names]
            self._common = repr(common).encode()
            self._strings = None
            return True
        except (OSError, BadPackage, ValueError, KeyError):
            self._package = None
            return False

    def get(self, name: str, part: str) -> Remembered | None:
        """The sheet as last read, if nothing it depends on has changed since."""
        key = self._key(name, part)
        if key is None:
            return None
        try:
            with (self.folder / key).open("rb") as file:
                entry = _Unpickler(file.read(), _PLAIN).load()
            references, strings, headers, rows, faults = entry
            if strings != self._strings_digest(references) or type(rows) is not bytes:
                return None
            found = Remembered(headers, PackedRows(rows), tuple(Fault(*f) for f in faults),
                               _content(key, strings))
        except Exception:  # an entry that cannot be read is a miss, whatever the cause
            return None
        self._used.add(key)
        return found

    def put(self, name: str, part: str, headers: list[str], rows: Sequence[list[Any]],
            faults: tuple[Fault, ...]) -> str:
        """Remember a sheet just read, and give the key of what is derived from it; quietly
        not (""), where the folder cannot be written or the sheet cannot be keyed."""
        key = self._key(name, part)
        if key is None or not self.writable or self._package is None:
            return ""
        from ..build.outputdir import write_atomic

        # Without a table of shared strings (whether there is one is in the key) a sheet
        # points to none, and need not be unpacked again to find out.
        references = _references(self._package.read(part)) if _SHARED in self._package.entries else b""
        if references is None:
            return ""
        strings = self._strings_digest(references)
        packed = pickle.dumps(list(rows), protocol=pickle.HIGHEST_PROTOCOL)
        entry = (references, strings, headers, packed, [(f.row, f.column, f.error) for f in faults])
        try:
            write_atomic(self.folder / key, pickle.dumps(entry, protocol=pickle.HIGHEST_PROTOCOL))
        except (OSError, pickle.PicklingError):
            return ""
        self._used.add(key)
        return _content(key, strings)

    def derived(self, content: str, depends: str) -> Any | None:
        """What was made from the sheet whose entry is `content` (Remembered.content, or what
        `put` gave) and from `depends`, if it was kept; None if not."""
        name = self._derived_name(content, depends)
        try:
            with (self.folder / name).open("rb") as file:
                found = _Unpickler(file.read(), _DERIVED).load()
        except Exception:  # an entry that cannot be read is a miss, whatever the cause
            return None
        self._used.add(name)
        return found

    def keep(self, content: str, depends: str, made: Any) -> None:
        """Remember what was made from the sheet and from `depends`; quietly not, where the
        folder cannot be written."""
        if not self.writable:
            return
        from ..build.outputdir import write_atomic

        name = self._derived_name(content, depends)
        with contextlib.suppress(OSError, pickle.PicklingError):
            write_atomic(self.folder / name, pickle.dumps(made, protocol=pickle.HIGHEST_PROTOCOL))
            self._used.add(name)

    @staticmethod
    def _derived_name(content: str, depends: str) -> str:
        sheet, strings = content.split(_DERIVED_MARK, 1)
        own = hashlib.sha256(repr((strings, depends)).encode()).hexdigest()[:40]
        return f"{sheet}{_DERIVED_MARK}{own}"

    def prune(self, derived: bool = False) -> None:
        """Forget the sheets this read did not use (those since changed), with what was
        derived from them; with `derived`, also what was derived and not used since."""
        if not self.writable or not self._used:
            return
        with contextlib.suppress(OSError):
            for entry in self.folder.iterdir():  # a temporary file a killed build left, too
                sheet, mark, _ = entry.name.partition(_DERIVED_MARK)
                if entry.name not in self._used and (derived or not mark or sheet not in self._used):
                    entry.unlink(missing_ok=True)

    def _key(self, name: str, part: str) -> str | None:
        if self._package is None or part not in self._package.entries:
            return None
        return hashlib.sha256(self._common + repr((name, part, self._digest(part))).encode()).hexdigest()

    def _digest(self, part: str) -> str:
        """A digest of a part's bytes as stored (compressed): equal bytes, equal digest."""
        assert self._package is not None
        return hashlib.sha256(self._package.raw(part)).hexdigest() + repr(self._package.crc(part))

    def _strings_digest(self, references: bytes) -> str:
        """A digest of the shared strings a sheet points to, as the file has them now."""
        if not references:
            return ""
        if self._strings is None:
            assert self._package is not None
            shared = self._package.read(_SHARED) if _SHARED in self._package.entries else b""
            self._strings = _STRING.findall(shared)
        indexes = array("I")
        indexes.frombytes(references)
        strings = self._strings
        if indexes[-1] >= len(strings):  # sorted: the last is the largest
            return "missing"
        digest = hashlib.blake2b(digest_size=20)
        for index in indexes:
            digest.update(strings[index])
            digest.update(b"\0")
        return digest.hexdigest()


def _references(xml: bytes) -> bytes | None:
    """The shared strings a sheet points to (sorted, as packed integers); None where a cell
    of the shared-string type does not give its index plainly."""
    if not _SHARED_TYPE.search(xml):
        return b""
    found: set[int] = set()
    for match in WHOLE_CELL.finditer(xml):
        kind = _SHARED_TYPE.search(match.group(1))
        if kind is not None:
            index = _INDEX.search(match.group(2) or b"")
            if index is None or kind.group(0).endswith(b"&"):
                return None
            found.add(int(index.group(1)))
    if any(i >= 1 << 32 for i in found):
        return None
    return array("I", sorted(found)).tobytes()


class _Unpickler(pickle.Unpickler):
    """Loads plain data and the classes it is told of; any other class is refused."""

    def __init__(self, data: bytes, allowed: frozenset[tuple[str, str]]) -> None:
        super().__init__(io.BytesIO(data))
        self._allowed = allowed

    def find_class(self, module: str, name: str) -> Any:
        if (module, name) in self._allowed:
            return super().find_class(module, name)
        raise pickle.UnpicklingError(f"{module}.{name} is not plain data")


def _content(key: str, strings: str) -> str:
    """The key of what is derived from a sheet: its entry's, and its shared strings'."""
    return f"{key}{_DERIVED_MARK}{strings}"


def _program() -> str:
    from ..documents.inputs import program_digest

    return program_digest()


def _reader() -> str:
    """The reader's compiled library, by file size and time: a new version reads afresh."""
    import python_calamine._python_calamine as compiled

    stat = Path(compiled.__file__ or "").stat()
    return f"{stat.st_size}:{stat.st_mtime_ns}"
