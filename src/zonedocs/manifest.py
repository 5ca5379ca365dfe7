"""The record of what the last builds wrote: for every output, the key of what made it and the
hash of the bytes written. Kept as JSON in OUT/.zonedocs/manifest.json."""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson

from .render import Image

FORMAT = 1
STATE_DIR = ".zonedocs"


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
    fields: dict[str, str] = field(default_factory=dict)


class Manifest:
    def __init__(self, root: Path, entries: dict[str, Entry] | None = None) -> None:
        self.root = root
        self.entries: dict[str, Entry] = entries or {}

    @property
    def path(self) -> Path:
        return self.root / STATE_DIR / "manifest.json"

    @classmethod
    def load(cls, root: Path) -> Manifest:
        path = root / STATE_DIR / "manifest.json"
        try:
            data = orjson.loads(path.read_bytes())
        except FileNotFoundError:
            return cls(root)
        except (OSError, ValueError):
            return cls(root)  # an unreadable record only costs a full comparison
        if data.get("format") != FORMAT:
            return cls(root)
        return cls(root, {p: Entry(**e) for p, e in data.get("outputs", {}).items()})

    def save(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        data = {"format": FORMAT,
                "outputs": {p: vars(e) for p, e in sorted(self.entries.items())}}
        temporary = self.path.with_name(".manifest.json.tmp")
        temporary.write_bytes(orjson.dumps(data))
        os.replace(temporary, self.path)

    def matches_file(self, relative: str, entry: Entry) -> bool:
        """Whether the file on disk is still exactly what zonedocs wrote."""
        path = self.root / relative
        try:
            stat = path.stat()
        except FileNotFoundError:
            return False
        if stat.st_size == entry.size and stat.st_mtime_ns == entry.mtime_ns:
            return True
        return stat.st_size == entry.size and file_sha256(path) == entry.sha256


def file_sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def canonical(value: Any) -> bytes:
    """Compact UTF-8 JSON with sorted keys: the same value always gives the same bytes."""
    return orjson.dumps(value, default=_plain, option=orjson.OPT_SORT_KEYS | orjson.OPT_NON_STR_KEYS)


def _plain(value: Any) -> Any:
    if isinstance(value, Image):
        return value.fingerprint()
    if isinstance(value, Path):
        return value.as_posix()
    raise TypeError(f"not JSON-able in a context: {type(value).__name__}")
