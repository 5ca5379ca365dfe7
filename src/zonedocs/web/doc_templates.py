"""The document templates as the page manages them: a changed template is checked before it is
used, the one it replaces is kept, and going back to the default keeps the changed one too."""

from __future__ import annotations

import os
import shutil
import tempfile
import zipfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from ..problems import UsageError
from ..template_check import Finding, check_folder
from ..templates import default_folder, default_names
from .workspace import Workspace

SET_ASIDE = "已替换"
MAX_TEMPLATE = 20 << 20  # a template with a logo is a few hundred KB


@dataclass(frozen=True)
class TemplateInfo:
    name: str
    custom: bool
    size: int

    def as_json(self) -> dict[str, object]:
        return {"name": self.name, "custom": self.custom, "size": self.size}


def listing(ws: Workspace) -> list[TemplateInfo]:
    return [TemplateInfo(name, (ws.templates / name).is_file(), current(ws, name).stat().st_size)
            for name in default_names()]


def current(ws: Workspace, name: str) -> Path:
    if name not in default_names():
        raise UsageError(f"没有叫“{name}”的模板。可用：" + "、".join(default_names()))
    custom = ws.templates / name
    return custom if custom.is_file() else default_folder() / name


def install(ws: Workspace, upload: Path, filename: str) -> Finding:
    """Check the uploaded template under its own name and, if it passes, use it from now on."""
    name = Path(filename.replace("\\", "/")).name
    if name not in default_names():
        raise UsageError(f"“{name}”不是 zonedocs 的模板文件名：请保持下载时的文件名。"
                         "可用：" + "、".join(default_names()))
    if upload.stat().st_size > MAX_TEMPLATE:
        raise UsageError(f"{name} 超过 {MAX_TEMPLATE >> 20} MB，不像是一个模板：请检查其中的图片。")
    if not zipfile.is_zipfile(upload):
        raise UsageError(f"{name} 不是有效的 Word 文档（.docx）：请在 Word 或 WPS 中另存为 .docx 后再上传。")
    with tempfile.TemporaryDirectory(prefix="zonedocs-template-") as folder:
        trial = Path(folder) / name
        shutil.copyfile(upload, trial)
        finding = check_folder(Path(folder))[0]
    if finding.ok:
        _set_aside(ws, name)
        ws.templates.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(upload, ws.templates / (name + ".part"))
        os.replace(ws.templates / (name + ".part"), ws.templates / name)
    return finding


def reset(ws: Workspace, name: str) -> bool:
    """Back to the default template; the changed one is kept under 模板/已替换/."""
    current(ws, name)
    return _set_aside(ws, name)


def write_zip(ws: Workspace, target: Path) -> None:
    with zipfile.ZipFile(target, "w", zipfile.ZIP_STORED) as archive:
        for info in listing(ws):
            archive.write(current(ws, info.name), info.name)


def _set_aside(ws: Workspace, name: str) -> bool:
    custom = ws.templates / name
    if not custom.is_file():
        return False
    folder = ws.templates / SET_ASIDE
    folder.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    target, n = folder / f"{stamp}-{name}", 1
    while target.exists():
        n += 1
        target = folder / f"{stamp}-{n}-{name}"
    os.replace(custom, target)
    return True
