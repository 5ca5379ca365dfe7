"""The templates a build uses: the defaults, overridden file by file by a user's folder."""

from __future__ import annotations

import hashlib
import shutil
from functools import cache
from pathlib import Path

from .problems import UsageError
from .render import DocxTemplate
from .render.prepared import PreparedParts

_PACKAGED = Path(__file__).resolve().parent / "_templates"
_REPOSITORY = Path(__file__).resolve().parents[2] / "templates"


@cache
def default_folder() -> Path:
    for folder in (_PACKAGED, _REPOSITORY):
        if folder.is_dir() and any(folder.glob("*.docx")):
            return folder
    raise UsageError("找不到默认模板文件夹（安装不完整）。请重新安装 zonedocs。")


def default_names() -> list[str]:
    return sorted(p.name for p in default_folder().glob("*.docx"))


class TemplateSet:
    """Compiled templates by file name; each is prepared once, on first use."""

    def __init__(self, override: Path | None = None, prepared: PreparedParts | None = None) -> None:
        if override is not None and not override.is_dir():
            raise UsageError(f"--templates 指定的文件夹不存在：{override}")
        self.override = override
        self.prepared = prepared  # where prepared parts are remembered between builds
        self._compiled: dict[str, DocxTemplate] = {}
        self._digests: dict[str, str] = {}

    def path(self, name: str) -> Path:
        if self.override is not None and (self.override / name).is_file():
            return self.override / name
        path = default_folder() / name
        if not path.is_file():
            raise UsageError(f"找不到模板 {name}")
        return path

    def get(self, name: str) -> DocxTemplate:
        if name not in self._compiled:
            self._compiled[name] = DocxTemplate.from_path(self.path(name), self.prepared)
        return self._compiled[name]

    def sha256(self, name: str) -> str:
        """The template file's SHA-256, without preparing the template."""
        if name not in self._digests:
            self._digests[name] = (self._compiled[name].sha256 if name in self._compiled
                                   else hashlib.sha256(self.path(name).read_bytes()).hexdigest())
        return self._digests[name]


def export_defaults(target: Path) -> list[Path]:
    """Copy the default templates into `target` for editing; never overwrites a file."""
    target.mkdir(parents=True, exist_ok=True)
    copied = []
    for name in default_names():
        destination = target / name
        if destination.exists():
            continue
        shutil.copyfile(default_folder() / name, destination)
        copied.append(destination)
    return copied
