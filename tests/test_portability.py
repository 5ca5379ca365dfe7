"""What can be proven on Linux of running on Windows and macOS: names every file system takes,
a spawn-started pool with no fcntl giving the very same files, files that cannot be replaced
(open in Word) or renamed, worker errors told as in one process, a legacy-code-page console."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from zonedocs.build import Options, build
from zonedocs.build import outputdir as outputdir_module
from zonedocs.cli import main
from zonedocs.filenames import FILE_CHARS, MAX_BYTES, named, safe_name
from zonedocs.workbook import check

FORBIDDEN = set('<>:"/\\|?*') | {chr(c) for c in range(32)}
RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(1, 10)),
            *(f"LPT{i}" for i in range(1, 10))}
TRASH_AND_MARK = len(".zonedocs/回收站/20261123-093600-99/") + len("（手工修改99）")


def files_of(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*")
            if p.is_file() and ".zonedocs" not in p.parts}


@pytest.mark.parametrize("text", [
    "CON", "con", "con.docx", "LPT9.txt", "NUL ", "AuX.", "COM1-张伟", "名字。.", "尾部空格   ",
    "a<b>c:d\"e/f\\g|h?i*j", "制表\t换行\n回车\r", "\x7f删除", "..", ".隐藏", "长" * 300,
    "\U00020000" * 100, "é" * 200, "",
])
def test_a_safe_name_is_taken_by_every_file_system(text: str):
    name = safe_name(text)
    assert name and not (set(name) & FORBIDDEN)
    assert name.split(".")[0].rstrip(" ").upper() not in RESERVED
    assert not name.endswith((".", " ")) and not name.startswith(".")
    assert len(name) <= FILE_CHARS and len(name.encode("utf-8")) <= MAX_BYTES


def test_a_long_name_is_shortened_and_its_id_kept():
    assert named("M10001", "欧阳" * 40).startswith("M10001-欧阳")
    assert len(named("M10001", "欧阳" * 40)) == FILE_CHARS
    assert named("Z" + "9" * 60, "名称").startswith("Z" + "9" * 23)


def test_every_path_stays_short_with_long_names(tmp_path: Path, sample_rows, workbook_from):
    sample_rows["支部"][0]["支部名称"] = "中国共产党滨江公共交通集团有限公司第一运营分公司" * 4 + "党支部"
    member = sample_rows["党员"][0]
    member["姓名"] = "欧阳" * 30
    zone = sample_rows["责任区"][0]
    zone["责任区名称"] = "第一运营分公司所辖全部线路场站和车辆的综合责任区" * 4
    out = tmp_path / "out"
    build(workbook_from(sample_rows), Options(out=out, jobs=1))
    longest = max(len(path) for path in files_of(out))
    assert longest + TRASH_AND_MARK <= 160, longest


@pytest.mark.parametrize(("first", "second"), [("M1/1", "M1:1"), ("m101", "M101"), ("M1?", "M1*")])
def test_ids_whose_files_would_share_a_name_are_refused(sample_rows, workbook_from, first, second):
    members = sample_rows["党员"]
    members[0]["党员编号"], members[1]["党员编号"] = first, second
    for table in ("联系人", "承诺", "季度评分", "责任区"):
        for row in sample_rows[table]:
            for column in ("党员编号", "责任党员"):
                if row.get(column) == "M101":
                    row[column] = first
                elif row.get(column) == "M102":
                    row[column] = second
    _, problems = check(workbook_from(sample_rows))
    clash = [p for p in problems.errors if "文件名会相同" in p.message]
    assert len(clash) == 1 and clash[0].sheet == "党员" and clash[0].row == 3
    assert first in clash[0].message and clash[0].value == second


def test_spawned_workers_without_fcntl_make_the_same_files(tmp_path: Path, sample_workbook: Path):
    script = (
        "import sys; sys.modules['fcntl'] = None\n"  # as on Windows: no fcntl to import
        "from zonedocs.build import workers, Options, build\n"
        "workers.START_METHOD = 'spawn'\n"
        f"report = build(__import__('pathlib').Path({str(sample_workbook)!r}),"
        f" Options(out=__import__('pathlib').Path({str(tmp_path / 'spawned')!r}), jobs=2))\n"
        "assert sys.modules['fcntl'] is None and len(report.written) == 158\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                            encoding="utf-8", timeout=300, check=False)
    assert result.returncode == 0, result.stderr
    build(sample_workbook, Options(out=tmp_path / "ordinary", jobs=1))
    spawned, ordinary = files_of(tmp_path / "spawned"), files_of(tmp_path / "ordinary")
    assert spawned.keys() == ordinary.keys() and spawned == ordinary


def _card(out: Path) -> Path:
    return next(out.glob("2026/B01-*/公示卡/M104-*.docx"))


def _change_phone(rows: dict, workbook_from) -> Path:
    next(m for m in rows["党员"] if m["党员编号"] == "M104")["手机"] = "13912345678"
    return workbook_from(rows)


def test_a_card_open_in_word_is_named_and_made_next_time(tmp_path, sample_rows, workbook_from,
                                                         monkeypatch):
    out = tmp_path / "out"
    build(workbook_from(sample_rows), Options(out=out, jobs=1))
    card = _card(out)
    before = card.read_bytes()
    workbook = _change_phone(sample_rows, workbook_from)
    real_replace = os.replace

    def locked(source: object, target: object) -> None:
        if Path(str(target)) == card:
            raise PermissionError(13, "The process cannot access the file", str(target))
        real_replace(source, target)  # type: ignore[arg-type]

    monkeypatch.setattr(outputdir_module.os, "replace", locked)
    result = CliRunner().invoke(main, ["build", str(workbook), "-o", str(out), "-j", "1"])
    assert result.exit_code == 2, result.output
    assert "未能写入" in result.output and card.name in result.output
    assert "请在 Word/WPS 中关闭后重新运行" in result.output
    assert card.read_bytes() == before
    assert not [p for p in out.rglob("*") if ".zonedocs-tmp-" in p.name]
    signs = [p for p in out.rglob("标志牌/*.docx")]
    assert signs and "Traceback" not in result.output
    monkeypatch.setattr(outputdir_module.os, "replace", real_replace)
    again = build(workbook, Options(out=out, jobs=1))
    assert [path for path, _ in again.written] == [card.relative_to(out).as_posix()]
    fresh = tmp_path / "fresh"
    build(workbook, Options(out=fresh, jobs=1))
    assert files_of(out) == files_of(fresh)


def test_an_edited_card_that_cannot_be_moved_aside_is_left_alone(tmp_path, sample_rows,
                                                                workbook_from, monkeypatch):
    out = tmp_path / "out"
    build(workbook_from(sample_rows), Options(out=out, jobs=1))
    card = _card(out)
    card.write_bytes(card.read_bytes() + b"\0")  # edited by a person
    edited = card.read_bytes()
    workbook = _change_phone(sample_rows, workbook_from)
    real_rename = Path.rename

    def locked(self: Path, target: object) -> Path:
        if self == card:
            raise PermissionError(13, "The process cannot access the file", str(self))
        return real_rename(self, target)  # type: ignore[arg-type]

    monkeypatch.setattr(Path, "rename", locked)
    report = build(workbook, Options(out=out, jobs=1))
    assert [path for path, _ in report.blocked] == [card.relative_to(out).as_posix()]
    assert card.read_bytes() == edited and report.exit_code == 2
    assert not list(card.parent.glob("*手工修改*"))


def test_a_folder_where_a_file_goes_is_named(tmp_path, sample_rows, workbook_from):
    out = tmp_path / "out"
    workbook = workbook_from(sample_rows)
    build(workbook, Options(out=out, jobs=1))
    card = _card(out)
    card.unlink()
    card.mkdir()
    report = build(workbook, Options(out=out, jobs=1))
    message = "这个位置是一个文件夹，请把它移走后重新运行"
    assert report.blocked == [(card.relative_to(out).as_posix(), message)]
    card.rmdir()
    assert [p for p, _ in build(workbook, Options(out=out, jobs=1)).written] == [
        card.relative_to(out).as_posix()]


@pytest.mark.parametrize(("jobs", "start"), [("1", None), ("2", None), ("2", "spawn")])
def test_a_template_the_sandbox_stops_gives_the_same_message_in_any_process(
        tmp_path, sample_workbook, monkeypatch, jobs, start):
    import docx

    from zonedocs.build import workers
    from zonedocs.templates import default_folder

    monkeypatch.setattr(workers, "START_METHOD", start)

    folder = tmp_path / "模板"
    folder.mkdir()
    document = docx.Document(str(default_folder() / "标志牌.docx"))
    document.add_paragraph("{{ ''.__class__ }}")
    document.save(str(folder / "标志牌.docx"))
    result = CliRunner().invoke(main, ["build", str(sample_workbook), "-o", str(tmp_path / "out"),
                                       "--templates", str(folder), "-j", jobs])
    assert result.exit_code == 2, result.output
    assert result.output.startswith("错误：模板 标志牌.docx：渲染出错")
    assert "内部错误" not in result.output and "Traceback" not in result.output


def test_a_console_on_a_legacy_code_page_gets_marks_not_a_crash(tmp_path: Path):
    environment = {**os.environ, "PYTHONIOENCODING": "cp1252"}
    result = subprocess.run([sys.executable, "-m", "zonedocs", "check", str(tmp_path / "无.xlsx")],
                            capture_output=True, env=environment, timeout=60, check=False)
    assert result.returncode == 2
    assert b"UnicodeEncodeError" not in result.stderr and b"?" in result.stderr


def test_paths_with_spaces_and_chinese(tmp_path: Path):
    folder = tmp_path / "my 工作 目录"
    runner = CliRunner()
    assert runner.invoke(main, ["init", str(folder), "--sample"]).exit_code == 0
    workbook = folder / "inputs" / "主台账 2026 副本.xlsx"
    (folder / "inputs" / "主台账.xlsx").rename(workbook)
    assert runner.invoke(main, ["check", str(workbook)]).exit_code == 0
    result = runner.invoke(main, ["build", str(workbook), "-o", str(folder / "输 出"), "--only", "card"])
    assert result.exit_code == 0, result.output
    assert len(list((folder / "输 出").rglob("*.docx"))) == 44  # 45 members, one 转出


def test_libreoffice_is_found_where_the_windows_installer_puts_it(tmp_path: Path, monkeypatch):
    from zonedocs import pdf

    soffice = tmp_path / "LibreOffice" / "program" / "soffice.exe"
    soffice.parent.mkdir(parents=True)
    soffice.write_bytes(b"")
    monkeypatch.setattr(pdf.shutil, "which", lambda name: None)
    monkeypatch.setenv("ProgramFiles", str(tmp_path))
    assert pdf.find_soffice() == str(soffice)
