"""Keeping Python's cyclic garbage collector from walking a build's long-lived objects.

Reading a roster of ten thousand members, loading the manifest and planning make several
hundred thousand objects that stay for the whole build (records, members, scores, the
manifest's entries, the plans) and almost no reference cycles. CPython walks every object it
tracks each time their number has grown by a quarter: at ten thousand members those walks
took 0.65 s of a 2.9 s rebuild, nearly all of it in the eight full walks.

Within `making()` the collector does not run, and at its end what was made is frozen
(`gc.freeze`): later collections leave it alone, and it is still freed as usual when nothing
refers to it. `build()` runs inside `sparing()`, which thaws everything at its end, so that in
a process that goes on (the web page's) what a build left in cycles is collected after all.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def sparing() -> Iterator[None]:
    """One build: what `making()` froze within is handed back to the collector at the end."""
    try:
        yield
    finally:
        gc.unfreeze()


@contextmanager
def making() -> Iterator[None]:
    """A stretch that makes many objects to keep: the collector is held off, then they are
    frozen out of its walks. A collector someone turned off stays off."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if enabled:
            gc.enable()
