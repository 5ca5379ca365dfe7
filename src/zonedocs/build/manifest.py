"""The record of what the builds wrote: for every output, the key of what made it and the
hash of the bytes written. Kept in an SQLite file, OUT/.zonedocs/manifest.sqlite, so a build
reads the few columns it compares and writes back only the rows that changed. The field
digests of each output (most of the file) are kept in a table of their own, read one output
at a time when a changed output's reasons are told: a build reads through the outputs table
alone.

Use it as a context manager: `with Manifest.load(out) as manifest:` saves what was recorded
when the block ends, also when it ends in an error (what was written stays recorded), unless
it was loaded read-only (a dry run).
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import stat as stat_module
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import Any

import orjson

FORMAT = 4
STATE_DIR = ".zonedocs"
FILE = "manifest.sqlite"
MISSING, INTACT, EDITED = "missing", "intact", "edited"
_COLUMNS = ("key", "sha256", "size", "mtime_ns", "kind", "branch", "subject", "template", "pages")
_SCHEMA = f"""
CREATE TABLE IF NOT EXISTS outputs (path TEXT PRIMARY KEY, {", ".join(_COLUMNS)});
CREATE TABLE IF NOT EXISTS fields (path TEXT PRIMARY KEY, fields BLOB);
CREATE TABLE IF NOT EXISTS plans (branch TEXT PRIMARY KEY, digest TEXT, outputs BLOB);
CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value);
CREATE TABLE IF NOT EXISTS counts (path TEXT PRIMARY KEY, code TEXT, pages BLOB);
"""
_TABLES = ("outputs", "fields", "plans", "counts")


@dataclass
class Entry:
    key: str
    sha256: str
    size: int
    mtime_ns: int
    kind: str
    branch: str = ""
    subject: str = ""
    template: str = ""
    pages: int = 0  # the pages of the bytes recorded, as a volume's 卷内目录 counts them; 0: not counted
    fields: dict[str, str] | None = field(default=None, compare=False)  # None: not read yet


class Manifest:
    """The recorded outputs by path. Change them with `put` and `drop`; `save` writes the
    changes in one transaction."""

    def __init__(self, root: Path, entries: dict[str, Entry] | None = None,
                 plans: dict[str, tuple[str, dict[str, str]]] | None = None,
                 writable: bool = True) -> None:
        self.root = root
        self._prefix = os.path.join(root, "")  # the folder's path, ending in a separator
        self.writable = writable
        self.entries: dict[str, Entry] = entries or {}
        self.plans = plans or {}  # branch -> (digest of its inputs, {output path: key})
        self._changed: set[str] = set()
        self._plans_changed: set[str] = set()  # branches whose plan was set or forgotten
        self._counts: dict[str, tuple[str, dict[str, int]]] = {}  # set in this build
        self._reader: sqlite3.Connection | None = None

    @property
    def path(self) -> Path:
        return self.root / STATE_DIR / FILE

    @classmethod
    def load(cls, root: Path, writable: bool = True) -> Manifest:
        path = root / STATE_DIR / FILE
        if not path.is_file():
            return cls(root, writable=writable)
        try:
            with _connect(path) as db:
                if _format(db) != FORMAT:
                    return cls(root, writable=writable)
                entries = {row[0]: Entry(*row[1:]) for row in db.execute(
                    f"SELECT path, {', '.join(_COLUMNS)} FROM outputs")}
                plans = {branch: (digest, orjson.loads(outputs)) for branch, digest, outputs
                         in db.execute("SELECT branch, digest, outputs FROM plans")}
        except (sqlite3.Error, ValueError):
            return cls(root, writable=writable)  # an unreadable record costs a full comparison
        return cls(root, entries, plans, writable)

    def __enter__(self) -> Manifest:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 traceback: TracebackType | None) -> None:
        try:
            if self.writable and (self._changed or self._plans_changed or self._counts):
                self.save()
        finally:
            self.close()

    def put(self, relative: str, entry: Entry) -> None:
        self.entries[relative] = entry
        self._changed.add(relative)

    def set_pages(self, relative: str, sha256: str, pages: int) -> None:
        """Record the pages of an output's file, counted from bytes with this SHA-256."""
        entry = self.entries.get(relative)
        if entry is not None and entry.sha256 == sha256 and entry.pages != pages:
            entry.pages = pages
            self._changed.add(relative)

    def drop(self, relative: str) -> None:
        if self.entries.pop(relative, None) is not None:
            self._changed.add(relative)

    def fields(self, relative: str) -> dict[str, str]:
        """The field digests recorded for an output (read on demand: they are most of the file)."""
        entry = self.entries[relative]
        if entry.fields is None:
            entry.fields = {}
            row = self._read("SELECT fields FROM fields WHERE path = ?", relative)
            if row and row[0]:
                entry.fields = orjson.loads(row[0])
        return entry.fields

    def page_counts(self, relative: str, code: str) -> dict[str, int]:
        """The pages a composite's 卷内目录 needed counted when it was last made (SHA-256 of
        the bytes -> pages; build/produce.py `PageCounts`), if counted by this rendering code."""
        if relative in self._counts:
            recorded_code, counts = self._counts[relative]
        else:
            row = self._read("SELECT code, pages FROM counts WHERE path = ?", relative)
            if not row:
                return {}
            recorded_code, counts = row[0], orjson.loads(row[1])
        return dict(counts) if recorded_code == code else {}

    def set_page_counts(self, relative: str, code: str, counts: dict[str, int]) -> None:
        self._counts[relative] = (code, counts)

    def _read(self, query: str, relative: str) -> Any:
        """One row of the file as saved."""
        if self._reader is None and self.path.is_file():
            self._reader = sqlite3.connect(self.path)
        if self._reader is None:
            return None
        try:
            return self._reader.execute(query, (relative,)).fetchone()
        except sqlite3.Error:  # a table an older zonedocs did not make: nothing recorded
            return None

    def close(self) -> None:
        """Let go of the file (`save` does too)."""
        if self._reader is not None:
            self._reader.close()
            self._reader = None

    def set_plans(self, plans: dict[str, tuple[str, dict[str, str]]]) -> None:
        """Record these plans in place of the ones recorded; `save` writes those that differ."""
        self._plans_changed |= {b for b in plans.keys() | self.plans.keys()
                                if plans.get(b) != self.plans.get(b)}
        self.plans = plans

    def save(self) -> None:
        assert self.writable, "a read-only manifest is never saved"
        self.close()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with _connect(self.path) as db:
            db.execute("BEGIN IMMEDIATE")
            if _format(db) != FORMAT:  # a record in another format, or none: write it whole
                for table in _TABLES:
                    db.execute(f"DROP TABLE {table}")
                for statement in filter(str.strip, _SCHEMA.split(";")):
                    db.execute(statement)
                db.execute("INSERT OR REPLACE INTO meta VALUES ('format', ?)", (FORMAT,))
                self._changed = set(self.entries)
                self._plans_changed = set(self.plans)
            gone = [(p,) for p in self._changed if p not in self.entries]
            for table in ("outputs", "fields", "counts"):
                db.executemany(f"DELETE FROM {table} WHERE path = ?", gone)
            # rows made as they are written: 31,000 outputs' rows at once would double the
            # build's memory at its end
            db.executemany("INSERT OR REPLACE INTO counts VALUES (?, ?, ?)",
                           ((p, code, orjson.dumps(c)) for p, (code, c) in sorted(self._counts.items())))
            changed = [(p, e) for p in sorted(self._changed) if (e := self.entries.get(p)) is not None]
            db.executemany(f"INSERT OR REPLACE INTO outputs VALUES ({', '.join('?' * (len(_COLUMNS) + 1))})",
                           ((p, *(getattr(e, c) for c in _COLUMNS)) for p, e in changed))
            # an entry whose field digests were never read (None: one whose file was renumbered,
            # or whose pages were counted) keeps the digests recorded for it
            db.executemany("INSERT OR REPLACE INTO fields VALUES (?, ?)",
                           ((p, orjson.dumps(e.fields)) for p, e in changed if e.fields is not None))
            db.executemany("DELETE FROM plans WHERE branch = ?",
                           [(b,) for b in sorted(self._plans_changed) if b not in self.plans])
            db.executemany("INSERT OR REPLACE INTO plans VALUES (?, ?, ?)",
                           [(b, *self._plan_row(b)) for b in sorted(self._plans_changed)
                            if b in self.plans])
            db.execute("COMMIT")
        self._changed = set()
        self._plans_changed = set()
        self._counts = {}
        (self.path.parent / "manifest.json").unlink(missing_ok=True)  # the record of version 1

    def _plan_row(self, branch: str) -> tuple[str, bytes]:
        digest, outputs = self.plans[branch]
        return digest, orjson.dumps(outputs)

    def matches_file(self, relative: str, entry: Entry) -> bool:
        """Whether the file on disk is still exactly what zonedocs wrote."""
        return self.file_state(relative, entry) == INTACT

    def file_state(self, relative: str, entry: Entry) -> str:
        """MISSING, INTACT (exactly what zonedocs wrote) or EDITED."""
        path = self._prefix + relative  # a plain string: a rebuild checks every file
        try:
            stat = os.stat(path)
        except FileNotFoundError:
            return MISSING
        if not stat_is_file(stat):
            return MISSING
        if stat.st_size != entry.size:
            return EDITED
        if stat.st_mtime_ns == entry.mtime_ns or file_sha256(Path(path)) == entry.sha256:
            return INTACT
        return EDITED


@contextmanager
def _connect(path: Path) -> Iterator[sqlite3.Connection]:
    """A connection in autocommit mode (transactions are begun explicitly), closed after."""
    db = sqlite3.connect(path, isolation_level=None)
    try:
        db.execute("PRAGMA synchronous = NORMAL")
        db.executescript(_SCHEMA)
        yield db
    finally:
        db.close()  # an open transaction is rolled back


def _format(db: sqlite3.Connection) -> Any:
    row = db.execute("SELECT value FROM meta WHERE name = 'format'").fetchone()
    return row[0] if row else None


def file_sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def stat_is_file(stat: os.stat_result) -> bool:
    return stat_module.S_ISREG(stat.st_mode)
