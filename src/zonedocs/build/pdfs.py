"""The PDF step: each PDF kind's .docx converted by LibreOffice when its bytes changed (or
the converter did), written atomically and recorded like any output."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import PurePosixPath

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
    jobs = _jobs(outputs, manifest, options, pdf.converter_id(), result)
    for start in range(0, len(jobs), pdf.BATCH):
        batch = jobs[start:start + pdf.BATCH]
        pairs = [(options.out / str(o.path), options.out / pdf_path(o)) for o, _ in batch]
        for (output, key), converted in zip(batch, pdf.convert(pairs, state), strict=True):
            relative = pdf_path(output)
            if converted.data is None:
                result.failed.append(relative)
                continue
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


def _jobs(outputs: Sequence[Output | Known], manifest: Manifest, options: Options, converter: str,
          result: PdfResult) -> list[tuple[Output | Known, str]]:
    """The documents whose PDF is missing or out of date, with the key of the PDF to make."""
    jobs: list[tuple[Output | Known, str]] = []
    for output in outputs:
        source = manifest.entries.get(str(output.path))
        if output.kind not in PDF_KINDS or source is None:
            continue
        relative = pdf_path(output)
        key = hashlib.sha256(f"pdf|{source.sha256}|{converter}".encode()).hexdigest()
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
