"""Every command and option of the command line, through Click's CliRunner: each test
asserts what the option changes, so an option that stopped working fails here."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner, Result

from zonedocs import __version__
from zonedocs.cli import main

KINDS_OF_SAMPLE = 158  # documents the sample workbook calls for


def run(*args: str | Path) -> Result:
    return CliRunner().invoke(main, [str(a) for a in args])


@pytest.fixture
def workspace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A workspace made by `init --sample`, with the current folder set to it."""
    result = run("init", tmp_path / "ws", "--sample")
    assert result.exit_code == 0, result.output
    monkeypatch.chdir(tmp_path / "ws")
    return tmp_path / "ws"


def docx_files(folder: Path) -> set[str]:
    return {str(p.relative_to(folder)) for p in folder.rglob("*.docx")}


def test_version_and_help_are_chinese():
    assert run("--version").output.strip() == f"zonedocs {__version__}"
    top = run("--help")
    assert top.exit_code == 0 and "从一本主台账生成" in top.output
    for command in ("init", "check", "generate", "build", "diff", "templates"):
        result = run(command, "--help")
        assert result.exit_code == 0, command
        assert "显示帮助并退出" in result.output, command


def test_init_sample_and_blank(tmp_path: Path):
    sample = run("init", tmp_path / "a", "--sample")
    assert sample.exit_code == 0 and (tmp_path / "a" / "inputs" / "照片").is_dir()
    assert run("check", tmp_path / "a" / "inputs" / "主台账.xlsx").exit_code == 0
    blank = run("init", tmp_path / "b")
    assert blank.exit_code == 0 and (tmp_path / "b" / "outputs").is_dir()
    assert run("check", tmp_path / "b" / "inputs" / "主台账.xlsx").exit_code == 1


def test_check_defaults_to_the_workspace_workbook_and_strict_fails_on_warnings(workspace: Path):
    plain = run("check")
    assert plain.exit_code == 0 and "inputs/主台账.xlsx" in plain.output.replace("\\", "/")
    strict = run("check", "--strict")
    assert strict.exit_code == 1 and "--strict" in strict.output
    data = json.loads(run("check", "--json").output)
    assert data["ok"] is True and data["problems"][0]["level"] == "warning"


def test_generate_seed_quarters_and_force(tmp_path: Path):
    target = tmp_path / "syn.xlsx"
    assert run("generate", target, "-n", "40", "--seed", "5", "--quarters", "2").exit_code == 0
    first = target.read_bytes()
    refused = run("generate", target, "-n", "40")
    assert refused.exit_code == 2 and "--force" in refused.output
    assert run("generate", target, "-n", "40", "--seed", "6", "--quarters", "2", "--force").exit_code == 0
    assert target.read_bytes() != first
    built = run("build", target, "-o", tmp_path / "out", "--only", "quarterly", "--json")
    quarters = {Path(w["path"]).name for w in json.loads(built.output)["written"]}
    assert quarters == {"第1季度考核表.docx", "第2季度考核表.docx"}


def test_build_writes_into_out_and_json_lists_them(workspace: Path):
    result = run("build", "-o", "产出", "--json", "-j", "1")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert len(data["written"]) == KINDS_OF_SAMPLE
    assert len(docx_files(workspace / "产出")) == KINDS_OF_SAMPLE - 1  # and 考核汇总.xlsx
    human = run("build", "-o", "产出")
    assert human.exit_code == 0 and f"未变 {KINDS_OF_SAMPLE} 个" in human.output


def test_build_only_and_branch_limit_what_is_made(workspace: Path):
    result = run("build", "--only", "card,承诺书", "--branch", "B02", "--json")
    paths = [w["path"] for w in json.loads(result.output)["written"]]
    assert paths and all("/B02-" in p for p in paths)
    assert {p.split("/")[2] for p in paths} == {"公示卡", "承诺书"}


def test_build_dry_run_writes_nothing_and_force_rewrites_everything(workspace: Path):
    dry = run("build", "--dry-run")
    assert dry.exit_code == 0 and "未写入任何文件" in dry.output
    assert not docx_files(workspace / "outputs")
    run("build", "-j", "1")
    forced = json.loads(run("build", "--force", "--json").output)
    assert len(forced["written"]) + len(forced["adopted"]) == KINDS_OF_SAMPLE
    assert all(w["reason"] == "强制重新生成" for w in forced["written"])


def test_build_strict_refuses_a_workbook_with_warnings(workspace: Path):
    result = run("build", "--strict")
    assert result.exit_code == 1 and "--strict" in result.output
    assert not docx_files(workspace / "outputs")


def test_build_jobs_gives_the_same_files(workspace: Path):
    run("build", "-o", "one", "-j", "1")
    run("build", "-o", "two", "-j", "2", "--force")
    one, two = workspace / "one", workspace / "two"
    assert docx_files(one) == docx_files(two)
    assert all((one / p).read_bytes() == (two / p).read_bytes() for p in docx_files(one))


def test_templates_export_check_and_build_with_them(workspace: Path):
    exported = run("templates", "export", "我的模板")
    assert exported.exit_code == 0 and "已复制" in exported.output
    assert "未覆盖" in run("templates", "export", "我的模板").output
    assert run("templates", "check", "我的模板").exit_code == 0
    document = docx.Document("我的模板/标志牌.docx")
    document.add_paragraph("欢迎监督")
    document.save("我的模板/标志牌.docx")
    result = json.loads(run("build", "--templates", "我的模板", "--only", "sign", "--json").output)
    sign = workspace / "outputs" / result["written"][0]["path"]
    assert "欢迎监督" in "\n".join(p.text for p in docx.Document(str(sign)).paragraphs)
    Path("我的模板/标志牌.docx").write_text("not a document")
    broken = run("templates", "check", "我的模板")
    assert broken.exit_code == 1 and "✗ 标志牌.docx" in broken.output


def test_build_pdf_without_libreoffice_says_how_to_install(workspace: Path, monkeypatch):
    from zonedocs import pdf

    monkeypatch.setattr(pdf, "find_soffice", lambda: None)
    result = run("build", "--only", "ledger", "--pdf")
    assert result.exit_code == 2 and "LibreOffice" in result.output
    assert docx_files(workspace / "outputs")  # the .docx files are made all the same


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_build_pdf_makes_pdfs(workspace: Path):
    result = run("build", "--only", "ledger", "--branch", "B01", "--pdf", "--json")
    assert result.exit_code == 0, result.output
    assert [Path(p).name for p in json.loads(result.output)["pdf"]["written"]] == ["联系群众台账.pdf"]


def test_diff_templates_and_json(workspace: Path):
    from zonedocs.samples.company import sample_data
    from zonedocs.workbook.writer import write_workbook

    rows = sample_data()
    next(m for m in rows["党员"] if m["党员编号"] == "M104")["手机"] = "13912345678"
    new = workspace / "inputs" / "新.xlsx"  # beside the old one: the same photo paths
    write_workbook(new, rows)
    data = json.loads(run("diff", "inputs/主台账.xlsx", new, "--json").output)
    assert [c["kind"] for c in data["changes"]] == ["member_changed"]
    run("templates", "export", "模板")
    with_templates = run("diff", "inputs/主台账.xlsx", new, "--templates", "模板")
    assert with_templates.exit_code == 0 and "手机" in with_templates.output


def test_python_m_runs_every_command(tmp_path: Path):
    for module in ("zonedocs", "zonedocs.cli"):
        result = subprocess.run([sys.executable, "-m", module, "diff", "--help"],
                                capture_output=True, text=True, encoding="utf-8", check=False)
        assert result.returncode == 0 and "比较两版主台账" in result.stdout, module


@pytest.mark.parametrize("command", [[], ["build"], ["init"], ["generate"], ["templates", "check"]])
def test_help_keeps_its_columns_with_chinese_text(command: list[str]):
    from zonedocs.cli_words import display_width

    result = CliRunner().invoke(main, [*command, "--help"], env={"COLUMNS": "80"}, prog_name="zonedocs")
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert lines[0].startswith("用法：zonedocs") and "选项：" in lines
    assert max(display_width(line) for line in lines) <= 80
    section = lines[lines.index("选项：") + 1:]
    section = section[:section.index("")] if "" in section else section
    term = re.match(r"\s*\S.*?\s{2,}", section[0])  # the first option's name and the gap after it
    assert term is not None
    column = display_width(term.group(0))
    for line in section[1:]:
        if not line.lstrip().startswith("-"):  # a wrapped help text lines up with the text above
            assert len(line) - len(line.lstrip()) == column, line


def test_templates_check_renders_the_a3_sign_too(workspace: Path):
    """The sample uses the A4 sign; the A3 one is checked with the same context."""
    run("templates", "export", "我的模板")
    document = docx.Document("我的模板/标志牌A3.docx")
    document.add_paragraph("{{ 不存在的变量 }}")
    document.save("我的模板/标志牌A3.docx")
    result = run("templates", "check", "我的模板")
    assert result.exit_code == 1 and "✗ 标志牌A3.docx" in result.output
    assert "不存在的变量" in result.output and "Traceback" not in result.output
