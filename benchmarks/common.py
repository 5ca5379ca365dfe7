"""Shared helpers for the benchmark scripts: a cached synthetic workbook and a timer."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from zonedocs.samples.synthetic import synthetic_data
from zonedocs.workbook.writer import write_workbook

CACHE = Path(__file__).resolve().parent / ".cache"


def synthetic_workbook(members: int, seed: int = 1) -> Path:
    path = CACHE / f"synthetic-{members}-{seed}.xlsx"
    if not path.exists():
        CACHE.mkdir(exist_ok=True)
        write_workbook(path, synthetic_data(members, seed))
    return path


def best_of(runs: int, action: Callable[[], object]) -> float:
    """The fastest of `runs` timings of `action`, in seconds."""
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        action()
        best = min(best, time.perf_counter() - start)
    return best
