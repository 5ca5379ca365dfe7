"""The committed default templates are exactly what templates/builder makes."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from templates.builder import base
from templates.builder.__main__ import BUILDERS

ROOT = Path(__file__).resolve().parents[1]


def test_builder_reproduces_the_committed_templates(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(base, "TEMPLATES", tmp_path)
    for build in BUILDERS:
        build()
    built = sorted(p.name for p in tmp_path.glob("*.docx"))
    assert built == sorted(p.name for p in (ROOT / "templates").glob("*.docx"))
    for name in built:
        fresh, committed = zipfile.ZipFile(tmp_path / name), zipfile.ZipFile(ROOT / "templates" / name)
        assert fresh.namelist() == committed.namelist(), name
        for part in fresh.namelist():
            assert fresh.read(part) == committed.read(part), (
                f"{name}: {part} differs: run `uv run python -m templates.builder` and commit")
