"""Exact incremental builds: what a change touches is rewritten, nothing else is touched,
nothing a person made is lost."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from zonedocs.build import Options, build
from zonedocs.build.outputdir import OutputLock
from zonedocs.cli import main
from zonedocs.documents import DocKind
from zonedocs.problems import UsageError
from zonedocs.workbook.writer import write_workbook


def snapshot(out: Path) -> dict[str, tuple[int, bytes]]:
    return {str(p.relative_to(out)): (p.stat().st_mtime_ns, p.read_bytes())
            for p in out.rglob("*") if p.is_file() and ".zonedocs" not in p.parts}


def changed(before: dict, after: dict) -> set[str]:
    return {k for k in before.keys() | after.keys() if before.get(k) != after.get(k)}


@pytest.fixture
def site(tmp_path: Path, sample_rows):
    """A workbook and an output folder built once from it; `rebuild(rows)` writes new rows."""
    workbook = tmp_path / "主台账.xlsx"
    out = tmp_path / "out"
    write_workbook(workbook, sample_rows)
    (tmp_path / "照片").mkdir()

    def rebuild(rows=None, **options):
        if rows is not None:
            write_workbook(workbook, rows)
        return build(workbook, Options(out=out, jobs=1, **options))

    first = rebuild()
    assert first.written and not first.unchanged
    return out, rebuild


def member(rows, member_id):
    return next(m for m in rows["党员"] if m["党员编号"] == member_id)


def test_second_build_writes_nothing(site, sample_rows):
    out, rebuild = site
    before = snapshot(out)
    report = rebuild(sample_rows)
    assert report.written == [] and report.removed == []
    assert snapshot(out) == before


def test_phone_change_rewrites_exactly_the_documents_that_show_it(site, sample_rows):
    out, rebuild = site
    before = snapshot(out)
    member(sample_rows, "M104")["手机"] = "13912345678"
    report = rebuild(sample_rows)
    name = member(sample_rows, "M104")["姓名"]
    folder = "2026/B01-第一运营分公司党支部"
    expected = {f"{folder}/公示卡/M104-{name}.docx"}  # signs show public phones, not the holder's
    expected |= {f"{folder}/档案卷.docx", f"{folder}/打印/公示卡合订本.docx"}  # they hold the card
    assert changed(before, snapshot(out)) == expected
    assert {p for p, _ in report.written} == expected
    card_reason = dict(report.written)[f"2026/B01-第一运营分公司党支部/公示卡/M104-{name}.docx"]
    assert "手机" in card_reason


def test_an_entry_rewritten_without_its_fields_read_keeps_them(site, sample_rows):
    """`--pdf` gives a volume LibreOffice's page numbers in a later run, and a build records
    counted pages: each puts an entry whose field digests were never read. They must stay, or
    the next change is reported as a change of every field and every part."""
    from dataclasses import replace

    from zonedocs.build.manifest import Manifest

    out, rebuild = site
    volume = next(str(p.relative_to(out)) for p in out.rglob("档案卷.docx") if "B01-" in str(p))
    with Manifest.load(out) as manifest:
        entry = manifest.entries[volume]
        assert entry.fields is None  # not read: they are read on demand
        manifest.put(volume, replace(entry))
        manifest.save()
    score = next(s for s in sample_rows["季度评分"] if s["党员编号"] == "M101")
    score["自评"] = 61
    reasons = dict(rebuild(sample_rows).written)
    assert reasons[volume].startswith("所含文书有变化："), reasons[volume]
    assert "考核表" in reasons[volume] and "公示卡" not in reasons[volume]


def test_a_volume_keeps_the_page_counts_it_needed_only_for_the_same_code(site):
    """The pages a volume's 卷内目录 needed (its cover, the parts it makes itself) are kept
    with it, read back only by the rendering code that counted them, and go with it."""
    from zonedocs.build.keys import rendering_code
    from zonedocs.build.manifest import Manifest

    out, _ = site
    volume = next(str(p.relative_to(out)) for p in out.rglob("档案卷.docx") if "B01-" in str(p))
    code = rendering_code()
    with Manifest.load(out) as manifest:
        counts = manifest.page_counts(volume, code)
        assert counts and all(len(k) == 64 and v > 0 for k, v in counts.items())
        assert manifest.page_counts(volume, "another code") == {}
        manifest.drop(volume)
        manifest.save()
    with Manifest.load(out) as manifest:
        assert manifest.page_counts(volume, code) == {}


def test_the_manifest_writes_back_the_plans_that_changed_and_forgets_the_ones_gone(site):
    """Only the branches whose plan changed are written back (a rebuild rewrote megabytes of
    unchanged plans), and what is read back is exactly what was set."""
    from zonedocs.build.manifest import Manifest

    out, _ = site
    with Manifest.load(out) as manifest:
        plans = dict(manifest.plans)
        manifest.set_plans(dict(plans))
        assert manifest._plans_changed == set()  # the same plans: nothing to write
    first, second, *_ = sorted(b for b in plans if b)
    changed = {**plans, first: ("another digest", {"2026/别处.docx": "k"})}
    del changed[second]
    with Manifest.load(out) as manifest:
        manifest.set_plans(changed)
        assert manifest._plans_changed == {first, second}
        manifest.save()
    with Manifest.load(out) as manifest:
        assert manifest.plans == changed


def test_transfer_moves_documents_and_keeps_the_old_ones(site, sample_rows):
    out, rebuild = site
    m = member(sample_rows, "M105")
    m["所属支部"], m["所在班组"] = "B02", "T201"
    report = rebuild(sample_rows)
    old = "2026/B01-第一运营分公司党支部/公示卡/M105-张伟.docx"
    new = "2026/B02-第二运营分公司党支部/公示卡/M105-张伟.docx"
    assert not (out / old).exists() and (out / new).exists()
    assert "调动" in dict(report.written)[new]
    moved = dict(report.removed)[old]
    assert (out / moved).is_file() and ".zonedocs" in moved


def test_deleted_member_leaves_the_tree_into_the_trash(site, sample_rows):
    out, rebuild = site
    name = member(sample_rows, "M310")["姓名"]
    sample_rows["党员"] = [m for m in sample_rows["党员"] if m["党员编号"] != "M310"]
    for table in ("联系人", "承诺", "季度评分"):
        sample_rows[table] = [r for r in sample_rows[table] if r["党员编号"] != "M310"]
    sample_rows["责任区"] = [z for z in sample_rows["责任区"] if z["责任党员"] != "M310"]
    report = rebuild(sample_rows)
    gone = {p for p, _ in report.removed}
    assert f"2026/B03-机关党支部/公示卡/M310-{name}.docx" in gone
    assert f"2026/B03-机关党支部/承诺书/M310-{name}.docx" in gone
    for path, moved in report.removed:
        assert not (out / path).exists()
        assert (out / moved).is_file()
        assert moved.startswith(".zonedocs/回收站/")


def test_template_change_rebuilds_all_its_outputs_and_nothing_else(site, sample_rows, tmp_path):
    out, rebuild = site
    before = snapshot(out)
    import docx

    from zonedocs.templates import default_folder

    custom = tmp_path / "我的模板"
    custom.mkdir()
    document = docx.Document(str(default_folder() / "标志牌.docx"))
    document.add_paragraph("欢迎监督")
    document.save(str(custom / "标志牌.docx"))
    report = rebuild(sample_rows, templates=custom)
    signs = {k for k in before if "/标志牌/" in k}
    volumes = {k for k in before if k.endswith("档案卷.docx")}  # each volume holds its signs
    assert changed(before, snapshot(out)) == signs | volumes
    assert all(reason == "模板已修改" for path, reason in report.written if path in signs)


def test_hand_edited_file_is_never_overwritten(site, sample_rows):
    out, rebuild = site
    name = member(sample_rows, "M203")["姓名"]
    card = out / f"2026/B02-第二运营分公司党支部/公示卡/M203-{name}.docx"
    card.write_bytes(card.read_bytes())  # the same bytes again (a new mtime): not an edit
    assert str(card.relative_to(out)) in rebuild(sample_rows).unchanged
    edited = card.read_bytes() + b"\0"
    card.write_bytes(edited)
    report = rebuild(sample_rows)  # nothing changed in the workbook: the edit is kept in place
    assert card.read_bytes() == edited
    assert str(card.relative_to(out)) in report.edited_kept
    member(sample_rows, "M203")["岗位"] = "线路长"  # now the source changes: edit moved aside
    report = rebuild(sample_rows)
    aside = card.with_name(f"M203-{name}（手工修改）.docx")
    assert aside.read_bytes() == edited
    assert card.read_bytes() != edited
    assert report.edited_moved == [(str(card.relative_to(out)), str(aside.relative_to(out)))]


def test_force_rebuilds_everything_but_keeps_edits(site, sample_rows):
    out, rebuild = site
    sign = next(out.glob("2026/*/标志牌/*.docx"))
    sign.write_bytes(b"edited by hand")
    report = rebuild(sample_rows, force=True)
    assert len(report.written) == len(snapshot(out)) - 1  # all but the kept copy
    assert sign.with_name(sign.stem + "（手工修改）.docx").read_bytes() == b"edited by hand"


def test_dry_run_reports_reasons_and_writes_nothing(site, sample_rows):
    out, rebuild = site
    before = snapshot(out)
    member(sample_rows, "M104")["岗位"] = "驾驶员（夜班）"
    report = rebuild(sample_rows, dry_run=True)
    assert snapshot(out) == before
    reasons = dict(report.planned)
    assert any("岗位" in r for r in reasons.values())


def test_only_and_branch_do_not_prune_outside_their_scope(site, sample_rows):
    out, rebuild = site
    before = snapshot(out)
    report = rebuild(sample_rows, only=frozenset({DocKind.CARD}), branch="B01")
    assert report.removed == [] and report.written == []
    assert snapshot(out) == before


def test_concurrent_build_is_refused(site, sample_rows):
    out, rebuild = site
    with OutputLock(out), pytest.raises(UsageError, match="另一个 zonedocs"):
        rebuild(sample_rows)


def test_cli_build_json_and_exit_codes(tmp_path, sample_workbook):
    runner = CliRunner()
    out = tmp_path / "out"
    result = runner.invoke(main, ["build", str(sample_workbook), "-o", str(out), "--json", "-j", "1"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert len(data["written"]) > 100 and data["removed"] == []
    again = json.loads(runner.invoke(main, ["build", str(sample_workbook), "-o", str(out),
                                            "--json"]).output)
    assert again["written"] == [] and len(again["unchanged"]) == len(data["written"])
    bad = runner.invoke(main, ["build", str(sample_workbook), "--only", "名片"])
    assert bad.exit_code == 2 and "不是文书种类" in bad.output
    bad = runner.invoke(main, ["build", str(sample_workbook), "--branch", "B99", "-o", str(out)])
    assert bad.exit_code == 2 and "没有这个支部" in bad.output


def test_build_with_input_errors_exits_1_and_writes_nothing(tmp_path, sample_rows, workbook_from):
    sample_rows["季度评分"][0]["自评"] = "优"
    result = CliRunner().invoke(main, ["build", str(workbook_from(sample_rows)), "-o",
                                       str(tmp_path / "out")])
    assert result.exit_code == 1
    assert '季度评分 第2行 「自评」: "优" 不是数字' in result.output
    assert not (tmp_path / "out" / "2026").exists()


def test_the_folder_is_searched_for_leftovers_only_when_the_last_build_did_not_end(site, monkeypatch):
    """A build that ends has removed its own temporary files, so the next one does not search
    the folder for them; after one that never ended (killed), the next one does."""
    from zonedocs.build import outputdir

    out, rebuild = site
    searched: list[Path] = []
    search = outputdir.remove_leftovers
    monkeypatch.setattr(outputdir, "remove_leftovers", lambda root: searched.append(root) or search(root))
    rebuild()
    rebuild(dry_run=True)
    assert searched == []
    killed = outputdir.leftovers_cleared(out)
    killed.__enter__()  # a build begins, writes a temporary file, and is killed
    folder = next(out.glob("2026/B01-*"))
    leftover = folder / f".档案卷.docx{outputdir.TEMP_MARK}4242"
    leftover.write_bytes(b"half a file")
    rebuild(dry_run=True)  # a dry run searches too, and leaves the folder unmarked
    assert searched == [out] and not leftover.exists()
    leftover.write_bytes(b"half a file")
    rebuild()
    assert searched == [out, out] and not leftover.exists()
    rebuild()
    assert searched == [out, out]


def test_killed_build_is_followed_by_a_clean_complete_build(tmp_path: Path):
    from zonedocs.samples.synthetic import synthetic_data

    workbook = tmp_path / "big.xlsx"
    write_workbook(workbook, synthetic_data(1500, seed=7, quarters=1))
    out = tmp_path / "out"
    command = [sys.executable, "-m", "zonedocs.cli", "build", str(workbook), "-o", str(out), "-j", "2"]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                               start_new_session=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and len(list(out.rglob("*.docx"))) < 300:
        time.sleep(0.05)
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    partial = len(list(out.rglob("*.docx")))
    assert partial > 0
    report = build(workbook, Options(out=out, jobs=1))
    assert not [p for p in out.rglob("*") if ".zonedocs-tmp-" in p.name]
    fresh = tmp_path / "fresh"
    build(workbook, Options(out=fresh, jobs=1))
    produced = {str(p.relative_to(out)): p.read_bytes() for p in out.rglob("*.docx")}
    expected = {str(p.relative_to(fresh)): p.read_bytes() for p in fresh.rglob("*.docx")}
    assert produced == expected
    assert not report.edited_moved  # files the killed build wrote are recognised, not "edited"
    third = build(workbook, Options(out=out, jobs=1))
    assert third.written == []
