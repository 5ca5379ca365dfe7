"""`zonedocs import`: a member list as the party-member systems export it, into the 党员 sheet."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from openpyxl import Workbook, load_workbook

from zonedocs.cli import main
from zonedocs.editing.branchnames import BranchNames
from zonedocs.workbook import check

HEADERS = ["序号", "姓名", "性别", "公民身份号码", "民族", "出生日期", "学历", "人员类别", "所在党支部",
           "手机号码", "入党日期", "转正日期", "工作岗位", "党籍状态"]
ID_NUMBER = "330102199001011234"


def run(*args: str | Path) -> Result:
    return CliRunner().invoke(main, [str(a) for a in args])


def export_rows(workbook: Path) -> list[list[object]]:
    """The sample's members as the national system would list them (full branch names)."""
    roster, _ = check(workbook)
    rows: list[list[object]] = []
    for number, member in enumerate(roster.members.values(), start=1):
        branch = roster.branches[member.branch_id].name.replace("党支部", "支部委员会")
        rows.append([number, member.name, member.gender, ID_NUMBER, "汉族", "1990-01-01", "大学本科",
                     "预备党员" if member.status == "预备党员" else "正式党员",
                     f"中共{roster.company.name}{branch}", member.mobile,
                     member.joined.strftime("%Y.%m.%d") if member.joined else "", "", member.post,
                     "停止党籍" if member.status == "转出" else "正常"])
    return rows


def write_export(path: Path, rows: list[list[object]], headers: list[str] = HEADERS,
                 header_row: int = 3) -> Path:
    book = Workbook()
    sheet = book.active
    sheet.title = "党员信息"
    sheet.append(["党员花名册（导出时间：2026年11月20日）"])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(headers))
    for _ in range(header_row - 2):
        sheet.append([])
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def members_sheet(workbook: Path) -> dict[str, dict[str, object]]:
    sheet = load_workbook(workbook)["党员"]
    rows = list(sheet.iter_rows(values_only=True))
    headers = [str(h) for h in rows[0]]
    return {str(r[0]): dict(zip(headers, r, strict=False)) for r in rows[1:] if r[0]}


def all_text(workbook: Path) -> str:
    book = load_workbook(workbook)
    return "\n".join(str(v) for s in book.worksheets for r in s.iter_rows(values_only=True)
                     for v in r if v is not None)


def backups(workbook: Path) -> list[Path]:
    return sorted(workbook.parent.glob(f"{workbook.stem}_备份_*.xlsx"))


def test_import_updates_adds_reports_absent_and_a_second_import_changes_nothing(
        sample_workbook: Path, tmp_path: Path) -> None:
    rows = export_rows(sample_workbook)
    by_name = {r[1]: r for r in rows}
    by_name["韦平"][9] = "13912345678"  # M101's phone changed
    by_name["尹丽建"][7] = "预备党员"  # M102's category (was 正式党员)
    by_name["夏梅永"][13] = "停止党籍"  # M103 left
    absent = rows.pop()  # the last member is not in the export
    rows.append([99, "新 同志", "女", ID_NUMBER, "汉族", "", "", "预备党员",
                 "中共滨江公共交通集团有限公司机关支部委员会", "13900001111", "20260701", "", "文员", "正常"])
    export = write_export(tmp_path / "导出.xlsx", rows)

    result = run("import", export, "--into", sample_workbook)
    assert result.exit_code == 0, result.output
    assert "表头在第3行" in result.output
    assert "M101 韦平 手机：17786987973 → 13912345678" in result.output
    assert "M102 尹丽建 状态：正式党员 → 预备党员" in result.output
    assert "M103 夏梅永 状态：正式党员 → 转出" in result.output
    assert f"{absent[1]}" in result.output.split("导出文件中没有的在册党员")[1]
    members = members_sheet(sample_workbook)
    assert members["M101"]["手机"] == "13912345678"
    assert members["M103"]["状态"] == "转出"
    added = members["M316"]  # B03's numbering M301…M315 continued
    assert (added["姓名"], added["所属支部"], added["状态"], added["岗位"]) == \
        ("新同志", "B03", "预备党员", "文员")
    assert str(added["入党日期"]).startswith("2026-07-01")
    assert len(members) == 46  # nobody deleted
    assert len(backups(sample_workbook)) == 1
    _, problems = check(sample_workbook)
    assert not problems.errors

    before = sample_workbook.read_bytes()
    again = run("import", export, "--into", sample_workbook)
    assert again.exit_code == 0, again.output
    assert "已是最新" in again.output
    assert sample_workbook.read_bytes() == before
    assert len(backups(sample_workbook)) == 1


def test_private_columns_never_enter_the_workbook(sample_workbook: Path, tmp_path: Path) -> None:
    rows = export_rows(sample_workbook)
    rows.append([99, "新同志", "女", ID_NUMBER, "壮族", "1999-09-09", "硕士研究生", "正式党员",
                 "机关党支部", "13900001111", "2020-07-01", "", "文员", "正常"])
    export = write_export(tmp_path / "导出.xlsx", rows)
    assert run("import", export, "--into", sample_workbook).exit_code == 0
    text = all_text(sample_workbook)
    assert "新同志" in text
    for private in (ID_NUMBER, "壮族", "硕士研究生", "1999-09-09"):
        assert private not in text
    refused = run("import", export, "--into", sample_workbook, "--map", "公民身份号码=姓名")
    assert refused.exit_code == 2
    assert "个人敏感信息" in refused.output


def test_header_in_row_5_under_a_merged_title_and_a_mapped_column(sample_workbook: Path,
                                                                  tmp_path: Path) -> None:
    headers = [h if h != "手机号码" else "联系手机" for h in HEADERS]
    rows = export_rows(sample_workbook)
    rows[0][9] = "13700000001"
    export = write_export(tmp_path / "导出.xlsx", rows, headers, header_row=5)
    unmapped = run("import", export, "--into", sample_workbook, "--dry-run", "--json")
    assert json.loads(unmapped.output)["changed"] == []  # without the phone column nothing differs
    result = run("import", export, "--into", sample_workbook, "--map", "联系手机=手机", "--json")
    report = json.loads(result.output)
    assert result.exit_code == 0, result.output
    assert report["header_row"] == 5
    assert report["changed"] == [{"id": "M101", "name": "韦平", "column": "手机",
                                  "old": "17786987973", "new": "13700000001"}]


def test_rows_that_cannot_be_imported_are_left_out_and_the_rest_imported(sample_workbook: Path,
                                                                        tmp_path: Path) -> None:
    rows = export_rows(sample_workbook)
    rows[0][9] = "13700000001"
    rows.append([98, "", "男", ID_NUMBER, "汉族", "", "", "正式党员", "机关党支部", "13900002222", "", "",
                 "", "正常"])
    rows.append([99, "外单位", "男", ID_NUMBER, "汉族", "", "", "正式党员", "某某物业公司支部委员会",
                 "13900003333", "", "", "", "正常"])
    rows.append([100, "韦平", "男", ID_NUMBER, "汉族", "", "", "正式党员", "第一运营分公司党支部",
                 "13700000001", "", "", "", "正常"])  # the same person twice
    rows.append(["制表人：张三", None, None])  # a note under the list is not a member
    export = write_export(tmp_path / "导出.xlsx", rows)
    result = run("import", export, "--into", sample_workbook)
    assert result.exit_code == 1
    assert "未导入的行 3 行" in result.output
    assert "姓名为空" in result.output
    assert "外单位：新党员，但所在党支部为空或找不到" in result.output
    assert "重复出现" in result.output
    assert members_sheet(sample_workbook)["M101"]["手机"] == "13700000001"


def test_dry_run_changes_nothing(sample_workbook: Path, tmp_path: Path) -> None:
    rows = export_rows(sample_workbook)
    rows[0][9] = "13700000001"
    export = write_export(tmp_path / "导出.xlsx", rows)
    before = sample_workbook.read_bytes()
    result = run("import", export, "--into", sample_workbook, "--dry-run")
    assert result.exit_code == 0
    assert "13700000001" in result.output and "试运行" in result.output
    assert sample_workbook.read_bytes() == before
    assert not backups(sample_workbook)


def test_formatting_dropdowns_and_other_sheets_survive(sample_workbook: Path, tmp_path: Path) -> None:
    rows = export_rows(sample_workbook)
    rows[0][12] = "调度员"
    export = write_export(tmp_path / "导出.xlsx", rows)
    old = load_workbook(sample_workbook)
    assert run("import", export, "--into", sample_workbook).exit_code == 0
    new = load_workbook(sample_workbook)
    assert new.sheetnames == old.sheetnames
    for name in old.sheetnames:
        a, b = old[name], new[name]
        assert len(a.data_validations.dataValidation) == len(b.data_validations.dataValidation)
        assert {k: d.width for k, d in a.column_dimensions.items()} == \
            {k: d.width for k, d in b.column_dimensions.items()}
        assert a.freeze_panes == b.freeze_panes
        assert a["A1"].fill.fgColor.rgb == b["A1"].fill.fgColor.rgb
        if name != "党员":
            assert list(a.values) == list(b.values)


@pytest.mark.parametrize("content, message", [
    (b"", "不是 Excel 表格"),
    (b"PK\x03\x04 a broken zip", "不是 Excel 表格"),
])
def test_a_file_that_is_not_an_export_is_refused(sample_workbook: Path, tmp_path: Path,
                                                 content: bytes, message: str) -> None:
    bad = tmp_path / "导出.xlsx"
    bad.write_bytes(content)
    before = sample_workbook.read_bytes()
    result = run("import", bad, "--into", sample_workbook)
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    assert message in result.output
    assert sample_workbook.read_bytes() == before


def test_a_blank_export_says_no_header_was_found(sample_workbook: Path, tmp_path: Path) -> None:
    export = write_export(tmp_path / "导出.xlsx", [], headers=["随便", "什么"])
    result = run("import", export, "--into", sample_workbook)
    assert result.exit_code == 2
    assert "没有找到党员名单的表头" in result.output


def test_branch_names_as_exports_write_them() -> None:
    branches = [("B01", "第一运营分公司党支部"), ("B02", "第二运营分公司党支部"), ("B03", "机关党支部")]
    names = BranchNames(branches, ["滨江公共交通集团有限公司", "中共滨江公共交通集团有限公司委员会"])
    assert names.find("中共滨江公共交通集团有限公司第一运营分公司支部委员会") == "B01"
    assert names.find("中国共产党滨江公共交通集团有限公司机关总支部委员会") == "B03"
    assert names.find("滨江公交集团第二运营分公司党支部") == "B02"
    assert names.find("B02") == "B02"
    assert names.find("机关党支部") == "B03"
    assert names.find("第三运营分公司党支部") is None
    assert names.find("") is None
