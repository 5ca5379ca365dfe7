"""The PDF step: each PDF kind's .docx converted by LibreOffice when its bytes changed (or
the converter did), written atomically and recorded like any output. A 合订本 converted in
the same run as its branch's 档案卷 is cut out of the volume's PDF (bundlepdf.py)."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path, PurePosixPath

from ..documents import Composite, DocKind, Output
from . import bundlepdf
from .manifest import Entry, Manifest
from .options import Options
from .outputdir import describe, move_aside, write_atomic
from .plancache import Known

Replan = Callable[[list[str]], list[Output]]
PDF_KINDS = frozenset({DocKind.OPINION, DocKind.ARCHIVE, DocKind.BUNDLE, DocKind.LEDGER,
                       DocKind.QUARTERLY, DocKind.ANNUAL})


@dataclass
class PdfResult:
    written: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    blocked: list[tuple[str, str]] = field(default_factory=list)
    moved: list[tuple[str, str]] = field(default_factory=list)
    renumbered: list[str] = field(default_factory=list)  # volumes given LibreOffice's page numbers
    cut: list[str] = field(default_factory=list)  # bundles cut out of their volume's PDF
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
    cuts = _cuts(jobs, replan)
    writer = _Writer(manifest, options, result)
    leftover = _convert([j for j in jobs if str(j[0].path) not in cuts.bundles], state, converter,
                        writer, cuts)
    _convert(leftover, state, converter, writer, _Cuts())  # bundles that could not be cut
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
class _Cuts:
    """The bundles to be cut out of the volumes converted in this run (bundlepdf.py)."""

    bundles: set[str] = field(default_factory=set)
    by_volume: dict[str, list[tuple[Output | Known, str, bundlepdf.Cut]]] = field(default_factory=dict)


def _cuts(jobs: list[tuple[Output | Known, str]], replan: Replan | None) -> _Cuts:
    """The bundles to cut: those whose volume is converted too. A branch known unchanged was
    not planned in this build; it is planned again to learn its composites' parts."""
    volumes = {o.branch_id: o for o, _ in jobs if o.kind == DocKind.ARCHIVE}
    bundles = [(o, key) for o, key in jobs if o.kind == DocKind.BUNDLE and o.branch_id in volumes]
    unplanned = sorted({o.branch_id for o, _ in bundles
                        if not (isinstance(o, Composite) and isinstance(volumes[o.branch_id], Composite))})
    planned: dict[str, Output] = {}
    if unplanned and replan is not None:
        planned = {str(o.path): o for o in replan(unplanned) if o.kind in (DocKind.ARCHIVE, DocKind.BUNDLE)}
    cuts = _Cuts()
    for output, key in bundles:
        volume = volumes[output.branch_id]
        bundle_plan = planned.get(str(output.path), output)
        volume_plan = planned.get(str(volume.path), volume)
        if not (isinstance(bundle_plan, Composite) and isinstance(volume_plan, Composite)):
            continue
        where = bundlepdf.cut_of(bundle_plan, volume_plan)
        if where is not None:
            cuts.bundles.add(str(output.path))
            cuts.by_volume.setdefault(str(volume.path), []).append((output, key, where))
    return cuts


def _convert(jobs: list[tuple[Output | Known, str]], state: Path, converter: str, writer: _Writer,
             cuts: _Cuts) -> list[tuple[Output | Known, str]]:
    """Convert the jobs and write their PDFs, and cut the bundles of each volume converted;
    the bundles that could not be cut."""
    from .. import pdf

    options = writer.options
    workers = options.jobs or os.cpu_count() or 1
    leftover: list[tuple[Output | Known, str]] = []
    for start in range(0, len(jobs), pdf.BATCH * workers):  # the record is saved after each
        batch = jobs[start:start + pdf.BATCH * workers]
        pairs = [(options.out / str(o.path), options.out / pdf_path(o)) for o, _ in batch]
        for converted in pdf.convert(pairs, state, workers=workers):  # as each is done
            output, key = batch[converted.index]
            if converted.data is None:
                writer.result.failed.append(pdf_path(output))
                leftover += [(b, k) for b, k, _ in cuts.by_volume.get(str(output.path), [])]
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
        writer.manifest.save()
    return leftover


def _cut(bundle: Output | Known, where: bundlepdf.Cut, volume: Path, volume_pdf: bytes,
         options: Options) -> bytes | None:
    from pypdfium2 import PdfiumError

    margins = bundlepdf.margins(options.out / str(bundle.path))
    printed = bundlepdf.furniture(volume)
    if margins is None or printed is None:
        return None
    try:
        return bundlepdf.cut(volume_pdf, where, *margins, printed)
    except PdfiumError:  # pdfium could not read or write it: the bundle is converted itself
        return None


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
