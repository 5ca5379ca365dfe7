"""A build: plan the outputs, key each by what makes it, write only what changed, put away
what is no longer planned, and never overwrite what a person edited.

    roster → plan → keys → decisions → render and write → prune → manifest → report
"""

from __future__ import annotations

import gc
import hashlib
import multiprocessing
import os
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field, replace
from pathlib import Path, PurePosixPath

from . import documents
from .allocator import keep_freed_memory
from .documents import inputs, opinion
from .documents.output import Output
from .manifest import INTACT, MISSING, Entry, Manifest, canonical, file_sha256
from .model import Roster
from .outputdir import (
    OutputLock,
    move_aside,
    move_to_trash,
    remove_leftovers,
    trash_folder,
    write_atomic,
)
from .plancache import Known, known_outputs, remember
from .production import PartUnavailable, produce
from .render import ENGINE_VERSION
from .templates import TemplateSet, default_names
from .workbook import load_valid

FIELD_LABELS = {
    "member.name": "姓名", "member.mobile": "手机", "member.mobile_masked": "手机",
    "member.team": "班组", "member.post": "岗位", "member.party_role": "党内职务",
    "member.gender": "性别", "member.joined": "入党时间", "member.status": "党员状态",
    "member.branch": "所属支部", "branch.name": "支部名称", "branch.secretary": "支部书记",
    "zones": "责任区", "zone_names": "责任区", "tasks": "任务", "contacts": "重点联系人",
    "pledges": "承诺", "rows": "表格内容", "photo": "照片", "roles": "责任区分工",
    "zone.name": "责任区名称", "zone.scope": "责任范围", "zone.phone": "公开电话",
    "holder.name": "责任党员", "supervision_phone": "监督电话", "zone_table": "责任区划分表",
}
PART_FIELD = "part:"
SMALL_BUILD = 64
PDF_KINDS = ("opinion", "archive", "bundle", "ledger", "quarterly", "annual")


@dataclass
class Options:
    out: Path
    only: set[str] | None = None
    branch: str | None = None
    force: bool = False
    dry_run: bool = False
    strict: bool = False
    jobs: int = 0
    templates: Path | None = None
    pdf: bool = False


@dataclass
class Action:
    output: Output
    key: str
    reason: str
    move_edited: bool = False  # the file on disk was edited by a person: move it aside first
    forced: bool = False  # write even if the file already holds exactly these bytes
    part_files: dict[str, str] = field(default_factory=dict)  # part path -> sha256 to reuse


@dataclass
class Report:
    out: Path
    written: list[tuple[str, str]] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    adopted: list[str] = field(default_factory=list)
    removed: list[tuple[str, str]] = field(default_factory=list)
    edited_kept: list[str] = field(default_factory=list)
    edited_moved: list[tuple[str, str]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    planned: list[tuple[str, str]] = field(default_factory=list)  # dry run: (path, reason)
    pdf_written: list[str] = field(default_factory=list)
    pdf_unchanged: list[str] = field(default_factory=list)
    pdf_failed: list[str] = field(default_factory=list)
    pdf_problem: str = ""  # LibreOffice missing: the .docx files are built, the PDFs are not


def output_key(output: Output, templates: TemplateSet) -> str:
    """SHA-256 of everything that makes the output's bytes."""
    if output.producer in ("archive", "bundle"):
        parts = [_key("docx", p["template"], p["title"], p["context"], templates) + p["bookmark"]
                 for p in output.context["parts"]]
        rest = {k: v for k, v in output.context.items() if k != "parts"}
        cover = templates.sha256("档案卷封面.docx") if output.producer == "archive" else ""
        return _key(output.producer, None, output.title, {**rest, "parts": parts,
                                                          "cover_template": cover}, templates)
    return _key(output.producer, output.template, output.title, output.context, templates)


def _key(producer: str, template: str | None, title: str, context: dict,
         templates: TemplateSet) -> str:
    # A volume reuses the very context objects of its parts: remember each one's key.
    cache = templates.__dict__.setdefault("_keys", {})
    marker = (id(context), producer, template, title)
    cached = cache.get(marker)
    if cached is not None and cached[0] is context:
        return cached[1]
    template_hash = templates.sha256(template) if template else ""
    key = hashlib.sha256(canonical([ENGINE_VERSION, producer, template_hash, title, context])
                         ).hexdigest()
    cache[marker] = (context, key)
    return key


def field_digests(output: Output, templates: TemplateSet | None = None) -> dict[str, str]:
    """A short digest of each field of the output's context (one level into dicts), kept in
    the manifest so a later build can say which fields changed. A volume or bundle has one
    per part instead (from the part's key: give `templates`)."""
    context = output.context
    digests = {}
    if output.producer in ("archive", "bundle"):
        context = {k: v for k, v in context.items() if k != "parts"}
        for part in output.context["parts"] if templates is not None else ():
            key = _key("docx", part["template"], part["title"], part["context"], templates)
            digests[PART_FIELD + part["path"]] = key[:12]
    for key in sorted(context):
        value = context[key]
        pairs = ([(f"{key}.{sub}", value[sub]) for sub in sorted(value)]
                 if isinstance(value, dict) and value else [(key, value)])
        for path, item in pairs:
            digests[path] = hashlib.blake2b(canonical(item), digest_size=6).hexdigest()
    return digests


def build(workbook: Path, options: Options,
          progress: Callable[[int], Callable[[int], None]] | None = None) -> Report:
    """Run a build. `progress(total)`, if given, returns the function told of each step."""
    roster, problems = load_valid(workbook, options.strict)
    if options.branch is not None:
        documents.check_branch(roster, options.branch)
    templates = TemplateSet(options.templates)
    report = Report(options.out, warnings=[str(p) for p in problems.warnings])
    with OutputLock(options.out):
        remove_leftovers(options.out)
        manifest = Manifest.load(options.out)
        scope = [options.branch] if options.branch else list(roster.branches)
        digests = _branch_digests(roster, scope, templates)
        known = _known_outputs(scope, digests, manifest, options)
        known = _still_unchanged(known, manifest, options, report)
        fresh = [b for b in scope if b not in known]
        outputs = documents.plan(roster, options.only, branches=fresh)
        known_paths = {str(k.path) for items in known.values() for k in items}
        actions, retired = decide(outputs, templates, manifest, options, report, known_paths)
        if options.dry_run:
            manifest.close()
            report.planned = [(str(a.output.path), a.reason) for a in actions]
            report.removed = [(path, "") for path in retired]
            return report
        trash = trash_folder(options.out)
        for path in retired:  # before writing: a transferred member's old file goes first
            moved = move_to_trash(options.out, path, trash)
            manifest.drop(path)
            if moved is not None:
                report.removed.append((path, str(moved.relative_to(options.out))))
        step = progress(len(actions)) if progress and actions else None
        # Documents first; then the volumes and bundles, which can reuse the files just made.
        single = [a for a in actions if a.output.producer not in ("archive", "bundle")]
        composite = [a for a in actions if a.output.producer in ("archive", "bundle")]
        try:
            for action, result in _run(single, options, step):
                _record(manifest, action, result, report, templates)
            for action in composite:
                action.part_files = _reusable_parts(action.output, manifest, templates)
            for action, result in _run(composite, options, step):
                _record(manifest, action, result, report, templates)
            if options.only is None:
                _remember_plans(manifest, fresh, digests, outputs, templates,
                                set(roster.branches) if options.branch is None else None)
        finally:
            manifest.save()
        if options.pdf:
            everything: list[Output | Known] = [*outputs, *(k for v in known.values() for k in v)]
            _make_pdfs(everything, manifest, options, report)
    return report


def _branch_digests(roster: Roster, scope: list[str], templates: TemplateSet) -> dict[str, str]:
    opinion_key = output_key(opinion.plan(roster)[0], templates)
    used = {name: templates.sha256(name) for name in default_names()}
    shared = inputs.company_inputs(roster, used, opinion_key)
    return {b: inputs.branch_digest(roster, b, shared) for b in scope}


def _known_outputs(scope: list[str], digests: dict[str, str], manifest: Manifest,
                   options: Options) -> dict[str, list[Known]]:
    """Branches whose outputs an earlier build planned from the same inputs, with them."""
    if options.force:
        return {}
    known = {}
    for branch in scope:
        outputs = known_outputs(manifest, branch, digests[branch])
        if outputs is not None:
            known[branch] = [k for k in outputs if options.only is None or k.kind in options.only]
    return known


def _still_unchanged(known: dict[str, list[Known]], manifest: Manifest, options: Options,
                     report: Report) -> dict[str, list[Known]]:
    """Report the known outputs as unchanged (or kept, when edited by hand); a branch with
    a file missing is planned again so the file can be made."""
    kept: dict[str, list[Known]] = {}
    for branch, outputs in known.items():
        unchanged, edited = [], []
        for output in outputs:
            relative = str(output.path)
            state = manifest.file_state(relative, manifest.entries[relative])
            if state == MISSING:
                break
            (unchanged if state == INTACT else edited).append(relative)
        else:
            report.unchanged += unchanged
            report.edited_kept += edited
            kept[branch] = outputs
    return kept


def _remember_plans(manifest: Manifest, planned: list[str], digests: dict[str, str],
                    outputs: list[Output], templates: TemplateSet, roster: set[str] | None) -> None:
    keys: dict[str, dict[str, str]] = {b: {} for b in planned}
    for output in outputs:
        if output.branch_id in keys:
            keys[output.branch_id][str(output.path)] = output_key(output, templates)
    remember(manifest, {b: (digests[b], keys[b]) for b in planned}, roster)


def _reusable_parts(output: Output, manifest: Manifest, templates: TemplateSet) -> dict[str, str]:
    """Parts of a volume whose file this build (or an earlier one) made from the very same
    key: path -> the SHA-256 its bytes must still have to be used."""
    reusable = {}
    for part in output.context["parts"]:
        entry = manifest.entries.get(part["path"])
        if entry is not None and entry.key == _key("docx", part["template"], part["title"],
                                                   part["context"], templates):
            reusable[part["path"]] = entry.sha256
    return reusable


def pdf_path(output: Output | Known) -> str:
    return str(output.path.with_suffix(".pdf"))


def _make_pdfs(outputs: list[Output | Known], manifest: Manifest, options: Options, report: Report) -> None:
    from . import pdf

    if pdf.find_soffice() is None:
        report.pdf_problem = "未找到 LibreOffice，已生成 .docx 文件，但没有生成 PDF。" + pdf.INSTALL_HINT
        return
    state = options.out / ".zonedocs"
    if not pdf.fonts_ready(pdf.font_config(state)):
        report.warnings.append(pdf.FONT_HINT)
    converter = pdf.converter_id()
    jobs: list[tuple[Output, str]] = []
    for output in outputs:
        source = manifest.entries.get(str(output.path))
        if output.kind not in PDF_KINDS or source is None:
            continue
        relative = pdf_path(output)
        key = hashlib.sha256(f"pdf|{source.sha256}|{converter}".encode()).hexdigest()
        entry = manifest.entries.get(relative)
        target = options.out / relative
        foreign = target.exists() and (entry is None or not manifest.matches_file(relative, entry))
        if foreign:  # a PDF zonedocs did not write, or one edited since: keep it aside
            report.edited_moved.append((relative, str(move_aside(target).relative_to(options.out))))
        elif entry is not None and entry.key == key and not options.force:
            report.pdf_unchanged.append(relative)
            continue
        jobs.append((output, key))
    for start in range(0, len(jobs), pdf.BATCH):
        batch = jobs[start:start + pdf.BATCH]
        pairs = [(options.out / str(o.path), options.out / pdf_path(o)) for o, _ in batch]
        for (output, key), result in zip(batch, pdf.convert(pairs, state), strict=True):
            relative = pdf_path(output)
            if not result.ok:
                report.pdf_failed.append(relative)
                continue
            stat = result.target.stat()
            manifest.put(relative, Entry(
                key=key, sha256=file_sha256(result.target), size=stat.st_size,
                mtime_ns=stat.st_mtime_ns, kind=f"pdf:{output.kind}", branch=output.branch_id,
                subject=output.subject))
            report.pdf_written.append(relative)
        manifest.save()


def decide(outputs: list[Output], templates: TemplateSet, manifest: Manifest, options: Options,
           report: Report, known: set[str] = frozenset()) -> tuple[list[Action], list[str]]:
    """What to do with each planned output, and which recorded outputs leave the plan
    (`known`: paths of outputs planned, and found unchanged, without their contexts)."""
    actions = []
    planned = {str(o.path) for o in outputs} | known
    if options.pdf:
        planned |= {pdf_path(o) for o in outputs if o.kind in PDF_KINDS}
    retired = [path for path, entry in manifest.entries.items()
               if path not in planned and _in_scope(entry, options)]
    moved_subjects = {manifest.entries[p].subject: p for p in retired if manifest.entries[p].subject}
    for output in outputs:
        relative = str(output.path)
        key = output_key(output, templates)
        entry = manifest.entries.get(relative)
        on_disk = (options.out / relative).exists()
        if entry is None:
            if output.subject in moved_subjects:
                reason = f"调动/改名（原文件 {moved_subjects[output.subject]}）"
            else:
                reason = "新增"
            actions.append(Action(output, key, reason + ("；目标位置已有文件" if on_disk else "")))
            continue
        if not on_disk:
            actions.append(Action(output, key, "文件不见了，重新生成"))
            continue
        intact = manifest.matches_file(relative, entry)
        if entry.key == key and not options.force:
            if intact:
                report.unchanged.append(relative)
            else:
                report.edited_kept.append(relative)
            continue
        reason = "强制重新生成" if entry.key == key else _why(entry, output, templates, manifest)
        actions.append(Action(output, key, reason, move_edited=not intact, forced=options.force))
    return actions, retired


def _in_scope(entry: Entry, options: Options) -> bool:
    kind = entry.kind
    if kind.startswith("pdf:"):
        if not options.pdf:
            return False
        kind = kind.removeprefix("pdf:")
    if options.only is not None and kind not in options.only:
        return False
    return options.branch is None or entry.branch in ("", options.branch)


def _why(entry: Entry, output: Output, templates: TemplateSet, manifest: Manifest) -> str:
    if output.template and entry.template != templates.sha256(output.template):
        return "模板已修改"
    now = field_digests(output, templates)
    then = manifest.fields(str(output.path))
    changed = [k for k in now if then.get(k) != now[k]]
    changed += [k for k in then if k not in now]
    parts = [PurePosixPath(k.removeprefix(PART_FIELD)).stem for k in changed if k.startswith(PART_FIELD)]
    labels = list(dict.fromkeys(_label(k) for k in changed if not k.startswith(PART_FIELD)))
    reasons = []
    if labels:
        reasons.append("内容变化：" + "、".join(labels[:6]) + ("等" if len(labels) > 6 else ""))
    if parts:
        more = f"等{len(parts)}份" if len(parts) > 3 else ""
        reasons.append("所含文书有变化：" + "、".join(parts[:3]) + more)
    return "；".join(reasons) or "程序版本更新"


def _label(field_name: str) -> str:
    """The Chinese name of a context field: holder.mobile is a 手机 like member.mobile."""
    if field_name in FIELD_LABELS:
        return FIELD_LABELS[field_name]
    return FIELD_LABELS.get("member." + field_name.rpartition(".")[2], field_name)


# --- rendering and writing ----------------------------------------------------------------

@dataclass
class _Written:
    sha256: str
    size: int
    mtime_ns: int
    adopted: bool
    moved_to: str = ""
    fields: dict[str, str] | None = None


_worker_templates: TemplateSet | None = None
_worker_root: Path | None = None


def _init_worker(templates: Path | None, root: Path) -> None:
    global _worker_templates, _worker_root
    keep_freed_memory()
    _worker_templates = TemplateSet(templates)
    _worker_root = root


def _render_and_write(action: Action) -> _Written:
    assert _worker_templates is not None and _worker_root is not None
    root = _worker_root

    def load_part(part: dict) -> bytes | None:
        expected = action.part_files.get(part["path"])
        if expected is None:
            return None
        try:
            data = (root / part["path"]).read_bytes()
        except OSError:
            return None
        return data if hashlib.sha256(data).hexdigest() == expected else None

    data = produce(action.output, _worker_templates, load_part if action.part_files else None)
    path = _worker_root / str(action.output.path)
    digest = hashlib.sha256(data).hexdigest()
    moved_to = ""
    if path.exists():
        if not action.forced and path.stat().st_size == len(data) and file_sha256(path) == digest:
            stat = path.stat()  # already right: written by a build that was interrupted
            return _Written(digest, stat.st_size, stat.st_mtime_ns, adopted=True,
                            fields=_worker_fields(action.output))
        if action.move_edited or action.reason.endswith("目标位置已有文件"):
            moved_to = str(move_aside(path).relative_to(_worker_root))
    stat = write_atomic(path, data)
    return _Written(digest, stat.st_size, stat.st_mtime_ns, adopted=False, moved_to=moved_to,
                    fields=_worker_fields(action.output))


def _worker_fields(output: Output) -> dict[str, str] | None:
    """A document's field digests, made where it was rendered; a volume's are made by the
    build process, which has its parts' contexts."""
    return None if output.producer in ("archive", "bundle") else field_digests(output)


def _render_batch(actions: list[Action]) -> list[_Written]:
    return [_render_and_write(a) for a in actions]


def _slim(action: Action) -> Action:
    """The action as sent to a worker: a volume's parts whose files will be reused travel
    without their contexts (a volume's contexts are most of what would be pickled)."""
    if not action.part_files:
        return action
    parts = [part if part["path"] not in action.part_files else {**part, "context": None}
             for part in action.output.context["parts"]]
    output = replace(action.output, context={**action.output.context, "parts": parts})
    return replace(action, output=output)


def _run(actions: list[Action], options: Options,
         progress: Callable[[int], None] | None) -> Iterable[tuple[Action, _Written]]:
    jobs = options.jobs or os.cpu_count() or 1
    if jobs == 1 or len(actions) <= SMALL_BUILD:
        _init_worker(options.templates, options.out)
        for action in actions:
            yield action, _render_and_write(action)
            if progress:
                progress(1)
        return
    # Volumes and bundles cost hundreds of times a card: one per task, handed out first, so
    # the workers share them; everything else goes in batches of 64.
    heavy = [a for a in actions if a.output.producer in ("archive", "bundle", "summary")]
    light = [a for a in actions if a.output.producer not in ("archive", "bundle", "summary")]
    batches = [[a] for a in heavy] + [light[i:i + 64] for i in range(0, len(light), 64)]
    # Forked workers inherit this process's heap (the roster, every context). Freezing it
    # keeps their garbage collectors from walking, and so copying, all of it.
    gc.freeze()
    try:
        with ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context("fork"),
                                 initializer=_init_worker,
                                 initargs=(options.templates, options.out)) as pool:
            futures = {pool.submit(_render_batch, [_slim(a) for a in batch]): batch
                       for batch in batches}
            for future in as_completed(futures):
                batch = futures[future]
                try:
                    results = future.result()
                except PartUnavailable:  # a part file changed under us: make it here
                    _init_worker(options.templates, options.out)
                    results = [_render_and_write(a) for a in batch]
                for action, result in zip(batch, results, strict=True):
                    yield action, result
                if progress:
                    progress(len(batch))
    finally:
        gc.unfreeze()


def _record(manifest: Manifest, action: Action, result: _Written, report: Report,
            templates: TemplateSet) -> None:
    output = action.output
    relative = str(output.path)
    template = templates.sha256(output.template) if output.template else ""
    manifest.put(relative, Entry(
        key=action.key, sha256=result.sha256, size=result.size, mtime_ns=result.mtime_ns,
        kind=output.kind, branch=output.branch_id, subject=output.subject, template=template,
        fields=result.fields if result.fields is not None else field_digests(output, templates)))
    if result.moved_to:
        report.edited_moved.append((relative, result.moved_to))
    if result.adopted:
        report.adopted.append(relative)
    else:
        report.written.append((relative, action.reason))
