"""LibreOffice's private profiles are told a later version has run with them, so that it does
not run its graphics self-tests at every start (they cost more than converting a table)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from zonedocs import pdf

needs_libreoffice = pytest.mark.skipif(shutil.which("soffice") is None,
                                       reason="LibreOffice is not installed")
ITEMS = ('<?xml version="1.0" encoding="UTF-8"?>\n<oor:items xmlns:oor="http://openoffice.org/2001/registry">\n'
         '<item oor:path="/org.openoffice.Office.Common/Misc"><prop oor:name="FirstRun" oor:op="fuse">'
         "<value>false</value></prop></item>\n</oor:items>\n")


def test_a_new_profile_starts_with_the_version_recorded(tmp_path):
    pdf._settled(tmp_path / "profile")
    text = (tmp_path / "profile" / pdf.SETTINGS).read_text(encoding="utf-8")
    assert 'oor:name="ooSetupLastVersion"' in text and text.rstrip().endswith("</oor:items>")


def test_a_used_profile_keeps_its_settings_and_gains_the_version_once(tmp_path):
    settings = tmp_path / pdf.SETTINGS
    settings.parent.mkdir(parents=True)
    settings.write_text(ITEMS, encoding="utf-8")
    pdf._settled(tmp_path)
    once = settings.read_text(encoding="utf-8")
    assert 'oor:name="FirstRun"' in once and once.count("ooSetupLastVersion") == 1
    assert once.index("ooSetupLastVersion") < once.index("</oor:items>")
    pdf._settled(tmp_path)
    assert settings.read_text(encoding="utf-8") == once
    settings.write_text("not settings", encoding="utf-8")  # nothing it understands: left alone
    pdf._settled(tmp_path)
    assert settings.read_text(encoding="utf-8") == "not settings"


@needs_libreoffice
def test_libreoffice_converts_without_running_its_self_tests(built: Path, tmp_path):
    source = built / "实施意见.docx"
    results = list(pdf.convert([(source, tmp_path / "opinion.pdf")], tmp_path / "state"))
    assert results[0].data is not None and results[0].data.startswith(b"%PDF")
    profile = pdf._profile(tmp_path / "state", 0)
    assert (profile / pdf.SETTINGS).is_file()
    assert not (profile / "user" / "GraphicsRenderTests.log").exists()  # written when they run
