"""A branch made in one task: its documents, then its volume and print bundles joined from them
as just made (build/workers.py `branch_tasks`)."""

from __future__ import annotations

import multiprocessing
import os
from pathlib import Path

import pytest

from zonedocs.build import Options, build, workers
from zonedocs.build.manifest import Manifest
from zonedocs.samples.synthetic import synthetic_data

NO_TASKS = 10**9  # a SHARE no branch is small enough for: documents first, composites after


@pytest.fixture
def roster(workbook_from) -> Path:
    """Ten branches of twelve members: each a tenth of the build."""
    return workbook_from(synthetic_data(120, branch_size=12, team_size=4))


def _files(out: Path) -> dict[str, bytes]:
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*.docx"))}


def _pages(out: Path) -> dict[str, int]:
    entries = Manifest.load(out, writable=False).entries
    return {path: entry.pages for path, entry in entries.items()}


def test_branches_made_in_one_task_each_give_what_two_phases_give(tmp_path, roster, monkeypatch):
    """Every file, and every part's pages as recorded for the next build, are the same
    whether each branch is one task or its documents and composites are two phases."""
    tasks, rest = workers.branch_tasks(_writes(roster, tmp_path / "plan"), 2)
    assert len(tasks) == 10 and all(task[-1].output.composite for task in tasks)
    assert all(not w.output.branch_id for w in rest)  # the company's documents only

    build(roster, Options(out=tmp_path / "one", jobs=2))
    monkeypatch.setattr(workers, "SHARE", NO_TASKS)
    build(roster, Options(out=tmp_path / "two", jobs=2))

    one, two = _files(tmp_path / "one"), _files(tmp_path / "two")
    assert len(one) > 100 and one == two
    pages = _pages(tmp_path / "one")
    assert pages == _pages(tmp_path / "two")
    cards = [path for path in pages if "/公示卡/" in path]
    assert len(cards) == 120 and all(pages[path] == 1 for path in cards)  # counted in the task


def test_a_branch_task_joins_its_documents_without_reading_their_files(tmp_path, roster,
                                                                        monkeypatch):
    read: list[str] = []
    original = Path.read_bytes

    def read_bytes(self: Path) -> bytes:
        if tmp_path in self.parents and self.suffix == ".docx":
            read.append(self.name)
        return original(self)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    build(roster, Options(out=tmp_path / "one", jobs=1))
    assert read == []
    monkeypatch.setattr(workers, "SHARE", NO_TASKS)
    build(roster, Options(out=tmp_path / "two", jobs=1))
    assert len(read) > 240  # in two phases, the cards and pledges are read back, twice each


@pytest.mark.skipif("fork" not in multiprocessing.get_all_start_methods(),
                    reason="changes the workers through a forked copy of this process")
def test_a_task_whose_documents_went_missing_is_made_again_in_the_build_process(
        tmp_path, roster, monkeypatch):
    """A worker that no longer holds what its task made (a composite finds neither it nor a
    file with the bytes expected) stops the task; the build makes the whole task again
    itself, and the files are as always."""
    build(roster, Options(out=tmp_path / "reference", jobs=2))
    parent = os.getpid()
    original = workers.Worker.run

    def run(self, write):
        if write.output.composite and os.getpid() != parent:
            self.made.clear()
        return original(self, write)

    again: list[int] = []
    original_task = workers.Worker.run_task

    def run_task(self, writes):
        if os.getpid() == parent:
            again.append(len(writes))
        return original_task(self, writes)

    monkeypatch.setattr(workers, "START_METHOD", "fork")
    monkeypatch.setattr(workers.Worker, "run", run)
    monkeypatch.setattr(workers.Worker, "run_task", run_task)
    build(roster, Options(out=tmp_path / "out", jobs=2))
    assert len(again) == 10 and min(again) > 36  # each branch's task, all of it
    assert _files(tmp_path / "out") == _files(tmp_path / "reference")
    assert _pages(tmp_path / "out") == _pages(tmp_path / "reference")


def _writes(workbook: Path, out: Path) -> list:
    """The writes a first build of `workbook` into `out` decides on."""
    from zonedocs.build import _plan
    from zonedocs.build.decide import decide
    from zonedocs.build.keys import Keys
    from zonedocs.documents import Source
    from zonedocs.templates import TemplateSet
    from zonedocs.workbook import load_valid

    roster, _ = load_valid(workbook)
    options = Options(out=out)
    keys = Keys(TemplateSet())
    manifest = Manifest.load(out, writable=False)
    plan = _plan(Source.of(roster), keys, manifest, options)
    return decide(plan.outputs, keys, manifest, options).writes
