"""Shared helpers for the benchmark scripts: a cached synthetic workbook and a timer."""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable
from pathlib import Path

from zonedocs.samples.synthetic import synthetic_data
from zonedocs.workbook.writer import write_workbook

CACHE = Path(__file__).resolve().parent / ".cache"


def synthetic_workbook(members: int, seed: int = 1, branch_size: int = 100) -> Path:
    path = CACHE / f"synthetic-{members}-{seed}-{branch_size}.xlsx"
    if not path.exists():
        CACHE.mkdir(exist_ok=True)
        write_workbook(path, synthetic_data(members, seed, branch_size=branch_size))
    return path


def best_of(runs: int, action: Callable[[], object]) -> float:
    """The fastest of `runs` timings of `action`, in seconds."""
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        action()
        best = min(best, time.perf_counter() - start)
    return best


class PeakMemory:
    """Samples the proportional set size (PSS) of this process and its children every 0.2 s;
    PSS counts pages that forked workers share with the parent once, unlike RSS."""

    def __init__(self) -> None:
        self.peak_mib = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> PeakMemory:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        while not self._stop.wait(0.2):
            self.peak_mib = max(self.peak_mib, sum(_pss_kib(p) for p in _tree(os.getpid())) / 1024)


def _tree(pid: int) -> list[int]:
    pids = [pid]
    try:
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        return pids
    for child in children:
        pids += _tree(int(child))
    return pids


def _pss_kib(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0
