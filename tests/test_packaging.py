"""The wheel carries every default template and the font mapping (CI builds it, installs it
into a fresh environment and runs it; this checks the list it is built from)."""

from __future__ import annotations

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_the_wheel_lists_every_template_and_the_font_mapping():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    included = config["tool"]["hatch"]["build"]["targets"]["wheel"]["force-include"]
    templates = {f"templates/{p.name}" for p in (ROOT / "templates").glob("*.docx")}
    assert templates and templates <= included.keys()
    assert all(included[t] == "zonedocs/_templates/" + t.split("/")[1] for t in templates)
    assert included["fonts/zonedocs-fonts.conf"] == "zonedocs/_fonts/zonedocs-fonts.conf"
