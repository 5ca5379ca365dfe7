"""A time limit for rendering one template, on every platform: a watchdog thread raises
`RenderTimeout` in the rendering thread when its deadline passes (CPython's asynchronous
exceptions; Windows has no SIGALRM). A template with loops that would run for hours ends in a
message instead of hanging the build."""

from __future__ import annotations

import ctypes
import threading
import time
from types import TracebackType

LIMIT_SECONDS = 30.0
_deadlines: dict[int, float] = {}  # thread id -> monotonic deadline
_lock = threading.Lock()
_watchdog: threading.Thread | None = None


class RenderTimeout(Exception):
    """Raised in the rendering thread when its deadline has passed."""


class Deadline:
    """`with Deadline():` — the block is interrupted after LIMIT_SECONDS."""

    def __init__(self, seconds: float | None = None) -> None:
        self.seconds = LIMIT_SECONDS if seconds is None else seconds

    def __enter__(self) -> Deadline:
        _start_watchdog()
        with _lock:
            _deadlines[threading.get_ident()] = time.monotonic() + self.seconds
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 traceback: TracebackType | None) -> None:
        with _lock:
            _deadlines.pop(threading.get_ident(), None)


def _start_watchdog() -> None:
    global _watchdog
    with _lock:
        if _watchdog is None or not _watchdog.is_alive():
            _watchdog = threading.Thread(target=_watch, name="zonedocs-deadline", daemon=True)
            _watchdog.start()


def _watch() -> None:
    while True:
        time.sleep(0.2)
        now = time.monotonic()
        with _lock:
            late = [thread for thread, until in _deadlines.items() if now > until]
            for thread in late:
                del _deadlines[thread]
        for thread in late:
            ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(thread),
                                                       ctypes.py_object(RenderTimeout))
