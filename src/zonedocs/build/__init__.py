"""A build, read top to bottom:

    plan → keys → decide → produce (workers) → record → prune → PDFs → report

Plan what the workbook calls for (branches whose inputs are unchanged are known from the
manifest without planning them); key each output by what makes its bytes; decide what to
write and why; render and write in worker processes; record what was written; move what is
no longer planned to the trash; make the PDFs; tell the user. A file a person edited is
never overwritten; a file that cannot be written is named and made by the next build.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Collection
from pathlib import Path

from .. import documents
from ..documents import DocKind, Output, Source
from ..problems import UsageError
from ..templates import TemplateSet
from ..workbook import load_valid
from ..workbook.sheetcache import SheetCache
from . import collector, workers
from .decide import Decisions, Write, decide, still_unchanged
from .keys import Keys
from .manifest import STATE_DIR, Manifest
from .options import Options
from .outputdir import OutputLock, Trash, describe, describe_failure, leftovers_cleared
from .pdfs import PdfResult, make_pdfs, planned_pdfs
from .plancache import SUMMARY_SCOPE, Known, branch_digests, known_outputs, summary_digest
from .record import record, remember_plans, reusable_parts
from .report import Report
from .workers import Pool, Written

__all__ = ["Options", "Report", "build"]

Progress = Callable[[int], Callable[[int], None]]


def build(workbook: Path, options: Options, progress: Progress | None = None) -> Report:
    """Run a build. `progress(total)`, if given, returns the function told of each step."""
    with collector.sparing(), \
            Pool(options.templates, options.out, 1 if options.dry_run else options.jobs) as pool:
        with collector.making():
            sheets = SheetCache(options.out / STATE_DIR / "sheets", writable=not options.dry_run)
            roster, problems = load_valid(workbook, options.strict, sheets)
            if options.branch is not None:
                documents.check_branch(roster, options.branch)
            keys = Keys(TemplateSet(options.templates))
            source = Source.of(roster)
        warnings = [str(p) for p in problems.warnings]
        try:
            return _build(source, keys, options, warnings, progress, pool)
        except (OSError, sqlite3.Error) as exc:  # a full disk, a read-only folder: the user's to fix
            raise UsageError(f"无法写入输出文件夹 {options.out}：{describe_failure(exc)}") from None


def _build(source: Source, keys: Keys, options: Options, warnings: list[str],
           progress: Progress | None, pool: Pool) -> Report:
    roster = source.roster
    with (OutputLock(options.out), _loaded_manifest(options) as manifest,
          leftovers_cleared(options.out, writable=not options.dry_run)):
        with collector.making():
            plan = _plan(source, keys, manifest, options)
            decisions = plan.decisions
            decisions.extend(decide(plan.outputs, keys, manifest, options, plan.known_paths,
                                    planned_pdfs(plan.everything) if options.pdf else frozenset()))
        if options.dry_run:
            return _dry_run_report(options, decisions, warnings)
        removed, blocked = _prune(decisions.retired, manifest, options)
        total = len(decisions.writes)
        step = progress(total) if progress and total else None
        results = _produce(decisions.writes, manifest, keys, options, step, pool)
        pool.close()
        if options.only is None:
            remember_plans(manifest, plan.fresh, plan.digests, plan.outputs, keys,
                           set(roster.branches) if options.branch is None else None)
        manifest.save()
        pdfs = (make_pdfs(plan.everything, manifest, options,
                          lambda branches: documents.plan(source, options.only, branches=branches))
                if options.pdf else PdfResult())
    return _report(options, decisions, results, removed, blocked, pdfs, warnings)


def _loaded_manifest(options: Options) -> Manifest:
    with collector.making():
        return Manifest.load(options.out, writable=not options.dry_run)


class _Plan:
    """The outputs to decide on, and the branches known unchanged without planning."""

    def __init__(self, outputs: list[Output], known: dict[str, list[Known]], fresh: list[str],
                 digests: dict[str, str], decisions: Decisions) -> None:
        self.outputs = outputs
        self.known = known
        self.fresh = fresh
        self.digests = digests
        self.decisions = decisions  # the known outputs, decided unchanged or kept
        self.known_paths = frozenset(k.relative for items in known.values() for k in items)
        self.everything: list[Output | Known] = [*outputs, *(k for v in known.values() for k in v)]


def _plan(source: Source, keys: Keys, manifest: Manifest, options: Options) -> _Plan:
    scope = [options.branch] if options.branch else list(source.roster.branches)
    digests = branch_digests(source, scope, keys)
    if options.only is None or DocKind.SUMMARY in options.only:
        digests[SUMMARY_SCOPE] = summary_digest(source, keys)
        scope.append(SUMMARY_SCOPE)
    known: dict[str, list[Known]] = {}
    for branch in scope if not options.force else ():
        recorded = known_outputs(manifest, branch, digests[branch])
        if recorded is not None:
            known[branch] = [k for k in recorded if options.only is None or k.kind in options.only]
    known, decisions = still_unchanged(known, manifest)
    fresh = [b for b in scope if b not in known]
    only: Collection[DocKind] | None = options.only
    if SUMMARY_SCOPE in known:  # the 考核汇总 is known: it is not planned again
        only = {k.key for k in documents.KINDS if only is None or k.key in only} - {DocKind.SUMMARY}
    outputs = documents.plan(source, only, branches=[b for b in fresh if b != SUMMARY_SCOPE])
    return _Plan(outputs, known, fresh, digests, decisions)


def _prune(retired: list[str], manifest: Manifest, options: Options
           ) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """Move outputs no longer planned into this build's trash folder, before writing: a
    transferred member's old file goes first. One that cannot be moved stays recorded."""
    trash = Trash(options.out)
    removed, blocked = [], []
    for path in retired:
        try:
            moved = trash.put(path)
        except OSError as exc:
            blocked.append((path, "无法移到回收站：" + describe(exc)))
            continue
        manifest.drop(path)
        if moved is not None:
            removed.append((path, str(moved.relative_to(options.out))))
    return removed, blocked


def _produce(writes: list[Write], manifest: Manifest, keys: Keys, options: Options,
             step: Callable[[int], None] | None, pool: Pool) -> list[tuple[Write, Written]]:
    """Each branch's documents with the composites joined from them, as one task; where that
    would be too much for one worker, the documents first, then the composites, which reuse
    the part files just made."""
    results = []
    tasks, rest = workers.branch_tasks(writes, options.jobs)
    tasks = [[reusable_parts(w, manifest, keys, made=task) for w in task] for task in tasks]
    single = [w for w in rest if not w.output.composite]
    for write, written in pool.run(single, step, tasks):
        record(manifest, write, written, keys)
        results.append((write, written))
    composite = [reusable_parts(w, manifest, keys) for w in rest if w.output.composite]
    for write, written in pool.run(composite, step):
        record(manifest, write, written, keys)
        results.append((write, written))
    return results


def _dry_run_report(options: Options, decisions: Decisions, warnings: list[str]) -> Report:
    return Report(options.out, unchanged=decisions.unchanged, edited_kept=decisions.edited_kept,
                  warnings=warnings,
                  planned=[(str(w.output.path), w.reason) for w in decisions.writes],
                  removed=[(path, "") for path in decisions.retired])


def _report(options: Options, decisions: Decisions, results: list[tuple[Write, Written]],
            removed: list[tuple[str, str]], blocked: list[tuple[str, str]], pdfs: PdfResult,
            warnings: list[str]) -> Report:
    report = Report(options.out, unchanged=decisions.unchanged, edited_kept=decisions.edited_kept,
                    removed=removed, blocked=blocked, warnings=warnings + pdfs.warnings,
                    pdf_written=pdfs.written, pdf_unchanged=pdfs.unchanged, pdf_failed=pdfs.failed,
                    pdf_problem=pdfs.problem, renumbered=pdfs.renumbered,
                    pdf_cut=pdfs.cut)
    for write, written in results:
        path = str(write.output.path)
        if written.moved_to:
            report.edited_moved.append((path, written.moved_to))
        if written.failure:
            report.blocked.append((path, written.failure))
        elif written.adopted:
            report.adopted.append(path)
        else:
            report.written.append((path, write.reason))
    report.edited_moved += pdfs.moved
    report.blocked += pdfs.blocked
    return report
