"""Header matching, blank rows, the 说明 sheet, and hostile files."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from zonedocs.cli import main
from zonedocs.problems import UsageError
from zonedocs.workbook import check, load_valid


def test_headers_trimmed_blank_rows_skipped_and_numbers_read_as_text(sample_workbook):
    book = openpyxl.load_workbook(sample_workbook)
    sheet = book["党员"]
    for cell in sheet[1]:
        cell.value = f" {cell.value}\u3000"
    sheet.insert_rows(3)  # a fully blank row between records
    sheet["A2"].value = 101.0  # an ID typed as a number
    book.save(sample_workbook)
    roster, problems = check(sample_workbook)
    assert "101" in roster.members
    assert not [p for p in problems.errors if p.sheet == "党员"]
    assert not [p for p in problems if "不认识的列" in str(p)]


def test_instructions_sheet_is_never_read(sample_workbook):
    book = openpyxl.load_workbook(sample_workbook)
    book["说明"]["A50"] = "随便写点什么"
    book.save(sample_workbook)
    _, problems = check(sample_workbook)
    assert not [p for p in problems if p.sheet == "说明"]


def test_unknown_sheet_is_noted(sample_workbook):
    book = openpyxl.load_workbook(sample_workbook)
    book.create_sheet("草稿")
    book.save(sample_workbook)
    _, problems = check(sample_workbook)
    assert any(p.sheet == "草稿" and "不认识的工作表" in str(p) for p in problems.warnings)


@pytest.mark.parametrize("content", [b"", b"not a workbook", b"PK\x03\x04truncated"])
def test_hostile_files_raise_usage_error(tmp_path: Path, content: bytes):
    path = tmp_path / "坏.xlsx"
    path.write_bytes(content)
    with pytest.raises(UsageError):
        load_valid(path)


def test_truncated_real_workbook(sample_workbook):
    data = sample_workbook.read_bytes()
    sample_workbook.write_bytes(data[: len(data) // 2])
    result = CliRunner().invoke(main, ["check", str(sample_workbook)])
    assert result.exit_code == 2
    assert "无法读取" in result.output
    assert "Traceback" not in result.output


@pytest.mark.parametrize(("args", "code", "text"), [
    (["check", "不存在.xlsx"], 2, "找不到主台账文件"),
    (["check", "--nope"], 2, "错误：没有这个选项：--nope。"),
    (["diff"], 2, "错误：缺少参数 '旧主台账.xlsx'。"),
    (["build", "-j", "x"], 2, "的值不对：“x”不是有效的整数。"),
    (["build", "--only"], 2, "选项 --only 后面要写一个值。"),
    (["check", "a.xlsx", "b.xlsx"], 2, "多出了参数：b.xlsx"),
    (["templates", "check", "不存在的文件夹"], 2, "文件夹“不存在的文件夹”不存在。"),
    (["nosuch"], 2, "没有这个命令：nosuch"),
])
def test_cli_usage_problems(args, code, text):
    result = CliRunner().invoke(main, args)
    assert result.exit_code == code
    assert text in result.output
    assert "Traceback" not in result.output
    assert not [english for english in ("Usage:", "Error:", "Try '", "Options:")
                if english in result.output]


def test_cli_check_reports_errors_with_exit_1(tmp_path, sample_rows):
    from zonedocs.workbook.writer import write_workbook

    sample_rows["党员"][10]["手机"] = "1381234"
    path = tmp_path / "a.xlsx"
    write_workbook(path, sample_rows)
    result = CliRunner().invoke(main, ["check", str(path)])
    assert result.exit_code == 1
    assert '党员 第12行 「手机」: "1381234" 不是11位手机号' in result.output


def test_cli_check_strict_fails_on_warnings(sample_workbook):
    runner = CliRunner()
    assert runner.invoke(main, ["check", str(sample_workbook)]).exit_code == 0
    strict = runner.invoke(main, ["check", "--strict", str(sample_workbook)])
    assert strict.exit_code == 1
    assert "缺项" in strict.output


def test_cli_check_json(sample_workbook):
    import json

    result = CliRunner().invoke(main, ["check", "--json", str(sample_workbook)])
    data = json.loads(result.output)
    assert data["ok"] is True
    assert data["problems"][0]["column"] == "群众评议"


def test_init_writes_blank_workbook_that_checks_without_crash(tmp_path):
    runner = CliRunner()
    result = runner.invoke(main, ["init", str(tmp_path / "ws")])
    assert result.exit_code == 0, result.output
    path = tmp_path / "ws" / "inputs" / "主台账.xlsx"
    book = openpyxl.load_workbook(path)
    assert book.sheetnames[0] == "说明"
    members = book["党员"]
    assert members.freeze_panes == "A2"
    validated = {str(v.sqref).split(":")[0][0] for v in members.data_validations.dataValidation}
    headers = [c.value for c in members[1]]
    assert {headers[ord(c) - 65] for c in validated} == {"性别", "状态"}
    zone_rules = [v.formula1 for v in book["责任区"].data_validations.dataValidation]
    assert '"片区,班组,岗位,区域"' in zone_rules
    checked = runner.invoke(main, ["check", str(path)])
    assert checked.exit_code == 1
    assert "单位 第2行 「内容（单位名称）」: 必填，不能为空" in checked.output
    assert "Traceback" not in checked.output
    again = runner.invoke(main, ["init", str(tmp_path / "ws")])
    assert again.exit_code == 2 and "已存在" in again.output


def test_generate_is_deterministic(tmp_path):
    from zonedocs.samples.synthetic import synthetic_data

    assert synthetic_data(50, seed=3) == synthetic_data(50, seed=3)
    assert synthetic_data(50, seed=3) != synthetic_data(50, seed=4)
    runner = CliRunner()
    target = tmp_path / "syn.xlsx"
    assert runner.invoke(main, ["generate", str(target), "-n", "230"]).exit_code == 0
    roster, problems = check(target)
    assert len(roster.members) == 230 and not problems.errors
    assert not problems.warnings
