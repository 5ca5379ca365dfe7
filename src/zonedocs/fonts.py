"""The faces PDFs are set in: what each Word font name of the templates resolves to under the
project's fontconfig mapping, and installing the open Fandol faces for the user alone.

With Fandol, 仿宋/楷体/黑体/宋体 get faces of their own kind; without it, every name maps to
Noto Serif/Sans CJK SC (simplified-Chinese glyphs, never the Japanese forms). On Windows and
macOS LibreOffice uses the system's own Chinese fonts and fontconfig plays no part.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from .problems import UsageError

WORD_FONTS = ("方正小标宋简体", "仿宋_GB2312", "楷体_GB2312", "黑体", "宋体")  # as templates name them
FANDOL_PACKAGE = "texlive-lang-chinese"
FANDOL_FILES = ("FandolFang-Regular.otf", "FandolKai-Regular.otf", "FandolHei-Regular.otf",
                "FandolHei-Bold.otf", "FandolSong-Regular.otf", "FandolSong-Bold.otf")
MISSING_HINT = ("未找到 Fandol 字体：PDF 中的仿宋、楷体、黑体、宋体将一律用思源（Noto CJK SC）字体代替，"
                "字形正确但不是公文常用的仿宋。运行 zonedocs fonts --install 安装（不需要管理员权限）。")
_PACKAGED = Path(__file__).resolve().parent / "_fonts"
_REPOSITORY = Path(__file__).resolve().parents[2] / "fonts"


@dataclass(frozen=True)
class Resolved:
    name: str  # the Word font name
    family: str  # the face fontconfig gives it
    style: str

    @property
    def fandol(self) -> bool:
        return self.family.startswith("Fandol")

    @property
    def simplified(self) -> bool:
        """Simplified-Chinese glyphs: Fandol, or a CJK face's SC variant."""
        return self.fandol or self.family.endswith(" SC")


def mapping() -> Path | None:
    return next((folder / "zonedocs-fonts.conf" for folder in (_PACKAGED, _REPOSITORY)
                 if (folder / "zonedocs-fonts.conf").is_file()), None)


def font_config(state: Path, extra: str = "") -> Path:
    """A fontconfig file in `state`: the system's configuration, the user's own fonts and
    zonedocs' mapping of the Word font names (`extra`: more configuration, for tests)."""
    found = mapping()
    state.mkdir(parents=True, exist_ok=True)
    path = state / "fonts.conf"
    include = f'<include ignore_missing="yes">{found}</include>' if found else ""
    text = ('<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>'
            '<include ignore_missing="yes">/etc/fonts/fonts.conf</include>'
            f"{include}{extra}</fontconfig>\n")
    if not path.exists() or path.read_text(encoding="utf-8") != text:
        path.write_text(text, encoding="utf-8")
    return path


def resolve(config: Path) -> list[Resolved] | None:
    """What each Word font name resolves to; None where fontconfig is not installed."""
    if shutil.which("fc-match") is None:
        return None
    environment = {**os.environ, "FONTCONFIG_FILE": str(config)}
    resolved = []
    for name in WORD_FONTS:
        result = subprocess.run(["fc-match", "-f", "%{family[0]}|%{style[0]}", name],
                                capture_output=True, text=True, encoding="utf-8", env=environment,
                                check=False)
        family, _, style = result.stdout.strip().partition("|")
        resolved.append(Resolved(name, family, style))
    return resolved


def fonts_ready(config: Path) -> bool:
    """Whether every Word font name resolves to a Fandol face."""
    resolved = resolve(config)
    return resolved is not None and all(r.fandol for r in resolved)


def user_font_folder() -> Path:
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "fonts" / "zonedocs"


def install_fandol(target: Path | None = None) -> list[Path]:
    """Put the Fandol faces into the user's own font folder (no administrator needed), taken
    out of Debian's texlive-lang-chinese package without installing TeX."""
    target = target or user_font_folder()
    if shutil.which("apt-get") is None or shutil.which("dpkg-deb") is None:
        raise UsageError("这台电脑没有 apt-get（不是 Debian/统信UOS/麒麟一类的系统），"
                         "无法自动安装 Fandol 字体。"
                         "Windows 和 macOS 上 LibreOffice 直接使用系统自带的中文字体，不需要安装。")
    with tempfile.TemporaryDirectory(prefix="zonedocs-fonts-") as folder:
        work = Path(folder)
        download = subprocess.run(["apt-get", "download", FANDOL_PACKAGE], cwd=work,
                                  capture_output=True, text=True, check=False)
        packages = list(work.glob(f"{FANDOL_PACKAGE}_*.deb"))
        if download.returncode != 0 or not packages:
            raise UsageError(f"下载 {FANDOL_PACKAGE} 失败（{download.stderr.strip()[-200:]}）。"
                             "请确认能连上软件源，必要时先运行 sudo apt-get update。")
        subprocess.run(["dpkg-deb", "-x", str(packages[0]), str(work / "x")], check=True,
                       capture_output=True)
        found = {p.name: p for p in (work / "x").rglob("Fandol*.otf")}
        target.mkdir(parents=True, exist_ok=True)
        installed = []
        for name in FANDOL_FILES:
            if name in found:
                shutil.copyfile(found[name], target / name)
                installed.append(target / name)
    if shutil.which("fc-cache"):
        subprocess.run(["fc-cache", "-f", str(target)], capture_output=True, check=False)
    return installed
