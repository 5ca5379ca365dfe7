"""What a build wrote, as the page lists and downloads it. Every path a request names is
resolved inside outputs/ and outside its state folder, or refused."""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from ..build.manifest import STATE_DIR, Manifest
from ..documents import KINDS
from ..problems import UsageError

LABELS = {str(k.key): k.label for k in KINDS} | {"pdf": "PDF", "zones": "责任区划分表"}
_BRANCH_FOLDER = re.compile(r"([^-/]+)-")


@dataclass(frozen=True)
class OutputFile:
    path: str     # relative to outputs/, with forward slashes
    size: int
    kind: str
    branch: str

    @property
    def label(self) -> str:
        return LABELS.get(self.kind, self.kind)

    @property
    def name(self) -> str:
        return PurePosixPath(self.path).name

    @property
    def suffix(self) -> str:
        return PurePosixPath(self.path).suffix

    def as_json(self) -> dict[str, object]:
        return {"path": self.path, "size": self.size, "kind": self.kind, "branch": self.branch}


def list_outputs(outputs: Path) -> list[OutputFile]:
    """Every file under outputs/ but the build's own state, with its kind and branch."""
    if not outputs.is_dir():
        return []
    manifest = Manifest.load(outputs, writable=False)
    try:
        entries = manifest.entries
        found = []
        for path in sorted(outputs.rglob("*")):
            relative = path.relative_to(outputs)
            if relative.parts[0] == STATE_DIR or not path.is_file() or path.name.startswith("~$"):
                continue
            key = relative.as_posix()
            entry = entries.get(key) or entries.get(str(PurePosixPath(key).with_suffix(".docx")))
            kind = ("pdf" if path.suffix == ".pdf" else entry.kind) if entry else _guess_kind(relative)
            branch = entry.branch if entry else _guess_branch(relative)
            found.append(OutputFile(key, path.stat().st_size, kind, branch))
        return found
    finally:
        manifest.close()


def _guess_kind(relative: Path) -> str:
    if relative.suffix == ".pdf":
        return "pdf"
    for kind in KINDS:
        if kind.label in relative.as_posix():
            return str(kind.key)
    return "other"


def _guess_branch(relative: Path) -> str:
    for part in relative.parts[1:-1]:
        match = _BRANCH_FOLDER.match(part)
        if match:
            return match.group(1)
    return ""


def resolve(outputs: Path, relative: str) -> Path:
    """The file `relative` names inside outputs/, or UsageError: no `..`, no absolute path, no
    link out, not the build's state."""
    parts = PurePosixPath(relative.replace("\\", "/")).parts
    root = outputs.resolve()
    refused = (not parts or parts[0] in ("/", STATE_DIR) or ".." in parts or ":" in parts[0])
    target = outputs.joinpath(*parts).resolve() if not refused else root
    if refused or not target.is_relative_to(root) or target == root:
        raise UsageError(f"不能下载“{relative}”：只能下载输出文件夹中生成的文书。")
    if not target.is_file():
        raise FileNotFoundError(relative)
    return target


def write_zip(outputs: Path, files: list[OutputFile], target: Path) -> None:
    """The files, under their paths in outputs/. Documents are zips already: stored, not packed."""
    with zipfile.ZipFile(target, "w", zipfile.ZIP_STORED) as archive:
        for file in files:
            archive.write(outputs / file.path, file.path)
