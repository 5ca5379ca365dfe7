"""Every .docx and .xlsx zonedocs writes validates against the ISO/IEC 29500 transitional
schemas (tests/ooxml): each kind, every volume and bundle, of the sample and of a workbook
whose values are as hostile as a clerk's paste can make them."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.ooxml.validate import errors
from zonedocs.build import Options, build

HOSTILE = {
    "name": "欧阳&<小>\"明\"'\u200b",
    "text": ("{{ 变量 }} {% if %} <w:p> &amp; 第一行\n第二行\t制表 𠀀𠀁 \u202e反向\u200b "
             + "很长的范围" * 400),
}


def _all_outputs(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.suffix in (".docx", ".xlsx"))


def _assert_valid(folder: Path) -> None:
    files = _all_outputs(folder)
    kinds = {p.parent.name if p.parent.name in ("公示卡", "承诺书", "标志牌", "季度考核", "打印")
             else p.name for p in files}
    assert {"公示卡", "承诺书", "标志牌", "季度考核", "打印", "实施意见.docx", "考核汇总.xlsx",
            "档案卷.docx", "联系群众台账.docx", "年度考核表.docx"} <= kinds
    found = {str(p.relative_to(folder)): errors(p) for p in files}
    bad = {path: problems[:3] for path, problems in found.items() if problems}
    assert not bad, bad


def test_every_output_of_the_sample_is_schema_valid(built: Path):
    _assert_valid(built)


@pytest.fixture
def hostile_build(tmp_path: Path, sample_rows, workbook_from) -> Path:
    member = sample_rows["党员"][0]
    member["姓名"] = HOSTILE["name"]
    member["岗位"] = HOSTILE["text"][:200]
    sample_rows["责任区"][0]["范围"] = HOSTILE["text"]
    sample_rows["责任区"][0]["责任区名称"] = HOSTILE["name"] + "责任区"
    sample_rows["联系人"][0]["联系人姓名"] = HOSTILE["name"]
    sample_rows["承诺"][0]["内容"] = HOSTILE["text"]
    sample_rows["季度评分"][0]["备注"] = HOSTILE["text"][:300]
    sample_rows["支部"][0]["支部名称"] = "第一<支部>&\"测试\""
    out = tmp_path / "out"
    report = build(workbook_from(sample_rows), Options(out=out, jobs=1))
    assert len(report.written) == 158
    return out


def test_every_output_of_a_hostile_workbook_is_schema_valid(hostile_build: Path):
    _assert_valid(hostile_build / "2026")


def test_every_default_template_is_schema_valid():
    """The templates themselves open in Word: only the 实施意见's computed positions, Jinja
    expressions in attributes, are not numbers until it is rendered."""
    from zonedocs.templates import default_folder, default_names

    names = default_names()
    assert "标志牌A3.docx" in names
    found = {name: [p for p in errors(default_folder() / name) if "'{{ " not in p]
             for name in names}
    assert not {name: problems[:3] for name, problems in found.items() if problems}
