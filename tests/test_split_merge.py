"""`zonedocs split` and `zonedocs merge`: branch workbooks out, each branch's changes back."""

from __future__ import annotations

import dataclasses
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from openpyxl import load_workbook
from openpyxl.workbook import Workbook

from zonedocs.cli import main
from zonedocs.pdf import find_soffice
from zonedocs.workbook import check


def run(*args: str | Path) -> Result:
    return CliRunner().invoke(main, [str(a) for a in args])


def content(workbook: Path) -> dict[str, Any]:
    """What the roster holds, without row numbers and with groups as sorted lists."""
    roster, problems = check(workbook)
    assert not problems.errors, [str(p) for p in problems.errors]

    def plain(record: Any) -> tuple:
        values = dataclasses.asdict(record)
        values.pop("row", None)
        return tuple(sorted((k, repr(v)) for k, v in values.items()))

    return {
        "members": sorted(plain(m) for m in roster.members.values()),
        "zones": sorted(plain(z) for z in roster.zones.values()),
        "teams": sorted(plain(t) for t in roster.teams.values()),
        "branches": sorted(plain(b) for b in roster.branches.values()),
        "roles": sorted(plain(r) for r in roster.roles),
        "contacts": sorted(plain(c) for c in roster.contacts),
        "pledges": sorted(plain(p) for p in roster.pledges),
        "scores": sorted(plain(s) for s in roster.scores),
    }


def edit(path: Path, change: Callable[[Workbook], None]) -> None:
    book = load_workbook(path)
    change(book)
    book.save(path)


def cell(book: Workbook, sheet: str, key: str, header: str) -> Any:
    """The cell of the row whose first column is `key`, in the column headed `header`."""
    ws = book[sheet]
    headers = [c.value for c in ws[1]]
    for row in ws.iter_rows(min_row=2):
        if row[0].value == key:
            return row[headers.index(header)]
    raise AssertionError(f"{sheet} has no row {key}")


def branch_edits(book: Workbook) -> None:
    """What a branch secretary of B01 does: a phone, a post, a new contact, a pledge dropped,
    a new member with a contact, a quarter's score."""
    cell(book, "党员", "M101", "手机").value = "13912345678"
    cell(book, "党员", "M104", "岗位").value = "线路长"
    book["联系人"].append(["M101", "新联系人", "群众", "", "13800000000", "每月"])
    pledges = book["承诺"]
    for row in pledges.iter_rows(min_row=2):
        if row[0].value == "M102":
            pledges.delete_rows(row[0].row)
            break
    book["党员"].append(["M199", "新党员", "女", "B01", "", "驾驶员", "", "2025-07-01", "13600000000",
                        "预备党员"])
    book["联系人"].append(["M199", "王大妈", "群众", "", "", "每月"])
    scores = book["季度评分"]
    headers = [c.value for c in scores[1]]
    for row in scores.iter_rows(min_row=2):
        if row[headers.index("党员编号")].value == "M103" and row[0].value in (2, "2", "第二季度"):
            row[headers.index("自评")].value = 77
            break


@pytest.fixture
def folder(sample_workbook: Path, tmp_path: Path) -> Path:
    result = run("split", sample_workbook, "-o", tmp_path / "支部")
    assert result.exit_code == 0, result.output
    return tmp_path / "支部"


def branch_file(folder: Path, branch: str) -> Path:
    return next(folder.glob(f"{branch}-*.xlsx"))


def test_split_writes_one_workbook_per_branch_with_only_its_rows(sample_workbook: Path,
                                                                 folder: Path) -> None:
    names = sorted(p.name for p in folder.iterdir())
    assert names == ["B01-第一运营分公司党支部.xlsx", "B02-第二运营分公司党支部.xlsx", "B03-机关党支部.xlsx"]
    roster, _ = check(sample_workbook)
    for path in folder.iterdir():
        branch = path.name[:3]
        mine, problems = check(path)
        assert not problems.errors, [str(p) for p in problems.errors]
        assert set(mine.branches) == {branch}
        assert {m.id for m in mine.members.values()} == \
            {m.id for m in roster.members.values() if m.branch_id == branch}
        assert {c.member_id for c in mine.contacts} <= set(mine.members)
        assert mine.company == roster.company  # company sheets travel for reference
        book = load_workbook(path)
        assert book["单位"].protection.sheet
        assert book["zonedocs拆分信息"].sheet_state == "veryHidden"


def test_split_never_overwrites_earlier_branch_workbooks(sample_workbook: Path, folder: Path) -> None:
    edit(branch_file(folder, "B01"), lambda b: setattr(cell(b, "党员", "M101", "岗位"), "value", "已填写"))
    before = branch_file(folder, "B01").read_bytes()
    again = run("split", sample_workbook, "-o", folder)
    assert again.exit_code == 2
    assert "为免覆盖" in again.output
    assert branch_file(folder, "B01").read_bytes() == before


def test_merge_equals_editing_the_master(sample_workbook: Path, folder: Path, tmp_path: Path) -> None:
    direct = sample_workbook.with_name("直接修改.xlsx")  # beside it: the same photos
    shutil.copy(sample_workbook, direct)
    edit(direct, branch_edits)
    edit(branch_file(folder, "B01"), branch_edits)

    (folder / "~$B01-第一运营分公司党支部.xlsx").write_bytes(b"lock")  # Excel has one open
    result = run("merge", sample_workbook, folder)
    assert result.exit_code == 0, result.output
    assert "党员 M101「手机」：17786987973 → 13912345678" in result.output
    assert "联系人 M199 新增：王大妈 群众 每月" in result.output
    assert "B02-第二运营分公司党支部.xlsx（支部 B02）：没有修改" in result.output
    assert content(sample_workbook) == content(direct)
    assert len(list(sample_workbook.parent.glob("主台账_备份_*.xlsx"))) == 1

    before = sample_workbook.read_bytes()
    again = run("merge", sample_workbook, branch_file(folder, "B01"))
    assert again.exit_code == 0
    assert "没有需要合并的修改" in again.output
    assert sample_workbook.read_bytes() == before


def test_a_corrected_file_sent_again_merges_as_a_change(sample_workbook: Path, folder: Path) -> None:
    path = branch_file(folder, "B01")
    edit(path, lambda b: setattr(cell(b, "党员", "M101", "手机"), "value", "13912345678"))
    assert run("merge", sample_workbook, path).exit_code == 0
    edit(path, lambda b: setattr(cell(b, "党员", "M101", "手机"), "value", "13912345679"))
    result = run("merge", sample_workbook, path)
    assert result.exit_code == 0, result.output
    assert "13912345678 → 13912345679" in result.output
    roster, _ = check(sample_workbook)
    assert roster.members["M101"].mobile == "13912345679"


def test_a_cell_changed_on_both_sides_is_a_conflict_and_the_master_keeps_its_value(
        sample_workbook: Path, folder: Path) -> None:
    edit(sample_workbook, lambda b: setattr(cell(b, "党员", "M101", "手机"), "value", "13511111111"))
    path = branch_file(folder, "B01")

    def both(book: Workbook) -> None:
        cell(book, "党员", "M101", "手机").value = "13922222222"
        cell(book, "党员", "M102", "岗位").value = "调度员"

    edit(path, both)
    result = run("merge", sample_workbook, path)
    assert result.exit_code == 1
    assert "✗ 党员 M101「手机」：主台账 13511111111，支部 13922222222" in result.output
    roster, _ = check(sample_workbook)
    assert roster.members["M101"].mobile == "13511111111"
    assert roster.members["M102"].post == "调度员"  # the rest is merged


def test_a_file_with_another_branchs_rows_or_a_changed_id_is_refused_whole(
        sample_workbook: Path, folder: Path) -> None:
    b02 = branch_file(folder, "B02")

    def moves(book: Workbook) -> None:
        cell(book, "党员", "M202", "所属支部").value = "B01"
        cell(book, "党员", "M203", "岗位").value = "调度员"

    edit(b02, moves)
    b03 = branch_file(folder, "B03")
    edit(b03, lambda b: setattr(cell(b, "班组", "T301", "班组编号"), "value", "T399"))
    before = sample_workbook.read_bytes()
    result = run("merge", sample_workbook, b02, b03)
    assert result.exit_code == 1
    assert "整本拒收" in result.output
    assert "党员 第3行：这一行属于支部 B01，不是本支部 B02 的" in result.output
    assert "班组 第2行：编号由 T301 改成了 T399" in result.output
    assert sample_workbook.read_bytes() == before  # nothing to merge: the master is untouched


def test_files_that_are_not_branch_workbooks_are_refused(sample_workbook: Path, tmp_path: Path) -> None:
    copy = tmp_path / "副本.xlsx"
    shutil.copy(sample_workbook, copy)
    junk = tmp_path / "坏文件.xlsx"
    junk.write_bytes(b"PK\x03\x04 broken")
    result = run("merge", sample_workbook, copy, junk, sample_workbook)
    assert result.exit_code == 1
    assert "副本.xlsx 不是 zonedocs split 拆分出的支部工作簿" in result.output
    assert "坏文件.xlsx" in result.output and "不是有效的 Excel 工作簿" in result.output
    assert "这是主台账本身" in result.output
    assert "Traceback" not in result.output


@pytest.mark.skipif(find_soffice() is None, reason="LibreOffice is not installed")
def test_a_branch_workbook_saved_by_another_office_suite_still_merges(sample_workbook: Path,
                                                                     folder: Path,
                                                                     tmp_path: Path) -> None:
    path = branch_file(folder, "B01")
    edit(path, lambda b: setattr(cell(b, "党员", "M101", "手机"), "value", "13912345678"))
    out = tmp_path / "另存"
    subprocess.run([str(find_soffice()), "--headless", f"-env:UserInstallation=file://{tmp_path}/lo",
                    "--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir", str(out), str(path)],
                   check=True, capture_output=True, timeout=120)
    saved = out / path.name
    if not saved.exists():
        pytest.skip("LibreOffice Calc is not installed (libreoffice-calc-nogui)")
    assert saved.read_bytes() != path.read_bytes()
    result = run("merge", sample_workbook, saved)
    assert result.exit_code == 0, result.output
    roster, _ = check(sample_workbook)
    assert roster.members["M101"].mobile == "13912345678"
