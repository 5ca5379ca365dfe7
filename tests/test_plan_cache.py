"""Reusing a branch's plan is only right if its digest takes in everything its documents read;
and the same for the 考核汇总's plan and its digest.

The soundness test changes every field of a record of every kind — on a roster where zones,
parents and roles cross branch lines — and checks the rule the build relies on: a branch (or
the 考核汇总) whose digest did not change has exactly the same outputs, with the same keys, as
before.
"""

from __future__ import annotations

import copy
import dataclasses
import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest

from zonedocs import documents
from zonedocs.build import Options, build
from zonedocs.build.keys import Keys
from zonedocs.build.plancache import SUMMARY_SCOPE, branch_digests, summary_digest
from zonedocs.documents import DocKind, Source
from zonedocs.model import Roster
from zonedocs.templates import TemplateSet
from zonedocs.workbook import load_valid
from zonedocs.workbook.writer import write_workbook

TEMPLATES = TemplateSet()


@pytest.fixture(scope="module")
def crossed(tmp_path_factory) -> Roster:
    """The sample roster with a zone of B01 held by a member of B02, a zone of B01 under a
    zone of B02, and a zone role taken by a member of another branch."""
    from zonedocs.samples.company import write_sample

    roster, _ = load_valid(write_sample(tmp_path_factory.mktemp("sample")))
    b1 = roster.zones_in("B01")
    b2 = roster.zones_in("B02")
    b1[-1].member_id = roster.members_of("B02")[3].id
    b1[-2].parent_id = b2[0].id
    role = roster.roles[0]
    elsewhere = next(b for b in roster.branches if b != roster.zones[role.zone_id].branch_id)
    role.member_id = roster.members_of(elsewhere)[2].id
    return _fresh(roster)


def _fresh(roster: Roster) -> Roster:
    """A copy whose groupings are made anew from its (changed) records."""
    return dataclasses.replace(copy.deepcopy(roster))


def _digests(roster: Roster) -> dict[str, str]:
    return branch_digests(Source.of(roster), list(roster.branches), Keys(TEMPLATES))


def _outputs(roster: Roster) -> tuple[dict[str, str], dict[str, dict[str, str]]]:
    source = Source.of(roster)
    keys = Keys(TEMPLATES)
    digests = branch_digests(source, list(roster.branches), keys)
    digests[SUMMARY_SCOPE] = summary_digest(source, keys)
    by_branch: dict[str, dict[str, str]] = {b: {} for b in [*roster.branches, SUMMARY_SCOPE]}
    for output in documents.plan(source):
        if output.kind is DocKind.SUMMARY:
            by_branch[SUMMARY_SCOPE][str(output.path)] = keys.of(output)
        elif output.branch_id:
            by_branch[output.branch_id][str(output.path)] = keys.of(output)
    assert by_branch[SUMMARY_SCOPE], "the sample has scores: it has a 考核汇总"
    return digests, by_branch


def _targets(roster: Roster) -> list[tuple[str, object]]:
    """One record of each kind, chosen where the crossings are, plus the company-wide ones."""
    zone = roster.zones_in("B01")[-1]
    holder = roster.members[zone.member_id]
    role = roster.roles[0]
    member = roster.members_of("B01")[0]
    return [
        ("company", roster.company), ("settings", roster.settings), ("leader", roster.leaders[0]),
        ("task", next(iter(roster.tasks.values()))), ("branch", roster.branches["B02"]),
        ("team", roster.teams[holder.team_id] if holder.team_id else next(iter(roster.teams.values()))),
        ("member", member), ("holder", holder), ("role member", roster.members[role.member_id]),
        ("zone", zone), ("parent zone", roster.zones[roster.zones_in("B01")[-2].parent_id]),
        ("role", role), ("contact", roster.contacts_of(member.id)[0]),
        ("pledge", roster.pledges_of(member.id)[0]), ("score", roster.scores_of(member.id)[0]),
    ]


def _other(roster: Roster, name: str, value: object, owner: object) -> object:
    """A different value of the same kind, valid where the field refers to a record."""
    pools = {"branch_id": list(roster.branches), "member_id": list(roster.members),
             "secretary_id": list(roster.members), "team_id": list(roster.teams),
             "parent_id": list(roster.zones), "zone_id": list(roster.zones)}
    if name in pools:
        return next(v for v in reversed(pools[name]) if v != value and v != getattr(owner, "id", None))
    if name in ("team_ids", "task_ids"):
        pool = list(roster.teams if name == "team_ids" else roster.tasks)
        return [*value, next(v for v in pool if v not in value)]
    if name == "status":
        return "转出" if value != "转出" else "正式党员"
    if name == "quarter":
        return 4 if value != 4 else 1
    if name == "filing_date":
        return dt.date(2026, 12, 31) if value is None else None
    if isinstance(value, bool):
        return not value
    if isinstance(value, (int, Decimal)):
        return value + 1
    if isinstance(value, str):
        return value + "改"
    if isinstance(value, dt.date):
        return value + dt.timedelta(days=1)
    if isinstance(value, list):
        return [*value, "又一项"]
    if isinstance(value, tuple):
        return ("改", *value[1:])
    if isinstance(value, dict):
        first = next(iter(value))
        return {**value, first: (value[first] or Decimal(0)) + 1}
    if value is None or isinstance(value, Path):
        return None if value is not None else Path("照片") / "M101.png"
    raise AssertionError(f"no mutation for {name}={value!r}")


def test_a_branch_with_an_unchanged_digest_has_unchanged_outputs(crossed: Roster):
    digests, keys = _outputs(crossed)
    checked = 0
    summary_kept, summary_planned = [], []
    for label, record in _targets(crossed):
        for field in dataclasses.fields(record):
            if field.name in ("id", "row") or (label == "company" and field.name == "year"):
                continue  # renaming an ID breaks references; a new year moves every file
            mutated = _fresh(crossed)
            target = next(r for lbl, r in _targets(mutated) if lbl == label)
            setattr(target, field.name, _other(mutated, field.name, getattr(target, field.name), target))
            try:
                new_digests, new_keys = _outputs(_fresh(mutated))  # indexes made after the change
            except (KeyError, StopIteration):
                continue  # a combination the workbook checks would refuse
            for branch in [*crossed.branches, SUMMARY_SCOPE]:
                if new_digests[branch] == digests[branch]:
                    assert new_keys[branch] == keys[branch], \
                        f"{label}.{field.name} changed {branch or '考核汇总'}'s documents but not its digest"
            unchanged = new_digests[SUMMARY_SCOPE] == digests[SUMMARY_SCOPE]
            (summary_kept if unchanged else summary_planned).append(f"{label}.{field.name}")
            checked += 1
    assert checked > 60
    assert "member.mobile" in summary_kept and "score.ratings" in summary_planned  # not vacuous


def test_digest_follows_the_photo_file(tmp_path: Path):
    from zonedocs.samples.company import write_sample

    workbook = write_sample(tmp_path)
    roster, _ = load_valid(workbook)
    before = _digests(roster)
    photo = tmp_path / "照片" / "M101.png"
    photo.write_bytes(photo.read_bytes() + b"\0")
    after = _digests(roster)
    branch = roster.members["M101"].branch_id
    assert before[branch] != after[branch]
    assert all(before[b] == after[b] for b in roster.branches if b != branch)


def test_rebuild_plans_only_the_changed_branch_and_writes_what_a_full_plan_would(
        tmp_path: Path, sample_rows, monkeypatch):
    workbook, out = tmp_path / "主台账.xlsx", tmp_path / "out"
    write_workbook(workbook, sample_rows)
    build(workbook, Options(out=out, jobs=1))
    planned: list = []
    kinds: list = []
    real_plan = documents.plan
    monkeypatch.setattr(documents, "plan", lambda source, only=None, branches=None:
                        planned.append(branches) or kinds.append(only) or real_plan(source, only, branches))
    member = next(m for m in sample_rows["党员"] if m["党员编号"] == "M203")
    member["手机"] = "13912345678"
    write_workbook(workbook, sample_rows)
    report = build(workbook, Options(out=out, jobs=1))
    assert planned == [["B02"]]
    assert DocKind.SUMMARY not in kinds[0] and DocKind.OPINION in kinds[0]  # the 考核汇总 is known
    assert "2026/考核汇总.xlsx" in report.unchanged
    reasons = dict(report.written)
    assert reasons[next(p for p in reasons if p.endswith("档案卷.docx"))].startswith("所含文书有变化：")
    assert "M203" in reasons[next(p for p in reasons if p.endswith("档案卷.docx"))]
    written = {path for path, _ in report.written} | set(report.adopted)  # adopted: same bytes
    fresh = build(workbook, Options(out=tmp_path / "fresh", jobs=1))
    assert set(report.unchanged) | written == {path for path, _ in fresh.written}
    for path in written | set(report.unchanged):
        assert (out / path).read_bytes() == (tmp_path / "fresh" / path).read_bytes(), path


def test_a_changed_score_plans_the_summary_again_and_writes_what_a_full_plan_would(
        tmp_path: Path, sample_rows):
    workbook, out = tmp_path / "主台账.xlsx", tmp_path / "out"
    write_workbook(workbook, sample_rows)
    build(workbook, Options(out=out, jobs=1))
    score = next(s for s in sample_rows["季度评分"] if s["党员编号"] == "M101")
    score["自评"] = 61
    write_workbook(workbook, sample_rows)
    report = build(workbook, Options(out=out, jobs=1))
    summary = "2026/考核汇总.xlsx"
    assert summary in dict(report.written)
    build(workbook, Options(out=tmp_path / "fresh", jobs=1))
    assert (out / summary).read_bytes() == (tmp_path / "fresh" / summary).read_bytes()
    (out / summary).unlink()  # a known 考核汇总 whose file is gone is made again
    again = build(workbook, Options(out=out, jobs=1))
    assert [p for p, _ in again.written] == [summary]
    assert (out / summary).read_bytes() == (tmp_path / "fresh" / summary).read_bytes()


def test_a_missing_file_in_an_unchanged_branch_is_made_again(tmp_path: Path, sample_rows):
    workbook, out = tmp_path / "主台账.xlsx", tmp_path / "out"
    write_workbook(workbook, sample_rows)
    first = build(workbook, Options(out=out, jobs=1))
    card = next(p for p, _ in first.written if "公示卡/" in p)
    original = (out / card).read_bytes()
    (out / card).unlink()
    again = build(workbook, Options(out=out, jobs=1))
    assert [p for p, _ in again.written] == [card]
    assert (out / card).read_bytes() == original


def test_a_changed_program_plans_every_branch_again(tmp_path: Path, sample_rows, monkeypatch):
    from zonedocs.documents import inputs

    workbook, out = tmp_path / "主台账.xlsx", tmp_path / "out"
    write_workbook(workbook, sample_rows)
    build(workbook, Options(out=out, jobs=1))
    monkeypatch.setattr(inputs, "program_digest", lambda: "another program")
    planned: list = []
    real_plan = documents.plan
    monkeypatch.setattr(documents, "plan", lambda source, only=None, branches=None:
                        planned.append(branches) or real_plan(source, only, branches))
    report = build(workbook, Options(out=out, jobs=1))
    assert planned == [["B01", "B02", "B03"]] and report.written == []
