"""The PDF step: each PDF kind's .docx converted by LibreOffice when its bytes changed (or
the converter did), written atomically and recorded like any output. A 合订本 or a table
converted in the same run as its branch's 档案卷 is cut out of the volume's PDF (bundlepdf.py,
tablepdf.py)."""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path, PurePosixPath

from ..documents import Composite, DocKind, Output
from . import bundlepdf, tablepdf
from .manifest import Entry, Manifest
from .options import Options
from .outputdir import describe, move_aside, write_atomic
from .plancache import Known

Replan = Callable[[list[str]], list[Output]]
TABLE_KINDS = frozenset({DocKind.LEDGER, DocKind.QUARTERLY, DocKind.ANNUAL})
PDF_KINDS = frozenset({DocKind.OPINION, DocKind.ARCHIVE, DocKind.BUNDLE, *TABLE_KINDS})


@dataclass
class PdfResult:
    written: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    blocked: list[tuple[str, str]] = field(default_factory=list)
    moved: list[tuple[str, str]] = field(default_factory=list)
    renumbered: list[str] = field(default_factory=list)  # volumes given LibreOffice's page numbers
    cut: list[str] = field(default_factory=list)  # bundles and tables cut out of their volume's PDF
    problem: str = ""  # LibreOffice missing
    warnings: list[str] = field(default_factory=list)


def pdf_path(output: Output | Known) -> str:
    return str(PurePosixPath(str(output.path)).with_suffix(".pdf"))


def planned_pdfs(outputs: Sequence[Output | Known]) -> frozenset[str]:
    return frozenset(pdf_path(o) for o in outputs if o.kind in PDF_KINDS)


def make_pdfs(outputs: Sequence[Output | Known], manifest: Manifest, options: Options,
              replan: Replan | None = None) -> PdfResult:
    """Make the PDFs that are missing or out of date. `replan` gives the outputs of branches
    this build did not plan (they are known unchanged), to learn their composites' parts."""
    from .. import fonts, pdf

    result = PdfResult()
    if pdf.find_soffice() is None:
        result.problem = "未找到 LibreOffice，已生成 .docx 文件，但没有生成 PDF。" + pdf.INSTALL_HINT
        return result
    state = options.out / ".zonedocs"
    if not fonts.fonts_ready(fonts.font_config(state)):
        result.warnings.append(fonts.MISSING_HINT)
    converter = pdf.converter_id()
    jobs = _jobs(outputs, manifest, options, converter, result)
    writer = _Writer(manifest, options, result)
    with tempfile.TemporaryDirectory(prefix="zonedocs-frames-") as frames:
        cuts = _cuts(jobs, replan, manifest, options, Path(frames))
        leftover = _convert([j for j in jobs if str(j[0].path) not in cuts.paths], state, converter,
                            writer, cuts)
    _convert(leftover, state, converter, writer, _Cuts())  # what could not be cut
    return result


class _Writer:
    """Writes a PDF next to its document and records it."""

    def __init__(self, manifest: Manifest, options: Options, result: PdfResult) -> None:
        self.manifest = manifest
        self.options = options
        self.result = result

    def write(self, output: Output | Known, key: str, data: bytes) -> None:
        relative = pdf_path(output)
        try:
            stat = write_atomic(self.options.out / relative, data)
        except OSError as exc:
            self.result.blocked.append((relative, describe(exc)))
            return
        self.manifest.put(relative, Entry(
            key=key, sha256=hashlib.sha256(data).hexdigest(), size=stat.st_size,
            mtime_ns=stat.st_mtime_ns, kind=f"pdf:{output.kind}", branch=output.branch_id,
            subject=output.subject))
        self.result.written.append(relative)


@dataclass
class _TableCut:
    output: Output | Known
    key: str
    where: bundlepdf.Cut
    frame: tablepdf.Frame


@dataclass
class _Cuts:
    """What is cut out of the volumes converted in this run (bundlepdf.py, tablepdf.py):
    bundles and tables by their volume's path, and the tables' frames to convert first."""

    paths: set[str] = field(default_factory=set)  # the outputs not converted themselves
    by_volume: dict[str, list[tuple[Output | Known, str, bundlepdf.Cut]]] = field(default_factory=dict)
    tables: dict[str, list[_TableCut]] = field(default_factory=dict)
    frames: dict[str, Path] = field(default_factory=dict)  # frame key -> its .docx

    def of(self, volume: str) -> list[tuple[Output | Known, str]]:
        """The bundles and tables to be cut out of the volume."""
        return ([(o, k) for o, k, _ in self.by_volume.get(volume, [])]
                + [(t.output, t.key) for t in self.tables.get(volume, [])])


def _cuts(jobs: list[tuple[Output | Known, str]], replan: Replan | None, manifest: Manifest,
          options: Options, frames: Path) -> _Cuts:
    """The bundles and tables to cut: those whose volume is converted too. A branch known
    unchanged was not planned in this build; it is planned again to learn its volume's parts.
    The tables' frames are written to `frames`."""
    volumes = {o.branch_id: o for o, _ in jobs if o.kind == DocKind.ARCHIVE}
    wanted = [(o, key) for o, key in jobs
              if o.kind in (DocKind.BUNDLE, *TABLE_KINDS) and o.branch_id in volumes]
    unplanned = sorted({o.branch_id for o, _ in wanted
                        if not (isinstance(volumes[o.branch_id], Composite)
                                and (o.kind != DocKind.BUNDLE or isinstance(o, Composite)))})
    planned: dict[str, Output] = {}
    if unplanned and replan is not None:
        planned = {str(o.path): o for o in replan(unplanned) if o.kind in (DocKind.ARCHIVE, DocKind.BUNDLE)}
    cuts = _Cuts()
    for output, key in wanted:
        volume = volumes[output.branch_id]
        volume_plan = planned.get(str(volume.path), volume)
        if not isinstance(volume_plan, Composite):
            continue
        if output.kind == DocKind.BUNDLE:
            bundle_plan = planned.get(str(output.path), output)
            where = bundlepdf.cut_of(bundle_plan, volume_plan) if isinstance(bundle_plan, Composite) else None
            if where is not None:
                cuts.paths.add(str(output.path))
                cuts.by_volume.setdefault(str(volume.path), []).append((output, key, where))
            continue
        table = _table_cut(output, key, volume_plan, manifest, options, frames, cuts.frames)
        if table is not None:
            cuts.paths.add(str(output.path))
            cuts.tables.setdefault(str(volume.path), []).append(table)
    return cuts


def _table_cut(output: Output | Known, key: str, volume: Composite, manifest: Manifest,
               options: Options, folder: Path, frames: dict[str, Path]) -> _TableCut | None:
    """How to cut the table out of its volume, its frame written to `folder` unless `frames`
    has it already; None when it is to be converted itself."""
    where = tablepdf.part_of(str(output.path), volume)
    entry = manifest.entries.get(str(output.path))
    if where is None or entry is None:
        return None
    made = tablepdf.frame_of(options.out / str(output.path), entry.pages)
    if made is None:
        return None
    frame, docx = made
    if frame.key not in frames:
        frames[frame.key] = folder / f"frame-{len(frames) + 1}.docx"
        frames[frame.key].write_bytes(docx)
    return _TableCut(output, key, where, frame)


def _convert(jobs: list[tuple[Output | Known, str]], state: Path, converter: str, writer: _Writer,
             cuts: _Cuts) -> list[tuple[Output | Known, str]]:
    """Convert the jobs (and with the first batch the tables' frames) and write their PDFs,
    and cut the bundles and tables of each volume converted; what could not be cut."""
    from .. import pdf

    options = writer.options
    workers = options.jobs or os.cpu_count() or 1
    leftover: list[tuple[Output | Known, str]] = []
    frames: dict[str, bytes | None] = {}
    waiting: list[tuple[_TableCut, bytes, bundlepdf.Furniture | None]] = []  # for their frame
    for start in range(0, len(jobs), pdf.BATCH * workers):  # the record is saved after each
        batch = jobs[start:start + pdf.BATCH * workers]
        first = list(cuts.frames.items()) if start == 0 else []
        pairs = [(docx, docx.with_suffix(".pdf")) for _, docx in first]
        pairs += [(options.out / str(o.path), options.out / pdf_path(o)) for o, _ in batch]
        for converted in pdf.convert(pairs, state, workers=workers):  # as each is done
            if converted.index < len(first):
                frames[first[converted.index][0]] = converted.data
                waiting = _cut_tables(waiting, frames, writer, leftover)
                continue
            output, key = batch[converted.index - len(first)]
            if converted.data is None:
                writer.result.failed.append(pdf_path(output))
                leftover += cuts.of(str(output.path))
                continue
            if output.kind == DocKind.ARCHIVE:
                sha = _renumber(output, converted.source, converted.data, writer.manifest, writer.result)
                key = _pdf_key(sha, converter) if sha else key
            writer.write(output, key, converted.data)
            for bundle, bundle_key, where in cuts.by_volume.get(str(output.path), []):
                data = _cut(bundle, where, converted.source, converted.data, options)
                if data is None:
                    leftover.append((bundle, bundle_key))
                else:
                    writer.write(bundle, bundle_key, data)
                    writer.result.cut.append(pdf_path(bundle))
            tables = cuts.tables.get(str(output.path), [])
            if tables:
                printed = bundlepdf.furniture(converted.source)
                waiting += [(table, converted.data, printed) for table in tables]
                waiting = _cut_tables(waiting, frames, writer, leftover)
        _cut_tables(waiting, frames, writer, leftover, last=True)  # every frame is done
        waiting = []
        writer.manifest.save()
    return leftover


def _cut_tables(waiting: list[tuple[_TableCut, bytes, bundlepdf.Furniture | None]],
                frames: dict[str, bytes | None], writer: _Writer,
                leftover: list[tuple[Output | Known, str]],
                last: bool = False) -> list[tuple[_TableCut, bytes, bundlepdf.Furniture | None]]:
    """Cut the waiting tables whose frame is converted (all of them when `last`: those whose
    frame failed go to `leftover`); those still waiting."""
    still = []
    for table, volume_pdf, printed in waiting:
        if table.frame.key not in frames and not last:
            still.append((table, volume_pdf, printed))
            continue
        frame_pdf = frames.get(table.frame.key)
        data = None
        if frame_pdf is not None and printed is not None:
            data = _safely(tablepdf.cut, volume_pdf, table.where, printed, table.frame, frame_pdf)
        if data is None:
            leftover.append((table.output, table.key))
        else:
            writer.write(table.output, table.key, data)
            writer.result.cut.append(pdf_path(table.output))
    return still


def _safely(make: Callable[..., bytes | None], *arguments: object) -> bytes | None:
    """What `make` gives, or None when pdfium could not read or write a PDF: what was to be
    cut is converted itself."""
    from pypdfium2 import PdfiumError

    try:
        return make(*arguments)
    except PdfiumError:
        return None


def _cut(bundle: Output | Known, where: bundlepdf.Cut, volume: Path, volume_pdf: bytes,
         options: Options) -> bytes | None:
    margins = bundlepdf.margins(options.out / str(bundle.path))
    printed = bundlepdf.furniture(volume)
    if margins is None or printed is None:
        return None
    return _safely(bundlepdf.cut, volume_pdf, where, *margins, printed)


def _renumber(output: Output | Known, source: Path, pdf: bytes, manifest: Manifest,
              result: PdfResult) -> str | None:
    """Give the volume LibreOffice's page numbers (pagenumbers.py); the volume's new SHA-256,
    or None when it was left as it was."""
    from . import pagenumbers

    relative = str(output.path)
    entry = manifest.entries.get(relative)
    try:
        fixed = pagenumbers.renumbered(source.read_bytes(), pdf)
        if fixed is None or entry is None:
            return None
        stat = write_atomic(source, fixed)
    except OSError as exc:
        result.blocked.append((relative, describe(exc)))
        return None
    sha = hashlib.sha256(fixed).hexdigest()
    manifest.put(relative, replace(entry, sha256=sha, size=stat.st_size, mtime_ns=stat.st_mtime_ns))
    result.renumbered.append(relative)
    return sha


def _pdf_key(sha: str, converter: str) -> str:
    return hashlib.sha256(f"pdf|{sha}|{converter}".encode()).hexdigest()


def _jobs(outputs: Sequence[Output | Known], manifest: Manifest, options: Options, converter: str,
          result: PdfResult) -> list[tuple[Output | Known, str]]:
    """The documents whose PDF is missing (never made, or deleted since) or out of date, with
    the key of the PDF to make."""
    jobs: list[tuple[Output | Known, str]] = []
    for output in outputs:
        source = manifest.entries.get(str(output.path))
        if output.kind not in PDF_KINDS or source is None:
            continue
        relative = pdf_path(output)
        key = _pdf_key(source.sha256, converter)
        entry = manifest.entries.get(relative)
        target = options.out / relative
        if target.exists() and (entry is None or not manifest.matches_file(relative, entry)):
            try:  # a PDF zonedocs did not write, or one edited since: keep it aside
                result.moved.append((relative, str(move_aside(target).relative_to(options.out))))
            except OSError as exc:
                result.blocked.append((relative, describe(exc)))
                continue
        elif entry is not None and entry.key == key and not options.force and target.exists():
            result.unchanged.append(relative)
            continue
        jobs.append((output, key))
    return jobs
