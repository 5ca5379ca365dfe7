"""The committed default templates are exactly what templates/builder makes.

The builder runs in a process of its own, as it does for a developer: python-docx creates
core-property elements under the wrong namespace once openpyxl is loaded in the same process.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_builder_reproduces_the_committed_templates(tmp_path: Path):
    subprocess.run([sys.executable, "-m", "templates.builder"], cwd=ROOT, check=True,
                   env={**os.environ, "ZONEDOCS_TEMPLATES_OUT": str(tmp_path)},
                   capture_output=True)
    built = sorted(p.name for p in tmp_path.glob("*.docx"))
    assert built == sorted(p.name for p in (ROOT / "templates").glob("*.docx"))
    for name in built:
        assert (tmp_path / name).read_bytes() == (ROOT / "templates" / name).read_bytes(), (
            f"{name} differs: run `uv run python -m templates.builder` and commit the result")
