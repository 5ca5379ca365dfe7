"""Faults and ambiguous input end in a Chinese message and a consistent state."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from zonedocs.build import Options, build
from zonedocs.build.manifest import Manifest
from zonedocs.cli import main
from zonedocs.workbook import check


def run(*args: object):
    return CliRunner().invoke(main, [str(a) for a in args])


def test_a_password_protected_workbook_is_named_as_such(tmp_path: Path):
    locked = tmp_path / "加密.xlsx"
    locked.write_bytes(bytes.fromhex("d0cf11e0a1b11ae1") + b"\0" * 512)  # what Excel writes
    result = run("check", locked)
    assert result.exit_code == 2 and "取消密码" in result.output and "损坏" not in result.output


def test_two_sheets_that_trim_to_one_name_are_refused(tmp_path: Path, sample_workbook: Path):
    book = openpyxl.load_workbook(sample_workbook)
    hidden = book.copy_worksheet(book["党员"])
    hidden.title = "党员 "
    hidden.sheet_state = "hidden"
    book.save(sample_workbook)
    result = run("check", sample_workbook)
    assert result.exit_code == 2 and "两张工作表都叫「党员」" in result.output


def test_a_repeated_header_is_an_error_naming_both_columns(sample_workbook: Path):
    book = openpyxl.load_workbook(sample_workbook)
    sheet = book["党员"]
    headers = [c.value for c in sheet[1]]
    sheet.cell(1, len(headers) + 1).value = "手机"  # a second, blank 手机 column at the end
    book.save(sample_workbook)
    _, problems = check(sample_workbook)
    repeated = [p for p in problems.errors if "表头重复" in p.message]
    assert len(repeated) == 1 and repeated[0].column == "手机" and repeated[0].row == 1
    assert f"第{headers.index('手机') + 1}列和第{len(headers) + 1}列" in repeated[0].message


def test_a_full_disk_when_saving_the_record_is_a_message(tmp_path, sample_workbook, monkeypatch):
    def full(self: Manifest) -> None:
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(Manifest, "save", full)
    result = run("build", sample_workbook, "-o", tmp_path / "out", "-j", "1")
    assert result.exit_code == 2, result.output
    assert "磁盘可能已满" in result.output and "内部错误" not in result.output


def test_init_sample_keeps_a_photo_the_user_put_there(tmp_path: Path):
    photo = tmp_path / "ws" / "inputs" / "照片" / "M101.png"
    photo.parent.mkdir(parents=True)
    photo.write_bytes(b"my own picture")
    assert run("init", tmp_path / "ws", "--sample").exit_code == 0
    assert photo.read_bytes() == b"my own picture"


def test_trash_folders_never_overwrite_within_one_second(tmp_path, sample_rows, workbook_from):
    out = tmp_path / "out"
    build(workbook_from(sample_rows), Options(out=out, jobs=1))
    card = next(out.glob("2026/B03-*/公示卡/M310-*.docx"))
    member = next(m for m in sample_rows["党员"] if m["党员编号"] == "M310")
    for _ in range(2):  # the same card retired twice, back to back
        member["状态"] = "转出"
        build(workbook_from(sample_rows), Options(out=out, jobs=1, only=frozenset({"card"})))
        member["状态"] = "正式党员"
        build(workbook_from(sample_rows), Options(out=out, jobs=1, only=frozenset({"card"})))
    kept = list((out / ".zonedocs" / "回收站").rglob(card.name))
    assert len(kept) == 2 and kept[0].read_bytes() and kept[1].read_bytes()
    assert len({p.relative_to(out / ".zonedocs" / "回收站").parts[0] for p in kept}) == 2


def _stray(workbook: Path, sheet: str, cell: str) -> None:
    book = openpyxl.load_workbook(workbook)
    book[sheet][cell] = "多余"
    book.save(workbook)


def test_a_stray_cell_in_the_instructions_costs_nothing(sample_workbook: Path):
    _stray(sample_workbook, "说明", "XFD1048576")
    result = run("check", sample_workbook)
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize("cell", ["XFD1048576", "AZ1048576", "ZZZ1"])
def test_a_stray_cell_far_from_the_table_is_dropped_and_named(sample_workbook: Path, cell: str):
    _stray(sample_workbook, "党员", cell)
    roster, problems = check(sample_workbook)
    assert not problems.errors and len(roster.members) == 45
    warning = next(p for p in problems.warnings if p.sheet == "党员" and p.value == cell)
    assert "远在表格之外" in warning.message
    result = run("build", sample_workbook, "-o", sample_workbook.parent / "out", "--only", "card")
    assert result.exit_code == 0, result.output


def test_a_sheet_genuinely_too_large_is_refused(tmp_path: Path, monkeypatch):
    from zonedocs.workbook import extent

    monkeypatch.setattr(extent, "MAX_CELLS", 100)  # as a sheet of tens of millions of cells
    from zonedocs.workbook import reader

    monkeypatch.setattr(reader, "MAX_CELLS", 100)
    path = tmp_path / "大.xlsx"
    book = openpyxl.Workbook()
    book.active.title = "党员"
    for row in range(1, 30):
        book.active.append([f"值{row}-{c}" for c in range(10)])
    book.save(path)
    result = run("check", path)
    assert result.exit_code == 2 and "远远超出表格本身" in result.output


def test_error_values_and_uncalculated_formulas_are_errors_naming_the_cell(sample_workbook: Path):
    book = openpyxl.load_workbook(sample_workbook)
    scores = book["季度评分"]
    headers = [c.value for c in scores[1]]
    column = headers.index("自评") + 1
    scores.cell(2, column).value = "=1/0"  # a formula openpyxl stores without its result
    error = scores.cell(3, column)
    error.value, error.data_type = "#DIV/0!", "e"
    phones = book["党员"]
    phone = phones.cell(4, [c.value for c in phones[1]].index("手机") + 1)
    phone.value, phone.data_type = "#REF!", "e"
    book.save(sample_workbook)
    _, problems = check(sample_workbook)
    found = {(p.sheet, p.row, p.column): p for p in problems.errors}
    assert "没有它的计算结果" in found[("季度评分", 2, "自评")].message
    assert found[("季度评分", 3, "自评")].value == "#DIV/0!"
    assert found[("党员", 4, "手机")].value == "#REF!"


def test_control_and_invisible_characters(sample_rows, workbook_from):
    members = sample_rows["党员"]
    members[0]["姓名"] = "韦平_x000B_"  # Excel's escape of a vertical tab pasted from Word
    members[1]["姓名"] = "张\u200b伟"  # a zero-width space: looks like 张伟
    members[2]["党员编号"] = "M\u202e103"
    _, problems = check(workbook_from(sample_rows))
    control = next(p for p in problems.errors if p.row == 2 and p.column == "姓名")
    assert "控制字符" in control.message and control.value == "韦平□"
    invisible = next(p for p in problems.warnings if p.row == 3 and p.column == "姓名")
    assert invisible.value == "张□伟"
    assert any(p.row == 4 and p.column == "党员编号" and "编号中含有看不见的字符" in p.message
               for p in problems.errors)


def test_minus_zero_is_zero(sample_rows, workbook_from):
    sample_rows["季度评分"][0]["加分"] = -0.0
    roster, problems = check(workbook_from(sample_rows))
    assert not problems.errors
    assert str(roster.scores[0].bonus) in ("0", "0.0")


@pytest.mark.parametrize("content", [b"just text", b"RIFF\0\0\0\0WEBPVP8 ", b"\xff\xd8\xff\xdb\0\0"])
def test_a_photo_that_is_no_usable_picture_is_a_warning_naming_the_row(sample_workbook: Path,
                                                                       content: bytes):
    (sample_workbook.parent / "照片" / "M101.png").write_bytes(content)
    roster, problems = check(sample_workbook)
    warning = next(p for p in problems.warnings if p.sheet == "党员" and p.column == "照片")
    assert warning.row == 2 and "PNG" in warning.message
    assert roster.members["M101"].photo is None
    result = run("build", sample_workbook, "-o", sample_workbook.parent / "out", "--only", "card")
    assert result.exit_code == 0, result.output


def test_an_integer_far_out_of_range_is_an_error(sample_rows, workbook_from):
    sample_rows["班组"][0]["职工人数"] = 1e308
    _, problems = check(workbook_from(sample_rows))
    assert any(p.sheet == "班组" and p.column == "职工人数" and "超出范围" in p.message
               for p in problems.errors)


def test_a_date_cell_holding_zero_shows_as_typed(sample_workbook: Path):
    book = openpyxl.load_workbook(sample_workbook)
    sheet = book["党员"]
    cell = sheet.cell(2, [c.value for c in sheet[1]].index("入党日期") + 1)
    cell.value, cell.number_format = 0, "yyyy-mm-dd"
    book.save(sample_workbook)
    _, problems = check(sample_workbook)
    wrong = next(p for p in problems.errors if p.row == 2 and p.column == "入党日期")
    assert wrong.value == "0" and "00:00" not in str(wrong)


def _started_build(tmp_path: Path) -> tuple[subprocess.Popen[bytes], Path, Path]:
    from zonedocs.samples.synthetic import synthetic_data
    from zonedocs.workbook.writer import write_workbook

    workbook = tmp_path / "big.xlsx"
    write_workbook(workbook, synthetic_data(1500, seed=7, quarters=1))
    out = tmp_path / "out"
    process = subprocess.Popen([sys.executable, "-m", "zonedocs", "build", str(workbook), "-o", str(out),
                                "-j", "2"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               start_new_session=True)
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline and len(list(out.rglob("*.docx"))) < 200:
        time.sleep(0.05)
    return process, workbook, out


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="POSIX signals")
def test_when_the_build_process_is_killed_its_workers_go_and_the_folder_is_free(tmp_path: Path):
    process, workbook, out = _started_build(tmp_path)
    os.kill(process.pid, signal.SIGKILL)  # the main process only, as a crash or the task manager
    process.wait()
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        result = run("build", workbook, "-o", out, "-j", "1", "--only", "card")
        if "另一个 zonedocs" not in result.output:
            break
        time.sleep(0.5)
    assert result.exit_code == 0, result.output


@pytest.mark.skipif(not hasattr(signal, "SIGINT") or sys.platform == "win32", reason="POSIX signals")
def test_ctrl_c_prints_only_the_chinese_line(tmp_path: Path):
    process, _, _ = _started_build(tmp_path)
    os.killpg(process.pid, signal.SIGINT)  # as a terminal sends Ctrl+C to the whole group
    _, stderr = process.communicate(timeout=60)
    text = stderr.decode("utf-8")
    assert "已中断" in text and "Traceback" not in text and "KeyboardInterrupt" not in text, text


def test_an_error_value_in_a_settings_sheet_names_the_item(sample_workbook: Path):
    book = openpyxl.load_workbook(sample_workbook)
    sheet = book["单位"]
    row = next(r for r in range(2, sheet.max_row + 1) if sheet.cell(r, 1).value == "年度")
    cell = sheet.cell(row, 2)
    cell.value, cell.data_type = "#VALUE!", "e"
    book.save(sample_workbook)
    _, problems = check(sample_workbook)
    assert any(p.sheet == "单位" and p.row == row and p.column == "内容（年度）" and "#VALUE!" in p.message
               for p in problems.errors)


def test_a_workbook_that_unpacks_to_gigabytes_is_refused(tmp_path: Path, monkeypatch):
    from zonedocs.workbook import reader

    monkeypatch.setattr(reader, "MAX_UNPACKED", 1000)  # as a zip bomb
    workbook = tmp_path / "炸弹.xlsx"
    openpyxl.Workbook().save(workbook)
    result = run("check", workbook)
    assert result.exit_code == 2 and "解压后有" in result.output


def test_click_path_problems_read_in_chinese(tmp_path: Path, sample_workbook: Path):
    folder = run("check", tmp_path)
    assert folder.exit_code == 2 and "是一个文件夹" in folder.output and "Error" not in folder.output
    a_file = tmp_path / "文件.txt"
    a_file.write_text("x")
    out = run("build", sample_workbook, "-o", a_file)
    assert out.exit_code == 2 and "是一个文件" in out.output and "Error" not in out.output


@pytest.mark.parametrize("cell, faulty", [
    (b'<c r="A2"><f>1/0</f><v></v></c>', True),
    (b'<c r="A2"><f t="shared" si="0"/></c>', True),
    (b'<x:c r="A2"><x:f>1/0</x:f></x:c>', True),
    (b'<x:c r="A2"><x:f t="shared" si="0"/></x:c>', True),
    (b'<c r="A2" t="e"><v>#REF!</v></c>', True),
    (b'<c r="A2" t="inlineStr"><is><t>proof of life&gt;</t></is></c>', False),  # f, f&gt; in text
    (b'<c r="A2" t="inlineStr"><is><t>chief of staff</t></is></c>', False),
])
def test_a_quick_look_finds_every_formula_and_error_mark(cell: bytes, faulty: bool):
    from zonedocs.workbook.extent import _faults, _may_have_faults

    xml = b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">' \
          b'<sheetData><row r="2">' + cell + b"</row></sheetData></worksheet>"
    assert _may_have_faults(xml) is faulty
    assert bool(_faults(xml)) is faulty
