"""Every master workbook the page received, kept with its time, so an upload never loses the
workbook it replaces and any two versions can be compared.

A version is a folder `inputs/历史版本/YYYYMMDD-HHMMSS/` holding the workbook under its own name,
`版本说明.json` (where it came from, the uploaded file's name, its size and SHA-256), and under
`被替换的文件/` the pictures an upload of that version replaced.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from ..problems import UsageError

NOTE = "版本说明.json"
REPLACED = "被替换的文件"
_ID = re.compile(r"\d{8}-\d{6}(-\d{1,3})?")
_STAMP = "%Y%m%d-%H%M%S"


@dataclass(frozen=True)
class Version:
    id: str
    time: datetime
    source: str
    name: str
    size: int
    sha256: str
    path: Path

    def as_json(self) -> dict[str, object]:
        return {"id": self.id, "time": self.time.isoformat(timespec="seconds"), "source": self.source,
                "name": self.name, "size": self.size}


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for chunk in iter(lambda: stream.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


class History:
    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def versions(self) -> list[Version]:
        """Newest first."""
        if not self.folder.is_dir():
            return []
        found = [self._read(entry) for entry in self.folder.iterdir()
                 if entry.is_dir() and _ID.fullmatch(entry.name)]
        return sorted((v for v in found if v is not None), key=lambda v: v.id, reverse=True)

    def get(self, version_id: str) -> Version:
        found = self._read(self.folder / version_id) if _ID.fullmatch(version_id) else None
        if found is None:
            raise UsageError(f"没有这个版本：{version_id}。请刷新页面后重新选择。")
        return found

    def keep(self, workbook: Path, source: str, name: str | None = None,
             stored_as: str | None = None) -> Version:
        """Copy `workbook` in (as `stored_as`, default its own name) as a new version, unless a
        kept version has the same bytes."""
        digest = sha256(workbook)
        for version in self.versions():
            if version.sha256 == digest:
                return version
        folder = self._new_folder()
        target = folder / (stored_as or workbook.name)
        shutil.copy2(workbook, target)
        note = {"source": source, "name": name or workbook.name, "size": target.stat().st_size,
                "sha256": digest}
        (folder / NOTE).write_text(json.dumps(note, ensure_ascii=False, indent=2), encoding="utf-8")
        kept = self._read(folder)
        assert kept is not None
        return kept

    def replaced_folder(self, version: Version) -> Path:
        return self.folder / version.id / REPLACED

    def _new_folder(self) -> Path:
        stamp = datetime.now().strftime(_STAMP)
        for n in range(1, 1000):
            folder = self.folder / (stamp if n == 1 else f"{stamp}-{n}")
            try:
                folder.mkdir(parents=True)
                return folder
            except FileExistsError:
                continue
        raise UsageError("同一秒内上传的版本太多，请稍后再试。")

    @staticmethod
    def _read(folder: Path) -> Version | None:
        try:
            note = json.loads((folder / NOTE).read_text(encoding="utf-8"))
            books = [p for p in folder.glob("*.xlsx") if not p.name.startswith("~$")]
            time = datetime.strptime(folder.name[:15], _STAMP)
        except (OSError, ValueError):
            return None
        if len(books) != 1:
            return None
        return Version(folder.name, time, str(note.get("source", "")), str(note.get("name", "")),
                       int(note.get("size", 0)), str(note.get("sha256", "")), books[0])
