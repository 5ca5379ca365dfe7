"""Rendering and writing outputs, in worker processes when there are many.

A worker gets everything it needs as arguments (the template folder, the output folder), so
the pool runs under `spawn` (Windows, macOS) as under `fork` (Linux's default). Each worker
holds its state in a `Worker` the pool initializer makes, and exits when the process that
started it is gone, so a killed build leaves no worker holding the output folder.

A file that cannot be written (open in Word/WPS, read-only, a folder in its place) does not
stop the build: its result carries the message, and the next build writes it.
"""

from __future__ import annotations

import gc
import hashlib
import multiprocessing
import os
import signal
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field, replace
from pathlib import Path

from ..documents import Composite, Part
from ..render.prepared import PreparedParts
from ..templates import TemplateSet
from .allocator import keep_freed_memory
from .decide import Write
from .keys import field_digests, rendering_code
from .manifest import STATE_DIR, file_sha256
from .outputdir import PREPARED, describe, move_aside, write_atomic
from .produce import Made, PageCounts, PartLoader, PartPages, PartUnavailable, produce, rendered

SMALL_BUILD = 64  # less work than this many documents is done in the build's own process
BATCH = 64
START_METHOD: str | None = None  # None: the platform's default (tests set "spawn")


@dataclass(frozen=True)
class Written:
    """What became of one write: the bytes now at the path, or why it could not be done."""

    sha256: str = ""
    size: int = 0
    mtime_ns: int = 0
    adopted: bool = False  # the file already held exactly these bytes
    moved_to: str = ""  # where a file a person edited was renamed to
    fields: dict[str, str] | None = None
    failure: str = ""  # the Chinese message when the file could not be written
    part_pages: PartPages = field(default_factory=dict)  # a composite's parts counted on the way
    page_counts: dict[str, int] = field(default_factory=dict)  # what a composite's 卷内目录 needed


class Worker:
    """Renders and writes outputs into one output folder with one set of templates."""

    def __init__(self, templates: Path | None, root: Path) -> None:
        self.templates = TemplateSet(templates, PreparedParts(root / STATE_DIR / PREPARED,
                                                              rendering_code(), write_atomic))
        self.root = root
        # the documents made so far in a task that ends in composites: path -> what was made
        self.made: dict[str, Made] = {}
        self.keeping = False

    def run_task(self, writes: list[Write]) -> list[Written]:
        """Run the writes in order. A composite among them joins the documents made before it
        in the same task as they were made, not read back from their files."""
        self.keeping = any(isinstance(w.output, Composite) for w in writes)
        try:
            return [self.run(w) for w in writes]
        finally:
            self.made.clear()
            self.keeping = False

    def run(self, write: Write) -> Written:
        output = write.output
        counted: PartPages = {}
        counts = PageCounts(write.page_counts)
        document = None
        if isinstance(output, Composite):
            data = produce(output, self.templates, self._part_loader(write), counted, counts)
        elif output.template is not None:
            data, document = rendered(output, self.templates)
        else:
            data = produce(output, self.templates)
        path = self.root / str(output.path)
        digest = hashlib.sha256(data).hexdigest()
        if self.keeping and document is not None:
            self.made[str(output.path)] = Made(data, 0, digest, document)
        fields = None if isinstance(output, Composite) else field_digests(output)
        moved_to = ""
        try:
            if path.is_dir():
                raise IsADirectoryError(21, "Is a directory", str(path))
            if path.is_file():
                if not write.forced and path.stat().st_size == len(data) and file_sha256(path) == digest:
                    stat = path.stat()  # already right: an interrupted build, or an upgrade
                    return Written(digest, stat.st_size, stat.st_mtime_ns, True, fields=fields,
                                   part_pages=counted, page_counts=counts.used)
                if write.keep_aside:
                    moved_to = str(move_aside(path).relative_to(self.root))
            stat = write_atomic(path, data)
        except OSError as exc:
            return Written(moved_to=moved_to, failure=describe(exc))
        return Written(digest, stat.st_size, stat.st_mtime_ns, False, moved_to, fields,
                       part_pages=counted, page_counts=counts.used)

    def _part_loader(self, write: Write) -> PartLoader:
        def load(part: Part) -> Made | None:
            made = self.made.get(part.path)
            if made is not None:  # made just now, in this task: its pages are counted here
                return made
            expected = write.part_files.get(part.path)
            if expected is None:
                return None
            try:
                data = (self.root / part.path).read_bytes()
            except OSError:
                return None
            sha256, pages = expected
            return Made(data, pages, sha256) if hashlib.sha256(data).hexdigest() == sha256 else None

        return load


_worker: Worker | None = None


def _start_worker(templates: Path | None, root: Path, parent: int) -> None:
    global _worker
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C is the build's to handle, not ours
    keep_freed_memory()
    _worker = Worker(templates, root)
    threading.Thread(target=_exit_with_parent, args=(parent,), daemon=True).start()


def _exit_with_parent(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(0.5)
    os._exit(1)


def _run_batch(writes: list[Write]) -> list[Written]:
    assert _worker is not None, "the pool initializer makes the worker"
    return _worker.run_task(writes)


def _slim(write: Write) -> Write:
    """The write as sent to a worker: a composite's parts whose files will be reused travel
    without their contexts (a volume's contexts are most of what would be pickled)."""
    output = write.output
    if not write.part_files or not isinstance(output, Composite):
        return write
    parts = tuple(replace(p, context=None) if p.path in write.part_files else p for p in output.parts)
    return replace(write, output=replace(output, parts=parts))


SHARE = 4  # a branch is one task when it is at most 1/(SHARE × workers) of the build


def branch_tasks(writes: list[Write], jobs: int) -> tuple[list[list[Write]], list[Write]]:
    """Each branch with composites to make, as one task where it is a small share of the
    build: its documents, then its composites, which join them as just made instead of
    reading them back. And the rest: the company's documents, and the branches that alone
    would keep a worker busy while the others wait (those are made in two phases, documents
    then composites)."""
    jobs = jobs or os.cpu_count() or 1
    branches: dict[str, list[Write]] = {}
    for write in writes:
        branches.setdefault(write.output.branch_id, []).append(write)
    limit = _documents(writes) / (SHARE * jobs)
    tasks: list[list[Write]] = []
    rest: list[Write] = []
    for branch, own in branches.items():
        if branch and any(w.output.composite for w in own) and _documents(own) <= limit:
            tasks.append([w for w in own if not w.output.composite]
                         + [w for w in own if w.output.composite])
        else:
            rest += own
    return tasks, rest


def _documents(writes: list[Write]) -> int:
    """The documents to make or join: each output, and each part of a composite."""
    return sum(len(w.output.parts) if isinstance(w.output, Composite) else 1 for w in writes)


def _batches(writes: list[Write], tasks: list[list[Write]]) -> list[list[Write]]:
    """Composites and the summary cost hundreds of times a card: one per task, handed out
    first with the branches' tasks, so the workers share them; everything else in batches."""
    heavy = [w for w in writes if w.output.composite or w.output.template is None]
    light = [w for w in writes if not (w.output.composite or w.output.template is None)]
    return ([[w] for w in heavy] + tasks
            + [light[i:i + BATCH] for i in range(0, len(light), BATCH)])


KNOWN_PART = 8  # parts whose file is joined as it is, pages known, cost about one rendered


def _weight(writes: list[Write]) -> int:
    """The work in documents: a composite renders or counts most of its parts; a part whose
    file is reused with its pages known is only joined."""
    total = 0
    for write in writes:
        if isinstance(write.output, Composite):
            known = sum(1 for _, pages in write.part_files.values() if pages)
            total += len(write.output.parts) - known + known // KNOWN_PART
        else:
            total += 1
    return total


class Pool:
    """Where a build's outputs are made: its worker processes, shared by its phases, or the
    build's own process for work too small to share.

    Forked workers (Linux) are started as the build begins, before the workbook is read:
    they share none of what the build holds later (every page of it the build process
    touches would otherwise be copied, into it and into each worker), and they start while
    the workbook is read. Spawned ones (Windows, macOS) start when work first needs them, and
    so do all for a build run in a thread beside others (the web page's): a fork there could
    copy a lock another thread holds, so it is left to the builds that need it."""

    def __init__(self, templates: Path | None, root: Path, jobs: int) -> None:
        self.templates = templates
        self.root = root
        self.jobs = jobs or os.cpu_count() or 1
        self._context = multiprocessing.get_context(START_METHOD)
        self._executor: ProcessPoolExecutor | None = None
        self._local: Worker | None = None
        if (self.jobs > 1 and self._context.get_start_method() == "fork"
                and threading.current_thread() is threading.main_thread()
                and (templates is None or templates.is_dir())):  # else the build stops first
            self._workers()

    def __enter__(self) -> Pool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        if self._executor is not None:
            self._executor.shutdown(wait=True, cancel_futures=True)
            self._executor = None

    def run(self, writes: list[Write], progress: Callable[[int], None] | None = None,
            tasks: list[list[Write]] | None = None) -> Iterator[tuple[Write, Written]]:
        """Render and write each output, and each task (`branch_tasks`) as one; yields each
        write with what became of it."""
        tasks = tasks or []
        if self.jobs == 1 or _weight([*writes, *(w for t in tasks for w in t)]) <= SMALL_BUILD:
            for task in [*tasks, *([w] for w in writes)]:
                yield from zip(task, self._worker().run_task(task), strict=True)
                if progress:
                    progress(len(task))
            return
        pool = self._workers()
        futures = {pool.submit(_run_batch, [_slim(w) for w in batch]): batch
                   for batch in _batches(writes, tasks)}
        try:
            for future in as_completed(futures):
                batch = futures[future]
                try:
                    results = future.result()
                except PartUnavailable:  # a part file changed under us: make it here
                    results = self._worker().run_task(batch)
                yield from zip(batch, results, strict=True)
                if progress:
                    progress(len(batch))
        except BaseException:  # a template error, Ctrl+C: what has not started never will
            self.close()
            raise

    def _worker(self) -> Worker:
        if self._local is None:
            self._local = Worker(self.templates, self.root)
        return self._local

    def _workers(self) -> ProcessPoolExecutor:
        if self._executor is not None:
            return self._executor
        if self._context.get_start_method() == "fork":
            # workers share this heap: keep their garbage collectors from copying it. It stays
            # frozen here too, as collector.py freezes what a build makes; build() thaws it all
            gc.freeze()
        executor = ProcessPoolExecutor(self.jobs, mp_context=self._context,
                                       initializer=_start_worker,
                                       initargs=(self.templates, self.root, os.getpid()))
        executor.submit(int)  # forked workers start now, all of them
        self._executor = executor
        return executor
