"""The PDF step: each PDF kind's .docx converted by LibreOffice when its bytes changed (or
the converter did), written atomically and recorded like any output."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path, PurePosixPath

from ..documents import DocKind, Output
from .manifest import Entry, Manifest
from .options import Options
from .outputdir import describe, move_aside, write_atomic
from .plancache import Known

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
    problem: str = ""  # LibreOffice missing
    warnings: list[str] = field(default_factory=list)


def pdf_path(output: Output | Known) -> str:
    return str(PurePosixPath(str(output.path)).with_suffix(".pdf"))


def planned_pdfs(outputs: Sequence[Output | Known]) -> frozenset[str]:
    return frozenset(pdf_path(o) for o in outputs if o.kind in PDF_KINDS)


def make_pdfs(outputs: Sequence[Output | Known], manifest: Manifest, options: Options) -> PdfResult:
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
    workers = options.jobs or os.cpu_count() or 1
    for start in range(0, len(jobs), pdf.BATCH * workers):  # the record is saved after each
        batch = jobs[start:start + pdf.BATCH * workers]
        pairs = [(options.out / str(o.path), options.out / pdf_path(o)) for o, _ in batch]
        for (output, key), converted in zip(batch, pdf.convert(pairs, state, workers=workers),
                                            strict=True):
            relative = pdf_path(output)
            if converted.data is None:
                result.failed.append(relative)
                continue
            if output.kind is DocKind.ARCHIVE:
                sha = _renumber(output, converted.source, converted.data, manifest, result)
                key = _pdf_key(sha, converter) if sha else key
            try:
                stat = write_atomic(converted.target, converted.data)
            except OSError as exc:
                result.blocked.append((relative, describe(exc)))
                continue
            manifest.put(relative, Entry(
                key=key, sha256=hashlib.sha256(converted.data).hexdigest(), size=stat.st_size,
                mtime_ns=stat.st_mtime_ns, kind=f"pdf:{output.kind}", branch=output.branch_id,
                subject=output.subject))
            result.written.append(relative)
        manifest.save()
    return result


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
    """The documents whose PDF is missing or out of date, with the key of the PDF to make."""
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
        elif entry is not None and entry.key == key and not options.force:
            result.unchanged.append(relative)
            continue
        jobs.append((output, key))
    return jobs
