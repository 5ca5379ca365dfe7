from __future__ import annotations

import copy
from collections.abc import Callable
from pathlib import Path

import pytest

from zonedocs.samples.company import sample_data, write_sample
from zonedocs.workbook import check
from zonedocs.workbook.writer import write_workbook

ROOT = Path(__file__).resolve().parents[1]
_SAMPLE = sample_data()


@pytest.fixture
def sample_rows() -> dict:
    """A fresh deep copy of the sample workbook's rows, to change in a test."""
    return copy.deepcopy(_SAMPLE)


@pytest.fixture
def sample_workbook(tmp_path: Path) -> Path:
    return write_sample(tmp_path / "inputs")


@pytest.fixture
def workbook_from(tmp_path: Path) -> Callable[[dict], Path]:
    def make(rows: dict, name: str = "主台账.xlsx") -> Path:
        path = tmp_path / name
        write_workbook(path, rows)
        return path

    return make


@pytest.fixture
def problems_of(workbook_from):
    """Write rows to a workbook and return the problems `check` finds."""

    def run(rows: dict):
        _, problems = check(workbook_from(rows))
        return problems

    return run


def find(problems, level: str, sheet: str, row: int | None, column: str | None, text: str):
    """The one problem matching every given field; fails listing all problems otherwise."""
    hits = [p for p in problems if p.level == level and p.sheet == sheet
            and (row is None or p.row == row) and (column is None or p.column == column)
            and text in str(p)]
    assert hits, f"no {level} at {sheet}/{row}/{column} with {text!r} in:\n" + "\n".join(
        str(p) for p in problems)
    return hits[0]


@pytest.fixture(scope="session")
def built(tmp_path_factory) -> Path:
    """The sample company built once into a folder; tests read it, never change it."""
    from zonedocs.build import Options, build

    root = tmp_path_factory.mktemp("built")
    workbook = write_sample(root / "inputs")
    build(workbook, Options(out=root / "out", jobs=1))
    return root / "out" / "2026"


def docx_text(path: Path) -> str:
    """All visible text of a .docx: paragraphs, tables (nested), headers and footers."""
    import docx

    document = docx.Document(str(path))
    parts: list[str] = []

    def walk(container) -> None:
        for paragraph in container.paragraphs:
            parts.append(paragraph.text)
        for table in container.tables:
            for row in table.rows:
                for cell in row.cells:
                    walk(cell)

    walk(document)
    for section in document.sections:
        walk(section.footer)
    return "\n".join(parts)
