from __future__ import annotations

import json

from click.testing import CliRunner

from zonedocs.cli import main
from zonedocs.diff import diff
from zonedocs.workbook.writer import write_workbook


def test_diff_names_changes_and_the_documents_they_touch(tmp_path, sample_rows):
    old = tmp_path / "old.xlsx"
    new = tmp_path / "new.xlsx"
    write_workbook(old, sample_rows)
    members = {m["党员编号"]: m for m in sample_rows["党员"]}
    members["M105"]["所属支部"], members["M105"]["所在班组"] = "B02", "T201"
    members["M104"]["手机"] = "13912345678"
    zones = {z["责任区编号"]: z for z in sample_rows["责任区"]}
    zones["Z901"]["责任党员"] = "M304"
    sample_rows["党员"].append(dict(members["M302"], 党员编号="M399", 姓名="新同志"))
    write_workbook(new, sample_rows)
    report = diff(old, new)
    kinds = {(c.kind, c.subject) for c in report.changes}
    assert ("member_transferred", "M105") in kinds
    assert ("member_changed", "M104") in kinds
    assert ("zone_reassigned", "Z901") in kinds
    assert ("member_added", "M399") in kinds
    transfer = next(c for c in report.changes if c.kind == "member_transferred")
    assert "第一运营分公司党支部 → 第二运营分公司党支部" in transfer.text
    assert report.documents["2026/B01-第一运营分公司党支部/公示卡/M105-张伟.docx"] == "移除"
    assert report.documents["2026/B02-第二运营分公司党支部/公示卡/M105-张伟.docx"] == "新增"
    phone = next(c for c in report.changes if c.subject == "M104")
    assert "手机" in phone.text
    assert any("/公示卡/M104-" in p for p in phone.documents)
    assert not any("/标志牌/" in p for p in phone.documents)  # a sign shows no personal mobile
    reassigned = next(c for c in report.changes if c.kind == "zone_reassigned")
    assert any("/公示卡/M304-" in p for p in reassigned.documents)
    assert not any("/公示卡/M201-" in p for p in report.documents)  # untouched member


def test_diff_cli_json_and_identical(tmp_path, sample_rows):
    old = tmp_path / "old.xlsx"
    write_workbook(old, sample_rows)
    runner = CliRunner()
    same = runner.invoke(main, ["diff", str(old), str(old)])
    assert same.exit_code == 0 and "没有影响文书的差别" in same.output
    sample_rows["党员"][3]["岗位"] = "线路长"
    new = tmp_path / "new.xlsx"
    write_workbook(new, sample_rows)
    data = json.loads(runner.invoke(main, ["diff", str(old), str(new), "--json"]).output)
    assert data["changes"][0]["kind"] == "member_changed"
    assert "岗位" in data["changes"][0]["text"]
