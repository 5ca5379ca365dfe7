"""The 标志牌 fills one landscape page, A4 or A3, and never runs onto a second."""

from __future__ import annotations

import copy
import shutil
import subprocess
from pathlib import Path

import docx
import pytest

from tests.conftest import docx_text, find
from zonedocs.build import Options, build
from zonedocs.render.pagination import count_pages
from zonedocs.rules import SIGN_ROLES_LIMIT, SIGN_SCOPE_LIMIT

LONG_SCOPE = "本支部所辖全部班组、场站、车辆、线路、调度室、修理车间和停车场，" * 4


ROLES = ("业务带头人", "监督员", "联络员", "志愿者代表")


def crowd(sample_rows) -> None:
    """The first zone with a long 范围 and nine roles, each with a phone."""
    zone = sample_rows["责任区"][0]
    zone["范围"] = LONG_SCOPE
    zone["电话"] = ""
    sample_rows["责任区分工"] += [
        {"责任区编号": zone["责任区编号"], "姓名": f"欧阳晓{'一二三四五六七八九'[i]}", "角色": ROLES[i % 4],
         "联系电话": f"0571-8600{i:04d}"} for i in range(9)]


@pytest.fixture
def long_sign(tmp_path: Path, sample_rows, workbook_from) -> Path:
    crowd(sample_rows)
    out = tmp_path / "out"
    build(workbook_from(sample_rows), Options(out=out, jobs=1, only={"sign"}))
    zone = sample_rows["责任区"][0]["责任区编号"]
    return next(out.rglob(f"标志牌/{zone}*.docx"))


def test_a_long_scope_is_cut_to_fit_and_check_says_so(long_sign: Path, sample_rows, problems_of):
    text = docx_text(long_sign)
    assert LONG_SCOPE[:SIGN_SCOPE_LIMIT - 1] + "…" in text
    assert LONG_SCOPE[:SIGN_SCOPE_LIMIT] not in text
    assert "…" in text.split("欧阳晓", 1)[1]  # the roles run on and are cut at their limit
    assert count_pages(long_sign.read_bytes()) == 1
    crowd(sample_rows)
    problems = problems_of(sample_rows)
    assert find(problems, "warning", "责任区", 2, "范围", "标志牌只印得下")
    assert find(problems, "warning", "责任区分工", None, "责任区编号", f"只印得下 {SIGN_ROLES_LIMIT} 字")


def test_every_sample_sign_is_one_page(built: Path):
    signs = list(built.rglob("标志牌/*.docx"))
    assert len(signs) == 47
    assert {count_pages(sign.read_bytes()) for sign in signs} == {1}


def test_sign_is_landscape_with_room_in_its_cells(long_sign: Path):
    document = docx.Document(str(long_sign))
    section = document.sections[0]
    assert section.page_width > section.page_height
    margins = document.tables[0]._tbl.tblPr.find(
        "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}tblCellMar")
    assert margins is not None  # text never sits on a rule
    sizes = {run.font.size.pt for p in document.tables[0].rows[1].cells[1].paragraphs
             for run in p.runs if run.font.size}
    assert min(sizes) >= 16  # read from a few steps away


@pytest.mark.skipif(shutil.which("soffice") is None or shutil.which("pdfinfo") is None,
                    reason="LibreOffice and poppler-utils are not installed")
def test_long_sign_is_one_page_in_libreoffice(long_sign: Path, tmp_path: Path):
    assert "Pages:           1" in pdf_info(long_sign, tmp_path)


def pdf_info(docx_path: Path, folder: Path) -> str:
    """`pdfinfo` of the document as LibreOffice lays it out."""
    subprocess.run(["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(folder),
                    str(docx_path)], capture_output=True, check=True, timeout=180)
    return subprocess.run(["pdfinfo", str(folder / (docx_path.stem + ".pdf"))],
                          capture_output=True, text=True, check=True).stdout


@pytest.fixture
def a3_sign(tmp_path: Path, sample_rows, workbook_from) -> Path:
    rows = copy.deepcopy(sample_rows)
    crowd(rows)
    rows["单位"].append({"项目": "标志牌纸张", "内容": "A3"})
    out = tmp_path / "a3"
    build(workbook_from(rows), Options(out=out, jobs=1, only={"sign"}))
    zone = sample_rows["责任区"][0]["责任区编号"]
    return next(out.rglob(f"标志牌/{zone}*.docx"))


def test_a3_sign_is_the_a4_sign_enlarged(a3_sign: Path, long_sign: Path):
    a3, a4 = docx.Document(str(a3_sign)), docx.Document(str(long_sign))
    section = a3.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (420, 297)
    assert docx_text(a3_sign) == docx_text(long_sign)
    title = a3.paragraphs[0].runs[0].font.size.pt / a4.paragraphs[0].runs[0].font.size.pt
    assert abs(title - 2 ** 0.5) < 0.02
    assert count_pages(a3_sign.read_bytes()) == 1


def test_sign_paper_is_checked(sample_rows, problems_of):
    sample_rows["单位"].append({"项目": "标志牌纸张", "内容": "B5"})
    assert find(problems_of(sample_rows), "error", "单位", 14, "内容（标志牌纸张）", "应为：A4、A3")


@pytest.mark.skipif(shutil.which("soffice") is None or shutil.which("pdfinfo") is None,
                    reason="LibreOffice and poppler-utils are not installed")
def test_a3_sign_is_one_a3_page_in_libreoffice(a3_sign: Path, tmp_path: Path):
    info = pdf_info(a3_sign, tmp_path)
    assert "Pages:           1" in info
    assert "1190.55 x 841.89 pts (A3)" in info
