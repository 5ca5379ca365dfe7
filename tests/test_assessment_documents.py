"""The quarterly and annual tables and the summary workbook, checked row by row against an
independent computation from the sample workbook's raw rows."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import docx
import openpyxl

from conftest import docx_text
from zonedocs.samples.company import sample_data

DATA = sample_data()
WEIGHTS = {"自评": 10, "互评": 20, "群众评议": 30, "组织考评": 40}
QUARTER_NAMES = {"一季度": 1, "第二季度": 2}


def expected_total(row: dict) -> Fraction:
    present = [(w, Fraction(str(row[k]))) for k, w in WEIGHTS.items() if row.get(k) is not None]
    value = sum(w * s for w, s in present) / sum(w for w, _ in present)
    value += Fraction(str(row.get("加分") or 0)) - Fraction(str(row.get("扣分") or 0))
    value = min(max(value, Fraction(0)), Fraction(100))
    tenths = value * 10
    whole = tenths.numerator // tenths.denominator
    return Fraction(whole + (1 if tenths - whole >= Fraction(1, 2) else 0), 10)


def grade_flag(total: Fraction) -> tuple[str, str]:
    if total >= 90:
        return "优秀", "红旗"
    if total >= 80:
        return "合格", "黄旗"
    if total >= 70:
        return "基本合格", "蓝旗"
    return "不合格", "灰旗"


def branch_expectations(branch: str, quarter: int) -> dict[str, tuple[str, int, str, str]]:
    members = {m["党员编号"]: m["姓名"] for m in DATA["党员"] if m["所属支部"] == branch}
    totals = {members[s["党员编号"]]: expected_total(s) for s in DATA["季度评分"]
              if s["党员编号"] in members and QUARTER_NAMES[s["季度"]] == quarter}
    ordered = sorted(totals.values(), reverse=True)
    result = {}
    for name, total in totals.items():
        rank = ordered.index(total) + 1
        result[name] = (f"{float(total):.1f}", rank, *grade_flag(total))
    return result


def table_rows(path: Path) -> list[list[str]]:
    table = docx.Document(str(path)).tables[0]
    return [[c.text for c in row.cells] for row in table.rows[1:]]


def test_quarterly_tables_every_member_row(built: Path):
    for branch in ("B01", "B02", "B03"):
        folder = next(built.glob(f"{branch}-*"))
        for quarter in (1, 2):
            rows = table_rows(folder / "季度考核" / f"第{quarter}季度考核表.docx")
            expected = branch_expectations(branch, quarter)
            by_name = {r[1]: r for r in rows}
            assert set(by_name) >= set(expected)
            for name, (total, rank, grade, flag) in expected.items():
                row = by_name[name]
                assert (row[9], row[10], row[11], row[12]) == (total, str(rank), grade, flag), name
                assert (row[13] == "需谈话") == (flag != "红旗")
            ranks = [int(r[10]) for r in rows if r[10]]
            assert ranks == sorted(ranks)


def test_quarterly_table_marks_missing_rater_bonus_deduction_and_unscored(built: Path):
    b01 = next(built.glob("B01-*"))
    rows = {r[1]: r for r in table_rows(b01 / "季度考核" / "第1季度考核表.docx")}
    m103 = next(m["姓名"] for m in DATA["党员"] if m["党员编号"] == "M103")
    assert rows[m103][5] == "缺项" and rows[m103][14].count("群众评议") == 1  # said once
    m107 = next(m["姓名"] for m in DATA["党员"] if m["党员编号"] == "M107")
    assert rows[m107][7] == "3.0"  # one decimal wherever scores are shown
    b02 = next(built.glob("B02-*"))
    rows2 = {r[1]: r for r in table_rows(b02 / "季度考核" / "第2季度考核表.docx")}
    m208 = next(m["姓名"] for m in DATA["党员"] if m["党员编号"] == "M208")
    assert rows2[m208][8] == "5.0"
    text = docx_text(b01 / "季度考核" / "第1季度考核表.docx")
    assert "个人自评10%" in text and "红旗" in text and "考评小组成员（签名）" in text


def test_band_edge_in_the_sample_is_rounded_into_the_band(built: Path):
    # M110, quarter 2: 90, 90, 89.9, 90 → 89.97 → 90.0 优秀
    b01 = next(built.glob("B01-*"))
    name = next(m["姓名"] for m in DATA["党员"] if m["党员编号"] == "M110")
    row = {r[1]: r for r in table_rows(b01 / "季度考核" / "第2季度考核表.docx")}[name]
    assert (row[9], row[11], row[12]) == ("90.0", "优秀", "红旗")


def test_annual_table_is_the_mean_of_printed_totals(built: Path):
    b01 = next(built.glob("B01-*"))
    rows = {r[1]: r for r in table_rows(b01 / "年度考核表.docx")}
    q1, q2 = branch_expectations("B01", 1), branch_expectations("B01", 2)
    for name in q1:
        mean = (Fraction(q1[name][0]) + Fraction(q2[name][0])) / 2
        tenths = mean * 10
        whole = tenths.numerator // tenths.denominator
        rounded = Fraction(whole + (1 if tenths - whole >= Fraction(1, 2) else 0), 10)
        row = rows[name]
        assert (row[3], row[4], row[5], row[6]) == (q1[name][0], q2[name][0], "—", "—")
        assert row[7] == f"{float(rounded):.1f}"
        assert row[8] == grade_flag(rounded)[0]
        assert row[10] == ""  # two quarters of four: nobody recommended yet
    text = docx_text(b01 / "年度考核表.docx")
    assert "年度综合考核表（截至第二季度）" in text and "四个季度考核完成后再评优推荐" in text


def test_a_complete_year_recommends_the_excellent(tmp_path, sample_rows, workbook_from):
    from zonedocs.build import Options, build

    first = [row for row in sample_rows["季度评分"] if row["季度"] == "一季度"]
    for quarter in (3, 4):
        sample_rows["季度评分"] += [{**row, "季度": quarter} for row in first]
    build(workbook_from(sample_rows), Options(out=tmp_path / "out", jobs=1, only=frozenset({"annual"})))
    folder = next((tmp_path / "out" / "2026").glob("B01-*"))
    rows = table_rows(folder / "年度考核表.docx")
    assert "截至" not in docx_text(folder / "年度考核表.docx")
    recommended = [r for r in rows if r[10] == "推荐优秀共产党员"]
    assert recommended and all(r[8] == "优秀" for r in recommended)
    assert all(r[10] == "" for r in rows if r[8] != "优秀")


def test_transferred_member_appears_only_where_scored(built: Path):
    b02 = next(built.glob("B02-*"))
    name = next(m["姓名"] for m in DATA["党员"] if m["党员编号"] == "M215")
    assert name in {r[1] for r in table_rows(b02 / "季度考核" / "第1季度考核表.docx")}
    assert name not in {r[1] for r in table_rows(b02 / "季度考核" / "第2季度考核表.docx")}
    annual = {r[1]: r for r in table_rows(b02 / "年度考核表.docx")}[name]
    assert annual[9] == "" and annual[11] == "转出"  # shown, not ranked


def test_summary_workbook(built: Path):
    book = openpyxl.load_workbook(built / "考核汇总.xlsx")
    assert book.sheetnames == ["第1季度", "第2季度", "年度", "支部"]
    quarter = book["第1季度"]
    assert quarter.freeze_panes == "A2" and quarter.auto_filter.ref
    rows = {r[1]: r for r in quarter.iter_rows(min_row=2, values_only=True)}
    expected = branch_expectations("B01", 1)
    for member in (m for m in DATA["党员"] if m["所属支部"] == "B01"):
        total, rank, grade, flag = expected[member["姓名"]]
        row = rows[member["党员编号"]]
        assert (f"{row[10]:.1f}", row[11], row[12], row[13]) == (total, rank, grade, flag)
    assert quarter.cell(2, 11).number_format == "0.0"
    branches = book["支部"]
    assert len(branches._charts) == 1
    chart = branches._charts[0]
    assert chart.grouping == "stacked" and len(chart.series) == 4
    counts = [r for r in branches.iter_rows(min_row=2, values_only=True)]
    assert sum(sum(r[2:6]) for r in counts) == sum(r[1] for r in counts)
    assert sorted(r[7] for r in counts) == [1, 2, 3]


def test_opinion_states_the_workbooks_weights(tmp_path, sample_rows, workbook_from):
    from zonedocs.build import Options, build

    sample_rows["考核设置"] = [{"项目": "自评权重", "内容": 5}, {"项目": "互评权重", "内容": 25},
                               {"项目": "群众评议权重", "内容": 30}, {"项目": "组织考评权重", "内容": 40},
                               {"项目": "优秀线", "内容": 92}]
    build(workbook_from(sample_rows), Options(out=tmp_path / "out", only={"opinion"}, jobs=1))
    text = docx_text(tmp_path / "out" / "2026" / "实施意见.docx")
    assert "个人自评5%、党员互评25%" in text
    assert "92分及以上为优秀" in text and "80分至91.9分为合格" in text
