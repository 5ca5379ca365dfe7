"""Every error and warning of SCHEMA.md, each from a workbook that has exactly that fault."""

from __future__ import annotations

import openpyxl
import pytest

from conftest import find

ERROR, WARNING = "error", "warning"


def row_of(rows: dict, sheet: str, header: str, value: str) -> int:
    """The Excel row of the record whose `header` is `value` (data starts on row 2)."""
    return next(i for i, r in enumerate(rows[sheet], start=2) if r.get(header) == value)


def test_sample_has_no_errors(sample_rows, problems_of):
    problems = problems_of(sample_rows)
    assert problems.errors == []



def test_missing_sheet_really_absent(sample_workbook):
    from zonedocs.workbook import check

    book = openpyxl.load_workbook(sample_workbook)
    del book["承诺"]
    book.save(sample_workbook)
    _, problems = check(sample_workbook)
    find(problems, ERROR, "承诺", None, None, "缺少工作表「承诺」")


def test_missing_required_column(sample_workbook):
    from zonedocs.workbook import check

    book = openpyxl.load_workbook(sample_workbook)
    sheet = book["党员"]
    for cell in sheet[1]:
        if cell.value == "姓名":
            cell.value = "名字"
    book.save(sample_workbook)
    _, problems = check(sample_workbook)
    find(problems, ERROR, "党员", 1, "姓名", "缺少必填列")
    find(problems, WARNING, "党员", 1, "名字", "不认识的列")


def test_required_value_blank(sample_rows, problems_of):
    sample_rows["党员"][4]["姓名"] = "  "
    find(problems_of(sample_rows), ERROR, "党员", 6, "姓名", "必填，不能为空")


def test_required_company_item_blank(sample_rows, problems_of):
    sample_rows["单位"] = [r for r in sample_rows["单位"] if r["项目"] != "党委名称"]
    find(problems_of(sample_rows), ERROR, "单位", 3, "内容（党委名称）", "必填")


def test_duplicate_id(sample_rows, problems_of):
    sample_rows["党员"][7]["党员编号"] = sample_rows["党员"][2]["党员编号"]
    problem = find(problems_of(sample_rows), ERROR, "党员", 9, "党员编号", "编号重复")
    assert "第4行" in problem.message


@pytest.mark.parametrize(("sheet", "header", "index", "what"), [
    ("班组", "所属支部", 0, "支部"),
    ("党员", "所在班组", 3, "班组"),
    ("责任区", "责任党员", 2, "党员"),
    ("责任区", "上级责任区", 2, "责任区"),
    ("责任区", "任务", 0, "任务"),
    ("联系人", "党员编号", 5, "党员"),
    ("季度评分", "党员编号", 1, "党员"),
])
def test_unknown_reference(sample_rows, problems_of, sheet, header, index, what):
    value = ["X99"] if header == "任务" else "X99"
    sample_rows[sheet][index][header] = value
    problem = find(problems_of(sample_rows), ERROR, sheet, index + 2, header, f"找不到这个{what}编号")
    assert problem.value == "X99"


def test_score_not_a_number(sample_rows, problems_of):
    sample_rows["季度评分"][3]["互评"] = "优"
    problem = find(problems_of(sample_rows), ERROR, "季度评分", 5, "互评", "不是数字")
    assert str(problem) == '季度评分 第5行 「互评」: "优" 不是数字'


def test_score_out_of_range(sample_rows, problems_of):
    sample_rows["季度评分"][0]["组织考评"] = 101
    find(problems_of(sample_rows), ERROR, "季度评分", 2, "组织考评", "0–100")


def test_date_not_a_date(sample_rows, problems_of):
    sample_rows["党员"][0]["入党日期"] = "去年春天"
    find(problems_of(sample_rows), ERROR, "党员", 2, "入党日期", "不是有效日期")


def test_bad_mobile(sample_rows, problems_of):
    sample_rows["党员"][10]["手机"] = "1381234"
    problem = find(problems_of(sample_rows), ERROR, "党员", 12, "手机", "11位手机号")
    assert str(problem).startswith('党员 第12行 「手机」: "1381234" 不是11位手机号')


def test_weights_not_100(sample_rows, problems_of):
    sample_rows["考核设置"][0]["内容"] = 15
    find(problems_of(sample_rows), ERROR, "考核设置", None, None, "之和为 105")


def test_year_out_of_range(sample_rows, problems_of):
    sample_rows["单位"][2]["内容"] = 1999
    find(problems_of(sample_rows), ERROR, "单位", 4, "内容（年度）", "2000–2100")


def test_malformed_doc_number(sample_rows, problems_of):
    sample_rows["单位"][3]["内容"] = "滨公交党发[2026]8号"
    find(problems_of(sample_rows), ERROR, "单位", 5, "内容（发文字号）", "〔〕")


def test_zone_cycle(sample_rows, problems_of):
    zones = sample_rows["责任区"]
    zones[0]["上级责任区"] = zones[1]["责任区编号"]  # area under a team zone under the area
    find(problems_of(sample_rows), ERROR, "责任区", None, "上级责任区", "循环")


def test_all_problems_in_one_run(sample_rows, problems_of):
    sample_rows["党员"][0]["手机"] = "123"
    sample_rows["季度评分"][0]["自评"] = "abc"
    sample_rows["班组"][0]["所属支部"] = "B99"
    assert len(problems_of(sample_rows).errors) == 3


# --- warnings -------------------------------------------------------------------------------

def test_member_without_zone(sample_rows, problems_of):
    member = "M105"
    sample_rows["责任区"] = [z for z in sample_rows["责任区"] if z["责任党员"] != member]
    row = row_of(sample_rows, "党员", "党员编号", member)
    find(problems_of(sample_rows), WARNING, "党员", row, "党员编号", "没有承担任何责任区")


def test_team_not_covered(sample_rows, problems_of):
    for zone in sample_rows["责任区"]:
        zone["覆盖班组"] = [t for t in zone.get("覆盖班组", []) if t != "T204"]
    row = row_of(sample_rows, "班组", "班组编号", "T204")
    find(problems_of(sample_rows), WARNING, "班组", row, "班组编号", "无盲点")


def test_too_few_and_too_many_contacts(sample_rows, problems_of):
    contacts = sample_rows["联系人"]
    sample_rows["联系人"] = [c for c in contacts if c["党员编号"] != "M104"]
    sample_rows["联系人"] += [dict(contacts[0], 联系人姓名=f"甲{i}") for i in range(3)]
    problems = problems_of(sample_rows)
    find(problems, WARNING, "党员", row_of(sample_rows, "党员", "党员编号", "M104"), "党员编号",
         "只有 0 名重点联系人，应不少于 2 名")
    find(problems, WARNING, "党员", 2, "党员编号", "超过上限 3 名")


def test_branch_without_secretary(sample_rows, problems_of):
    sample_rows["支部"][1]["支部书记"] = None
    find(problems_of(sample_rows), WARNING, "支部", 3, "支部书记", "没有填支部书记")


def test_missing_rater(sample_rows, problems_of):
    row = next(i for i, s in enumerate(sample_rows["季度评分"], 2) if s["党员编号"] == "M103")
    find(problems_of(sample_rows), WARNING, "季度评分", row, "群众评议", "缺项")


def test_member_without_pledges(sample_rows, problems_of):
    sample_rows["承诺"] = [p for p in sample_rows["承诺"] if p["党员编号"] != "M302"]
    find(problems_of(sample_rows), WARNING, "党员", row_of(sample_rows, "党员", "党员编号", "M302"),
         "党员编号", "还没有填写承诺")


def test_member_not_scored_in_a_scored_quarter(sample_rows, problems_of):
    sample_rows["季度评分"] = [s for s in sample_rows["季度评分"]
                               if not (s["党员编号"] == "M306" and s["季度"] == "一季度")]
    find(problems_of(sample_rows), WARNING, "党员", row_of(sample_rows, "党员", "党员编号", "M306"),
         "党员编号", "未考核")


def test_transferred_member_gets_no_warning_for_no_zone(sample_rows, problems_of):
    problems = problems_of(sample_rows)
    assert not [p for p in problems if p.value == "M215"]


def test_a_wrong_cell_is_reported_once(sample_rows, problems_of):
    sample_rows["季度评分"][3]["互评"] = "优"
    problems = problems_of(sample_rows)
    about_cell = [p for p in problems if p.sheet == "季度评分" and p.row == 5 and p.column == "互评"]
    assert [p.level for p in about_cell] == ["error"]
