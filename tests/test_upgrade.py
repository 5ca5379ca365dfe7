"""Exact regeneration across upgrades of zonedocs: an output's key covers the code that makes
its bytes, so an upgrade re-keys every output; the build then rewrites exactly the files whose
bytes change and re-records the others without touching them."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from zonedocs.build import Options, build, keys
from zonedocs.render import xlsx


@pytest.fixture
def built(tmp_path: Path, sample_workbook: Path) -> tuple[Path, Path, dict[str, int]]:
    out = tmp_path / "out"
    first = build(sample_workbook, Options(out=out, jobs=1))
    assert len(first.written) == 158
    stamps = {str(p.relative_to(out)): p.stat().st_mtime_ns for p in out.rglob("*.docx")}
    return sample_workbook, out, stamps


def test_an_upgrade_that_changes_no_bytes_rewrites_nothing(built, monkeypatch):
    workbook, out, stamps = built
    monkeypatch.setattr(keys, "rendering_code", lambda: "the next version")
    report = build(workbook, Options(out=out, jobs=1))
    assert report.written == []
    assert len(report.adopted) == 158  # found identical, recorded under the new keys
    assert stamps == {str(p.relative_to(out)): p.stat().st_mtime_ns for p in out.rglob("*.docx")}
    again = build(workbook, Options(out=out, jobs=1))
    assert again.written == [] and again.adopted == [] and len(again.unchanged) == 158


def test_an_upgrade_that_changes_some_bytes_rewrites_exactly_those(built, monkeypatch):
    workbook, out, _ = built
    before = (out / "2026" / "考核汇总.xlsx").read_bytes()
    monkeypatch.setattr(keys, "rendering_code", lambda: "a version with a new header colour")
    monkeypatch.setattr(xlsx, "HEADER_FILL", "1F4E79")
    report = build(workbook, Options(out=out, jobs=1))
    assert [path for path, _ in report.written] == ["2026/考核汇总.xlsx"]
    assert dict(report.written)["2026/考核汇总.xlsx"] == "程序版本更新"
    assert len(report.adopted) == 157
    assert (out / "2026" / "考核汇总.xlsx").read_bytes() != before


def test_the_rendering_code_digest_follows_the_render_sources(tmp_path: Path, monkeypatch):
    package = Path(keys.__file__).resolve().parents[1]
    copy = tmp_path / "zonedocs"
    shutil.copytree(package / "render", copy / "render")
    shutil.copytree(package / "build", copy / "build")
    monkeypatch.setattr(keys, "_PACKAGE", copy)
    before = keys.rendering_code.__wrapped__()
    assert before == keys.rendering_code()  # the copy holds the same sources
    with (copy / "render" / "zipwriter.py").open("a", encoding="utf-8") as source:
        source.write("\n# a change that could change bytes\n")
    assert keys.rendering_code.__wrapped__() != before


def test_a_manifest_of_the_previous_format_is_replaced_and_nothing_rewritten(built):
    """Version 3's manifest kept the field digests in the outputs table: it is read as no
    record, every file is found already right and adopted, and the record is written anew in
    the current format."""
    import sqlite3

    from zonedocs.build import manifest

    workbook, out, stamps = built
    path = out / manifest.STATE_DIR / manifest.FILE
    with sqlite3.connect(path) as db:
        db.execute("DROP TABLE outputs")
        db.execute("DROP TABLE fields")
        db.execute("CREATE TABLE outputs (path TEXT PRIMARY KEY, key, sha256, size, mtime_ns, kind,"
                   " branch, subject, template, pages, fields BLOB)")
        db.execute("UPDATE meta SET value = 3 WHERE name = 'format'")
    again = build(workbook, Options(out=out, jobs=1))
    assert again.written == [] and len(again.adopted) == 158
    assert stamps == {str(p.relative_to(out)): p.stat().st_mtime_ns for p in out.rglob("*.docx")}
    with sqlite3.connect(path) as db:
        assert db.execute("SELECT value FROM meta WHERE name = 'format'").fetchone()[0] == 4
        assert db.execute("SELECT COUNT(*) FROM outputs WHERE pages > 0").fetchone()[0] > 100
        assert db.execute("SELECT COUNT(*) FROM fields").fetchone()[0] == 158
        assert db.execute("SELECT COUNT(*) FROM plans").fetchone()[0] > 3
    assert build(workbook, Options(out=out, jobs=1)).written == []
