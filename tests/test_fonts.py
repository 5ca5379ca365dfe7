"""Fonts for PDFs: without Fandol every Word font name maps to a simplified-Chinese face,
never a Japanese one; `zonedocs fonts` says what each name resolves to; `--install` puts the
Fandol faces into the user's own font folder, and builds use them."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from zonedocs import fonts, pdf
from zonedocs.cli import main

NO_FANDOL = "<selectfont><rejectfont><glob>*Fandol*</glob></rejectfont></selectfont>"
needs_fontconfig = pytest.mark.skipif(shutil.which("fc-match") is None,
                                      reason="fontconfig (fc-match) is not installed")


def _noto_installed() -> bool:
    if shutil.which("fc-list") is None:
        return False
    listing = subprocess.run(["fc-list", ":", "family"], capture_output=True, text=True).stdout
    return "Noto Serif CJK SC" in listing and "Noto Sans CJK SC" in listing


needs_noto = pytest.mark.skipif(not _noto_installed(), reason="fonts-noto-cjk is not installed")


@needs_fontconfig
@needs_noto
def test_without_fandol_every_name_maps_to_noto_sc(tmp_path: Path):
    resolved = fonts.resolve(fonts.font_config(tmp_path, NO_FANDOL))
    assert resolved is not None and [r.name for r in resolved] == list(fonts.WORD_FONTS)
    assert all(r.family in ("Noto Serif CJK SC", "Noto Sans CJK SC") for r in resolved), resolved
    assert next(r for r in resolved if r.name == "黑体").family == "Noto Sans CJK SC"
    assert next(r for r in resolved if r.name == "方正小标宋简体").style == "Bold"


def _glyph_rows(pdf_path: Path) -> list[bytes]:
    """Each line of text on the first page as a strip of grey pixels (pdftoppm, PGM)."""
    grey = subprocess.run(["pdftoppm", "-r", "50", "-gray", "-f", "1", "-l", "1", str(pdf_path)],
                          capture_output=True, check=True).stdout
    _, size, _, pixels = grey.split(b"\n", 3)
    width, height = (int(v) for v in size.split())
    rows = [pixels[y * width:(y + 1) * width] for y in range(height)]
    strips: list[list[bytes]] = []
    inked = False
    for row in rows:
        if min(row) < 128:
            if not inked:
                strips.append([])
            strips[-1].append(row)
        inked = min(row) < 128
    return [b"".join(strip) for strip in strips]


@needs_fontconfig
@needs_noto
@pytest.mark.skipif(pdf.find_soffice() is None or shutil.which("pdftoppm") is None,
                    reason="LibreOffice and poppler-utils are not installed")
def test_without_fandol_chinese_text_gets_chinese_glyph_forms(tmp_path: Path):
    """Noto CJK's collections share one set of glyphs named "…jp" and pick each language's forms
    by the text's language, so the faces' names prove nothing: compare the glyphs. 令直骨 are
    drawn differently in simplified Chinese and Japanese."""
    import docx
    from docx.oxml.ns import qn
    from docx.shared import Pt

    document = docx.Document()
    for language in ("zh-CN", "ja-JP", "zh-CN"):  # as the templates set it; Japanese; again
        text = document.add_paragraph().add_run("令直骨")
        text.font.size = Pt(48)
        properties = text._r.get_or_add_rPr()
        properties.get_or_add_rFonts().set(qn("w:eastAsia"), "仿宋_GB2312")
        properties.append(properties.makeelement(qn("w:lang"), {qn("w:eastAsia"): language}))
    document.save(str(tmp_path / "字形.docx"))
    config = fonts.font_config(tmp_path / "state", NO_FANDOL)
    converted = next(pdf.convert([(tmp_path / "字形.docx", tmp_path / "字形.pdf")],
                                 tmp_path / "state", config))
    assert converted.data is not None
    (tmp_path / "字形.pdf").write_bytes(converted.data)
    chinese, japanese, again = _glyph_rows(tmp_path / "字形.pdf")
    assert chinese == again  # the comparison is exact
    assert chinese != japanese  # and the Chinese line does not get the Japanese forms


@needs_fontconfig
def test_fonts_command_tells_each_name(monkeypatch):
    result = CliRunner().invoke(main, ["fonts"])
    assert result.exit_code in (0, 1)
    for name in fonts.WORD_FONTS:
        assert f"{name} → " in result.output
    monkeypatch.setattr(fonts, "resolve", lambda config: None)
    assert "Windows" in CliRunner().invoke(main, ["fonts"]).output


def test_fonts_command_when_a_name_has_no_chinese_face(monkeypatch):
    monkeypatch.setattr(fonts, "resolve", lambda config: [
        fonts.Resolved(name, "DejaVu Sans", "Book") for name in fonts.WORD_FONTS])
    result = CliRunner().invoke(main, ["fonts"])
    assert result.exit_code == 1 and "✗ 仿宋_GB2312 → DejaVu Sans" in result.output


def test_install_without_apt_says_why(monkeypatch):
    monkeypatch.setattr(fonts.shutil, "which", lambda name: None)
    result = CliRunner().invoke(main, ["fonts", "--install"])
    assert result.exit_code == 2 and "apt-get" in result.output and "Traceback" not in result.output


def _fandol_downloadable() -> bool:
    if shutil.which("apt-get") is None or shutil.which("apt-cache") is None:
        return False
    policy = subprocess.run(["apt-cache", "policy", fonts.FANDOL_PACKAGE], capture_output=True,
                            text=True).stdout
    candidate = next((line.split(":", 1)[1].strip() for line in policy.splitlines()
                      if line.strip().startswith("Candidate:")), "(none)")
    return candidate != "(none)"


@needs_fontconfig
@pytest.mark.skipif(not _fandol_downloadable(), reason="texlive-lang-chinese cannot be downloaded here")
def test_install_puts_fandol_in_the_users_folder_and_builds_use_it(tmp_path: Path, monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    result = CliRunner().invoke(main, ["fonts", "--install"])
    assert result.exit_code == 0, result.output
    folder = tmp_path / "data" / "fonts" / "zonedocs"
    assert sorted(p.name for p in folder.glob("*.otf")) == sorted(fonts.FANDOL_FILES)
    only_the_users = "<selectfont><rejectfont><glob>/usr/*</glob></rejectfont></selectfont>"
    resolved = fonts.resolve(fonts.font_config(tmp_path / "state", only_the_users))
    assert resolved is not None and all(r.fandol for r in resolved), resolved
