"""The archive volume of a 300-member branch, and PDF conversion speed with a warm converter.

(a) Assembly: zonedocs' string-level composer against docxcompose (the usual library for
    joining .docx files) on the same rendered parts, in the same run.
(b) PDF: pages per second for a batch of documents through one started LibreOffice, after a
    first conversion has warmed its profile.

Usage: uv run python benchmarks/archive_pdf.py
"""

from __future__ import annotations

import io
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import synthetic_workbook

from zonedocs import documents, pdf
from zonedocs.build.produce import produce
from zonedocs.documents import Composite, DocKind, Source
from zonedocs.render import Properties
from zonedocs.render.compose import Part, Volume
from zonedocs.templates import TemplateSet
from zonedocs.workbook import load_valid


def docxcompose_seconds(parts: list[bytes]) -> float | None:
    try:
        from docx import Document
        from docxcompose.composer import Composer
    except ImportError:
        return None
    start = time.perf_counter()
    composer = Composer(Document(io.BytesIO(parts[0])))
    for data in parts[1:]:
        composer.append(Document(io.BytesIO(data)))
    composer.save(io.BytesIO())
    return time.perf_counter() - start


def main() -> None:
    roster, _ = load_valid(synthetic_workbook(300, seed=3, branch_size=300))  # one branch
    templates = TemplateSet()
    source = Source.of(roster)
    archive = next(o for o in documents.plan(source, {DocKind.ARCHIVE}) if o.branch_id == "B001")
    assert isinstance(archive, Composite)
    parts = len(archive.parts)
    produce(archive, templates)  # templates prepared
    start = time.perf_counter()
    data = produce(archive, templates)
    ours = time.perf_counter() - start
    rendered = [templates.get(p.template).render(p.context or {}, Properties(p.title, "zonedocs", 2026))
                for p in archive.parts]
    start = time.perf_counter()
    volume = Volume(rendered[0])
    for index, part in enumerate(rendered[1:]):
        volume.add(Part(part, f"b{index}"))
    volume.to_bytes(2026)
    compose_only = time.perf_counter() - start
    print(f"archive of a 300-member branch: {parts} parts, {len(data) / 2**20:.1f} MiB")
    print(f"zonedocs: render and assemble {ours:.2f} s (assembly alone {compose_only:.2f} s)")
    theirs = docxcompose_seconds(rendered)
    if theirs is None:
        print("docxcompose not installed: `uv pip install docxcompose` to compare")
    else:
        print(f"docxcompose, same parts, assembly alone: {theirs:.2f} s; ratio {theirs / compose_only:.1f}x")

    if pdf.find_soffice() is None:
        print("LibreOffice not installed: PDF speed not measured")
        return
    work = Path(tempfile.mkdtemp(prefix="zonedocs-pdf-bench-"))
    state = work / "state"
    cards = documents.plan(source, {DocKind.CARD, DocKind.PLEDGE, DocKind.QUARTERLY})[:120]
    jobs = []
    for index, output in enumerate(cards):
        source = work / f"{index}.docx"
        source.write_bytes(produce(output, templates))
        jobs.append((source, work / f"{index}.pdf"))
    list(pdf.convert(jobs[:1], state))  # warm the profile
    start = time.perf_counter()
    results = list(pdf.convert(jobs, state))
    seconds = time.perf_counter() - start
    for result in results:
        result.target.write_bytes(result.data or b"")
    pages = 0
    for result in results:
        info = subprocess.run(["pdfinfo", str(result.target)], capture_output=True, text=True).stdout
        pages += int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages")))
    print(f"PDF: {len(jobs)} documents, {pages} pages in {seconds:.1f} s with one LibreOffice start: "
          f"{pages / seconds:.1f} pages/s")
    volume_pdf = work / "volume.docx"
    volume_pdf.write_bytes(data)
    start = time.perf_counter()
    converted = next(pdf.convert([(volume_pdf, work / "volume.pdf")], state))
    seconds = time.perf_counter() - start
    (work / "volume.pdf").write_bytes(converted.data or b"")
    info = subprocess.run(["pdfinfo", str(work / "volume.pdf")], capture_output=True, text=True).stdout
    pages = int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages")))
    print(f"PDF of the volume: {pages} pages in {seconds:.1f} s: {pages / seconds:.1f} pages/s")
    shutil.rmtree(work)


if __name__ == "__main__":
    sys.exit(main())
