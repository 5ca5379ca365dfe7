"""The committed default templates are exactly what templates/builder makes."""

from __future__ import annotations

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
        assert (tmp_path / name).read_bytes() == (ROOT / "templates" / name).read_bytes(), (
            f"{name} differs: run `uv run python -m templates.builder` and commit the result")
