"""The worker processes of a build (build/workers.py `Pool`): when they start, and that one
set of them makes all of a build's outputs."""

from __future__ import annotations

import multiprocessing
import os
import subprocess
import sys

import pytest

from zonedocs.build import Options, build, workers

needs_fork = pytest.mark.skipif("fork" not in multiprocessing.get_all_start_methods(),
                                reason="forked workers are Linux's")


def _children_when_read(monkeypatch) -> list[int]:
    """How many worker processes there are when the build starts reading the workbook."""
    import zonedocs.build as build_module

    seen: list[int] = []
    original = build_module.load_valid

    def load_valid(*args, **kwargs):
        seen.append(len(multiprocessing.active_children()))
        return original(*args, **kwargs)

    monkeypatch.setattr(build_module, "load_valid", load_valid)
    return seen


@needs_fork
def test_forked_workers_start_before_the_workbook_is_read(tmp_path, sample_workbook, monkeypatch):
    """So that they share none of the roster and plan the build holds later."""
    seen = _children_when_read(monkeypatch)
    monkeypatch.setattr(workers, "START_METHOD", "fork")
    build(sample_workbook, Options(out=tmp_path / "out", jobs=2))
    assert seen == [2]
    assert multiprocessing.active_children() == []  # and are gone when the build is


def test_spawned_workers_and_a_build_on_one_core_start_none_early(tmp_path, sample_workbook,
                                                                  monkeypatch):
    seen = _children_when_read(monkeypatch)
    monkeypatch.setattr(workers, "START_METHOD", "spawn")
    build(sample_workbook, Options(out=tmp_path / "a", jobs=2))
    build(sample_workbook, Options(out=tmp_path / "b", jobs=1))
    build(sample_workbook, Options(out=tmp_path / "c", jobs=2, dry_run=True))
    assert seen == [0, 0, 0]
    assert multiprocessing.active_children() == []


@needs_fork
def test_a_build_in_a_thread_forks_no_worker_early(tmp_path, sample_workbook,
                                                            monkeypatch):
    """The web page builds in a thread of its server: forking there is left to the builds
    whose work needs the workers."""
    import threading

    seen = _children_when_read(monkeypatch)
    monkeypatch.setattr(workers, "START_METHOD", "fork")
    thread = threading.Thread(target=build, args=(sample_workbook, Options(out=tmp_path / "out",
                                                                             jobs=2)))
    thread.start()
    thread.join()
    assert seen == [0]
    assert (tmp_path / "out" / "2026").is_dir()  # and it was made, by workers started later


@needs_fork
def test_one_set_of_workers_makes_the_documents_and_then_the_composites(
        tmp_path, sample_workbook, monkeypatch):
    """A branch too large to be one task is made in two phases; the same workers serve
    both, each having compiled its templates once."""
    log = tmp_path / "makers.txt"
    original = workers.Worker.run

    def run(self, write):
        with log.open("a", encoding="utf-8") as file:
            file.write(f"{os.getpid()} {int(write.output.composite)}\n")
        return original(self, write)

    monkeypatch.setattr(workers, "START_METHOD", "fork")
    monkeypatch.setattr(workers, "SHARE", 10**9)  # no branch is one task
    monkeypatch.setattr(workers.Worker, "run", run)
    build(sample_workbook, Options(out=tmp_path / "out", jobs=2))
    made = [line.split() for line in log.read_text(encoding="utf-8").splitlines()]
    documents = {pid for pid, composite in made if composite == "0"}
    composites = {pid for pid, composite in made if composite == "1"}
    assert composites and len(documents | composites) <= 2
    assert str(os.getpid()) not in documents | composites


def test_a_bad_templates_folder_stops_the_build_before_any_worker_starts(tmp_path,
                                                                         sample_workbook):
    """The message the build gives, and nothing else: no worker fails to start on it."""
    result = subprocess.run(
        [sys.executable, "-m", "zonedocs", "build", str(sample_workbook), "-o", str(tmp_path / "out"),
         "--templates", str(tmp_path / "无"), "-j", "2"],
        capture_output=True, text=True, encoding="utf-8", timeout=120, check=False)
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [f"错误：--templates 指定的文件夹不存在：{tmp_path / '无'}"]


@needs_fork
def test_what_the_build_froze_stays_frozen_while_workers_start_late(tmp_path, sample_workbook,
                                                                   monkeypatch):
    """Starting forked workers freezes the heap for them, and must not thaw the roster and
    plan the build froze for its own collector (collector.py) while it records results;
    everything is thawed when the build ends."""
    import gc
    import threading

    import zonedocs.build as build_module

    frozen: list[int] = []
    original = build_module.record

    def record(*args, **kwargs):
        frozen.append(gc.get_freeze_count())
        return original(*args, **kwargs)

    monkeypatch.setattr(workers, "START_METHOD", "fork")
    monkeypatch.setattr(build_module, "record", record)
    thread = threading.Thread(target=build, args=(sample_workbook, Options(out=tmp_path / "out",
                                                                             jobs=2)))
    thread.start()
    thread.join()
    assert frozen and min(frozen) > 10_000
    assert gc.get_freeze_count() == 0
