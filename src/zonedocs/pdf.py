"""PDF by LibreOffice: many documents per started process, a private profile, and the
project's font mapping, so Chinese faces are embedded and never a Japanese fallback."""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

BATCH = 200
INSTALL_HINT = ("Windows/macOS：从 LibreOffice 官网下载安装（装在默认位置即可）；"
                "Debian/Ubuntu/统信UOS/麒麟：sudo apt-get install libreoffice-writer-nogui，"
                "再运行 sudo bash scripts/install-fonts.sh 安装中文字体。")
FONT_HINT = ("未找到 Fandol 中文字体，PDF 中的仿宋、楷体、黑体、宋体将由其他字体代替。"
             "安装方法：sudo bash scripts/install-fonts.sh（见 README“字体”一节）。")
_PACKAGED = Path(__file__).resolve().parent / "_fonts"
_REPOSITORY = Path(__file__).resolve().parents[2] / "fonts"


class ConverterMissing(Exception):
    """LibreOffice is not installed."""


@dataclass
class Converted:
    source: Path
    target: Path
    data: bytes | None  # the PDF; None: LibreOffice could not convert the document


def find_soffice() -> str | None:
    """LibreOffice on the PATH, or where its installers put it on Windows and macOS."""
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    for candidate in _installed_locations():
        if candidate.is_file():
            return str(candidate)
    return None


def _installed_locations() -> list[Path]:
    places = [Path("/Applications/LibreOffice.app/Contents/MacOS/soffice")]
    for variable in ("ProgramFiles", "ProgramFiles(x86)", "ProgramW6432"):
        folder = os.environ.get(variable)
        if folder:
            places.append(Path(folder) / "LibreOffice" / "program" / "soffice.exe")
    return places


def converter_id() -> str:
    """Identifies the converter in output keys: a new LibreOffice means new PDFs."""
    path = find_soffice()
    if path is None:
        return "none"
    real = Path(path).resolve()
    return f"{real}:{real.stat().st_mtime_ns}"


def font_config(state: Path) -> Path:
    """A fontconfig file: the system's configuration plus zonedocs' mapping of font names."""
    mapping = next((folder / "zonedocs-fonts.conf" for folder in (_PACKAGED, _REPOSITORY)
                    if (folder / "zonedocs-fonts.conf").is_file()), None)
    state.mkdir(parents=True, exist_ok=True)
    path = state / "fonts.conf"
    include = f"<include ignore_missing=\"yes\">{mapping}</include>" if mapping else ""
    text = ('<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>'
            '<include ignore_missing="yes">/etc/fonts/fonts.conf</include>'
            f"{include}</fontconfig>\n")
    if not path.exists() or path.read_text(encoding="utf-8") != text:
        path.write_text(text, encoding="utf-8")
    return path


def fonts_ready(config: Path) -> bool:
    """Whether 仿宋_GB2312 resolves to Fandol under this configuration."""
    if shutil.which("fc-match") is None:
        return False
    result = subprocess.run(["fc-match", "-f", "%{family}", "仿宋_GB2312"], capture_output=True,
                            text=True, env={**os.environ, "FONTCONFIG_FILE": str(config)}, check=False)
    return "Fandol" in result.stdout


def convert(jobs: list[tuple[Path, Path]], state: Path) -> Iterator[Converted]:
    """Convert (source .docx, target .pdf) pairs, in batches; the caller writes the targets."""
    soffice = find_soffice()
    if soffice is None:
        raise ConverterMissing(INSTALL_HINT)
    config = font_config(state)
    profile = (state / "libreoffice-profile").resolve()
    environment = {**os.environ, "FONTCONFIG_FILE": str(config)}
    for start in range(0, len(jobs), BATCH):
        batch = jobs[start:start + BATCH]
        with tempfile.TemporaryDirectory(prefix="zonedocs-pdf-") as folder:
            staged = Path(folder)
            names = []
            for index, (source, _) in enumerate(batch):
                name = staged / f"{index:05d}.docx"
                shutil.copyfile(source, name)
                names.append(name)
            command = [soffice, "--headless", "--norestore", "--nologo", "--nodefault",
                       f"-env:UserInstallation={profile.as_uri()}", "--convert-to", "pdf",
                       "--outdir", str(staged / "pdf"), *map(str, names)]
            with contextlib.suppress(subprocess.TimeoutExpired):  # what finished is kept
                subprocess.run(command, capture_output=True, env=environment, check=False,
                               timeout=120 + 10 * len(batch))
            for name, (source, target) in zip(names, batch, strict=True):
                produced = staged / "pdf" / (name.stem + ".pdf")
                ok = produced.is_file() and produced.stat().st_size > 0
                yield Converted(source, target, produced.read_bytes() if ok else None)
