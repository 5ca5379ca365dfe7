"""The garbage collector is held off while a build makes what it keeps, and nothing is kept
from it after the build (build/collector.py)."""

from __future__ import annotations

import gc
import weakref
from pathlib import Path

import pytest

from zonedocs.build import Options, build, collector


@pytest.fixture(autouse=True)
def _collector_as_found():
    enabled = gc.isenabled()
    yield
    gc.unfreeze()
    (gc.enable if enabled else gc.disable)()


class _Node:
    def __init__(self) -> None:
        self.other: _Node | None = None


def test_making_holds_the_collector_off_then_freezes_what_was_made():
    gc.enable()
    gc.unfreeze()
    with collector.making():
        assert not gc.isenabled()
        kept = [_Node() for _ in range(1000)]
    assert gc.isenabled()
    assert gc.get_freeze_count() >= len(kept)
    with collector.sparing():
        with collector.making():
            pass
        assert gc.get_freeze_count() > 0
    assert gc.get_freeze_count() == 0


def test_a_collector_turned_off_stays_off():
    gc.disable()
    with collector.sparing(), collector.making():
        pass
    assert not gc.isenabled()


def test_a_build_reads_without_the_collector_and_leaves_no_cycle_behind(
        tmp_path: Path, sample_workbook: Path, monkeypatch):
    """What the web page's process builds again and again: a cycle made while reading (the
    collector off, then frozen) is collected once the build is over."""
    import zonedocs.build as build_module

    seen: dict[str, object] = {}
    real = build_module.load_valid

    def load_valid(*args, **kwargs):
        seen["enabled while reading"] = gc.isenabled()
        a, b = _Node(), _Node()
        a.other, b.other = b, a
        seen["cycle"] = weakref.ref(a)
        return real(*args, **kwargs)

    monkeypatch.setattr(build_module, "load_valid", load_valid)
    gc.enable()
    build(sample_workbook, Options(out=tmp_path / "out", jobs=1))
    assert seen["enabled while reading"] is False
    assert gc.isenabled() and gc.get_freeze_count() == 0
    gc.collect()
    cycle = seen["cycle"]
    assert isinstance(cycle, weakref.ref) and cycle() is None


def test_the_roster_is_freed_when_the_build_returns_without_a_collection(
        tmp_path: Path, sample_workbook: Path, monkeypatch):
    """Nothing a build makes holds the roster in a reference cycle (a nested function that
    calls itself did): it is freed as soon as the build returns, not by a walk of the
    collector over everything it refers to, at exit or in the web page's process."""
    import zonedocs.build as build_module

    seen: list[weakref.ref] = []
    real = build_module.load_valid

    def load_valid(*args, **kwargs):
        roster, problems = real(*args, **kwargs)
        seen.append(weakref.ref(roster))
        return roster, problems

    monkeypatch.setattr(build_module, "load_valid", load_valid)
    gc.collect()
    gc.disable()
    build(sample_workbook, Options(out=tmp_path / "out", jobs=1))
    assert seen and seen[0]() is None
