"""Sheets remembered between builds (workbook/sheetcache.py): a remembered sheet must read
exactly as reading it again, whatever changed around it — its own cells, the shared strings
Excel rewrites on every save, the styles that make a number a date, the date system — and a
file in the cache can make a sheet be read again, never run code."""

from __future__ import annotations

import pickle
import re
import zipfile
from pathlib import Path

import openpyxl
import pytest

from zonedocs.workbook import sheetcache
from zonedocs.workbook.reader import read_workbook
from zonedocs.workbook.sheetcache import SheetCache

_INLINE = re.compile(rb'<c\b([^>]*?)\st="inlineStr"([^>]*)><is><t(?:\s[^>]*)?>([^<]*)</t></is></c>')


def rewrite(path: Path, target: Path, change) -> Path:
    """A copy of the package with `change(name, data)` applied to each part."""
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for info in source.infolist():
            out.writestr(info.filename, change(info.filename, source.read(info)))
    return target


def with_shared_strings(path: Path, target: Path) -> Path:
    """The workbook as Excel saves it: every text in one table of shared strings, in order of
    first use, each cell pointing to its string by number."""
    strings: dict[bytes, int] = {}
    parts: dict[str, bytes] = {}
    with zipfile.ZipFile(path) as source:
        names = source.namelist()
        for name in names:
            data = source.read(name)
            if name.startswith("xl/worksheets/"):
                def shared(match: re.Match[bytes]) -> bytes:
                    index = strings.setdefault(match.group(3), len(strings))
                    return b'<c%s t="s"%s><v>%d</v></c>' % (match.group(1), match.group(2), index)
                data = _INLINE.sub(shared, data)
            parts[name] = data
    table = b"".join(b"<si><t xml:space=\"preserve\">%s</t></si>" % s for s in strings)
    parts["xl/sharedStrings.xml"] = (
        b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="%d" '
        b'uniqueCount="%d">%s</sst>' % (len(strings), len(strings), table))
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
        b"</Types>", b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
        b'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>')
    parts["xl/_rels/workbook.xml.rels"] = parts["xl/_rels/workbook.xml.rels"].replace(
        b"</Relationships>", b'<Relationship Id="rIdSST" Type="http://schemas.openxmlformats.org/'
        b'officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>')
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for name in [*names, "xl/sharedStrings.xml"]:
            out.writestr(name, parts[name])
    return target


class Counting(SheetCache):
    """A cache that tells which sheets it knew."""

    def __init__(self, folder: Path) -> None:
        super().__init__(folder)
        self.hits: list[str] = []

    def get(self, name: str, part: str):
        found = super().get(name, part)
        if found is not None:
            self.hits.append(name)
        return found


def read_twice(path: Path, folder: Path) -> tuple[dict, list[str]]:
    """The workbook read through the cache in `folder` (which then remembers it), asserted
    equal to reading it afresh; the sheets the cache knew."""
    cache = Counting(folder)
    remembered = read_workbook(path, cache)
    assert remembered == read_workbook(path)
    return remembered, cache.hits


def plant(folder: Path, marker: Path) -> bytes:
    """Every entry in the cache replaced by a pickle that would create `marker` if loaded."""

    class Payload:
        def __reduce__(self):
            return (Path.touch, (marker,))

    payload = pickle.dumps(Payload())
    for entry in folder.iterdir():
        entry.write_bytes(payload)
    return payload


@pytest.fixture
def excel_like(sample_workbook: Path, tmp_path: Path) -> Path:
    return with_shared_strings(sample_workbook, tmp_path / "shared.xlsx")


def test_unchanged_sheets_are_remembered_and_read_as_read_again(sample_workbook, tmp_path):
    folder = tmp_path / "cache"
    first, hits = read_twice(sample_workbook, folder)
    assert hits == []
    again, hits = read_twice(sample_workbook, folder)
    assert again == first and set(hits) == {s.written for s in first.values()}

    book = openpyxl.load_workbook(sample_workbook)  # openpyxl rewrites every part
    book["党员"]["B2"] = "改过的名字"
    book["季度评分"]["C2"] = 12.5
    book.save(sample_workbook)
    changed, _ = read_twice(sample_workbook, folder)
    assert changed["党员"].rows[0][1] == "改过的名字" and changed["季度评分"].rows[0][2] == 12.5
    _, hits = read_twice(sample_workbook, folder)
    assert "党员" in hits


def test_a_shared_string_changed_under_an_unchanged_sheet_is_read_again(excel_like, tmp_path):
    """Excel rewrites the shared strings when one text changes, the sheets pointing to them
    staying byte for byte: a sheet is known by the strings it points to, not the whole table."""
    folder = tmp_path / "cache"
    first, _ = read_twice(excel_like, folder)
    name = first["支部"].rows[0][1]
    assert name == "第一运营分公司党支部"
    elsewhere = [s.written for s in first.values()
                 if s.written != "支部" and any(name in map(str, row) for row in s.rows)]
    old, new = (b">" + t.encode("ascii", "xmlcharrefreplace") + b"</t>"
                for t in (name, "第一分公司党支部"))

    def renamed(part: str, data: bytes) -> bytes:
        assert part != "xl/sharedStrings.xml" or data.count(old) == 1
        return data.replace(old, new) if part == "xl/sharedStrings.xml" else data

    edited = rewrite(excel_like, tmp_path / "edited.xlsx", renamed)
    after, hits = read_twice(edited, folder)
    assert after["支部"].rows[0][1] == "第一分公司党支部"
    assert "支部" not in hits and not set(elsewhere) & set(hits)
    assert {"党员", "季度评分"} <= set(hits)  # they point to none of the changed strings


def test_styles_and_the_date_system_are_part_of_every_sheet(excel_like, tmp_path):
    folder = tmp_path / "cache"
    first, _ = read_twice(excel_like, folder)

    def general(part: str, data: bytes) -> bytes:  # the date format becomes General
        return data.replace(b'<xf numFmtId="164"', b'<xf numFmtId="0"') if part == "xl/styles.xml" else data

    plain = rewrite(excel_like, tmp_path / "plain.xlsx", general)
    numbers, hits = read_twice(plain, folder)
    assert numbers != first and hits == []

    def system(part: str, data: bytes) -> bytes:
        if part != "xl/workbook.xml":
            return data
        return data.replace(b"<workbookPr/>", b'<workbookPr date1904="1"/>')

    shifted = rewrite(excel_like, tmp_path / "1904.xlsx", system)
    assert read_twice(excel_like, folder)[0] == first  # remembered again (the cache keeps one read)
    dates, hits = read_twice(shifted, folder)
    assert dates != first and hits == []


def test_a_cache_file_that_would_run_code_is_only_a_miss(sample_workbook, tmp_path):
    folder = tmp_path / "cache"
    first, _ = read_twice(sample_workbook, folder)
    marker = tmp_path / "ran"
    payload = plant(folder, marker)
    again, hits = read_twice(sample_workbook, folder)
    assert hits == [] and again == first and not marker.exists()
    with pytest.raises(pickle.UnpicklingError):
        sheetcache._Unpickler(payload, sheetcache._DERIVED).load()


def test_a_cache_that_cannot_be_written_changes_nothing(sample_workbook, tmp_path):
    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    cache = SheetCache(blocked / "cache")
    assert read_workbook(sample_workbook, cache) == read_workbook(sample_workbook)
    dry = SheetCache(tmp_path / "dry", writable=False)
    read_workbook(sample_workbook, dry)
    assert not (tmp_path / "dry").exists()


def test_a_rebuild_reads_again_only_the_changed_sheet(sample_workbook, tmp_path, monkeypatch):
    from zonedocs.build import Options, build

    out = tmp_path / "out"
    build(sample_workbook, Options(out=out, jobs=1))
    book = openpyxl.load_workbook(sample_workbook)
    book["党员"]["B2"] = "改过的名字"
    book.save(sample_workbook)
    build(sample_workbook, Options(out=out, jobs=1))  # openpyxl rewrote every sheet
    book = openpyxl.load_workbook(sample_workbook)
    book["党员"]["B2"] = "又改了名字"
    book.save(sample_workbook)
    read: list[str] = []
    original = SheetCache.get

    def counted(self, name, part):
        found = original(self, name, part)
        if found is None:
            read.append(name)
        return found

    monkeypatch.setattr(SheetCache, "get", counted)
    report = build(sample_workbook, Options(out=out, jobs=1))
    assert read == ["党员"]
    assert any("公示卡" in path for path, _ in report.written)
    fresh = tmp_path / "fresh"
    build(sample_workbook, Options(out=fresh, jobs=1))
    for relative, _ in report.written:
        assert (out / relative).read_bytes() == (fresh / relative).read_bytes(), relative


class CountingDerived(SheetCache):
    """A cache that tells what it knew of what is made from sheets."""

    def __init__(self, folder: Path) -> None:
        super().__init__(folder)
        self.derived_hits = 0

    def derived(self, content: str, depends: str):
        found = super().derived(content, depends)
        self.derived_hits += found is not None
        return found


def load_twice(path: Path, folder: Path) -> int:
    """The workbook loaded through the cache in `folder`, asserted equal, problems and all,
    to loading it afresh; how many sheets' zones, scores, pledges and contacts the cache knew."""
    from zonedocs.workbook.loader import load

    cache = CountingDerived(folder)
    roster, problems = load(path, cache)
    fresh, fresh_problems = load(path)
    assert [str(p) for p in problems] == [str(p) for p in fresh_problems]
    for name in ("zones", "contacts", "pledges", "scores", "members", "roles"):
        assert getattr(roster, name) == getattr(fresh, name), name
    return cache.derived_hits


def test_what_is_made_of_a_sheet_follows_the_sheet_and_the_members_it_refers_to(
        sample_rows, workbook_from, tmp_path):
    """The zones, scores, pledges and contacts (and the problems found making them) are
    remembered with their sheets, and made again when a member they refer to comes or goes."""
    folder = tmp_path / "cache"
    workbook = workbook_from(sample_rows)
    assert load_twice(workbook, folder) == 0
    assert load_twice(workbook, folder) == 4

    sample_rows["党员"][0]["手机"] = "13900001234"  # the members sheet changes, not their IDs
    assert load_twice(workbook_from(sample_rows), folder) == 4

    gone = sample_rows["党员"].pop(0)["党员编号"]  # what refers to this member is now an error
    assert any(r["党员编号"] == gone for r in sample_rows["季度评分"])
    assert load_twice(workbook_from(sample_rows), folder) == 0
    assert load_twice(workbook_from(sample_rows), folder) == 4
    derived = [e for e in folder.iterdir() if "-" in e.name]
    assert len(derived) == 4  # the others, made for other members, are forgotten
    assert not any(b"zonedocs" in e.read_bytes() for e in derived)  # records kept as tuples

    sample_rows["季度评分"][0]["自评"] = 61  # a sheet's own change
    assert load_twice(workbook_from(sample_rows), folder) == 3

    task = sample_rows["任务"].pop()["任务编号"]  # zones that name no task have every task
    assert load_twice(workbook_from(sample_rows), folder) == 3, task

    marker = tmp_path / "ran"
    plant(folder, marker)
    assert load_twice(workbook_from(sample_rows), folder) == 0 and not marker.exists()
