"""`zonedocs check --annotate` (problems marked in a copy) and `zonedocs new-year`."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner, Result
from openpyxl import load_workbook

from zonedocs.cli import main
from zonedocs.scoring import Standings
from zonedocs.workbook import check


def run(*args: str | Path) -> Result:
    return CliRunner().invoke(main, [str(a) for a in args])


def spoil(workbook: Path) -> None:
    book = load_workbook(workbook)
    members = book["党员"]
    members["I3"] = "12345"  # 手机 of the second member
    members["D4"] = "B09"  # 所属支部 that does not exist
    book["单位"]["B4"] = "明年"  # 年度
    book.save(workbook)


def test_annotated_copy_marks_every_problem_and_lists_it_with_a_link(sample_workbook: Path,
                                                                     tmp_path: Path) -> None:
    spoil(sample_workbook)
    before = sample_workbook.read_bytes()
    target = tmp_path / "标注.xlsx"
    result = run("check", sample_workbook, "--annotate", target, "--json")
    assert result.exit_code == 1
    problems = json.loads(result.stdout)["problems"]
    assert sample_workbook.read_bytes() == before
    book = load_workbook(target)
    assert book.sheetnames[0] == "问题"
    listing = list(book["问题"].iter_rows(min_row=2, values_only=True))
    assert len(listing) == len(problems)
    by_cell = {(row[1], row[2], row[3]): row for row in listing}
    phone = by_cell[("党员", 3, "手机")]
    assert phone[0] == "错误" and "11位手机号" in phone[5]
    link = book["问题"].cell(2 + listing.index(phone), 7).hyperlink
    assert link.location == "'党员'!I3"
    marked = book["党员"]["I3"]
    assert marked.fill.fgColor.rgb.endswith("FFC7CE")
    assert "不是11位手机号" in marked.comment.text
    assert book["党员"]["D4"].comment is not None
    year = book["单位"]["B4"]
    assert "不是整数" in year.comment.text
    warnings = [p for p in problems if p["level"] == "warning" and p["row"]]
    assert warnings
    first = warnings[0]
    kind = {"错误": "FFC7CE", "警告": "FFEB9C"}
    row = by_cell[(first["sheet"], first["row"], first["column"])]
    assert row[0] == "警告"
    location = book["问题"].cell(2 + listing.index(row), 7).hyperlink.location
    sheet, coordinate = location.split("!")
    assert book[sheet.strip("'")][coordinate].fill.fgColor.rgb.endswith(kind["警告"])


def test_annotated_copy_replaces_only_an_earlier_copy(sample_workbook: Path, tmp_path: Path) -> None:
    spoil(sample_workbook)
    target = tmp_path / "标注.xlsx"
    assert run("check", sample_workbook, "--annotate", target).exit_code == 1
    assert run("check", sample_workbook, "--annotate", target).exit_code == 1  # replaced
    assert load_workbook(target).sheetnames.count("问题") == 1
    mine = tmp_path / "我的文件.xlsx"
    mine.write_bytes(sample_workbook.read_bytes())
    refused = run("check", sample_workbook, "--annotate", mine)
    assert refused.exit_code == 2 and "为免覆盖" in refused.output
    assert mine.read_bytes() == sample_workbook.read_bytes()
    same = run("check", sample_workbook, "--annotate", sample_workbook)
    assert same.exit_code == 2 and "不能与主台账同名" in same.output


def test_new_year_moves_the_year_on_and_keeps_zones_and_contacts(sample_workbook: Path) -> None:
    old, _ = check(sample_workbook)
    before = sample_workbook.read_bytes()
    target = sample_workbook.with_name("2027年主台账.xlsx")
    result = run("new-year", sample_workbook, "2027", "-o", target)
    assert result.exit_code == 0, result.output
    assert sample_workbook.read_bytes() == before
    new, problems = check(target)
    assert not problems.errors, [str(p) for p in problems.errors]
    assert new.company.year == 2027
    assert new.company.doc_number == "滨公交党发〔2027〕8号"
    assert new.company.doc_date is None and new.company.print_date is None
    assert new.scores == [] and new.pledges == []
    gone = {m.id for m in old.members.values() if not m.active}
    assert gone == {"M215"}
    assert set(new.members) == set(old.members) - gone
    assert all(m.active for m in new.members.values())
    assert {c.name for c in new.contacts} == {c.name for c in old.contacts if c.member_id not in gone}
    assert set(new.zones) == set(old.zones)
    assert len(new.roles) == len(old.roles)

    book = load_workbook(target)
    previous = list(book["上年度评定"].iter_rows(min_row=3, values_only=True))
    standings = Standings.of(old)
    expected = {line.member.id: line for b in old.branches for line in standings.year(b)
                if line.member.active}
    assert {row[0] for row in previous} == set(expected)
    for row in previous:
        line = expected[row[0]]
        assert row[4] == float(line.standing.total)
        assert row[6] == line.standing.band.grade


def test_new_year_drops_a_transferred_zone_holder_and_what_names_them(sample_rows: dict,
                                                                      workbook_from) -> None:
    zones = sample_rows["责任区"]
    parent = next(z for z in zones if z.get("上级责任区") and any(c.get("上级责任区") == z["责任区编号"]
                                                                for c in zones))
    holder = parent["责任党员"]
    for member in sample_rows["党员"]:
        if member["党员编号"] == holder:
            member["状态"] = "转出"
    for branch in sample_rows["支部"]:
        if branch["支部编号"] == parent["所属支部"]:
            branch["支部书记"] = holder
    # zones the holder held besides `parent` go too; sub-zones of `parent` move up to its parent
    workbook = workbook_from(sample_rows)
    old, _ = check(workbook)
    held = {z.id for z in old.zones.values() if z.member_id == holder}
    target = workbook.with_name("新.xlsx")
    result = run("new-year", workbook, "2027", "-o", target)
    assert result.exit_code == 0, result.output
    assert "已删除由转出党员负责的责任区" in result.output
    assert "支部书记已转出" in result.output
    new, problems = check(target)
    assert not problems.errors, [str(p) for p in problems.errors]
    assert not held & set(new.zones)
    for zone in new.zones.values():
        if old.zones[zone.id].parent_id == parent["责任区编号"]:
            assert zone.parent_id == parent["上级责任区"]
    assert new.branches[parent["所属支部"]].secretary_id == ""
    assert all(r.zone_id not in held and r.member_id != holder for r in new.roles)


def test_new_year_refuses_an_existing_target_and_an_earlier_year(sample_workbook: Path) -> None:
    target = sample_workbook.with_name("已有.xlsx")
    target.write_bytes(b"mine")
    taken = run("new-year", sample_workbook, "2027", "-o", target)
    assert taken.exit_code == 2 and "为免覆盖" in taken.output
    assert target.read_bytes() == b"mine"
    earlier = run("new-year", sample_workbook, "2026", "-o", sample_workbook.with_name("x.xlsx"))
    assert earlier.exit_code == 2 and "应晚于" in earlier.output
