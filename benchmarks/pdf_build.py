"""`--pdf` pages per second, five ways side by side on the same documents:

(a) plain LibreOffice: one `soffice --convert-to pdf` per file, as a person would script it;
(b) one LibreOffice converting the whole batch (zonedocs before it spread the work);
(b') as (b), but with LibreOffice running its graphics self-tests at each start, as it did
     before zonedocs's profiles recorded a version (pdf.py);
(c) a LibreOffice per core, each with its own profile and an equal share of every file;
(d) zonedocs now, `build --pdf`: as (c), but the 合订本 and the tables (台账, 考核表) are cut
    out of their 档案卷's PDF instead of being laid out a second time (build/bundlepdf.py,
    build/tablepdf.py). Its time is the build with `--pdf` less the same build without (both
    find every .docx up to date).

Each way makes the PDF of every document `zonedocs build --pdf` would (实施意见, 档案卷, 合订本,
台账, 考核表) of the sample workbook and of a synthetic roster, from warm profiles (a first
conversion has set each profile up). Ratios are against (b). On the sample, whose runs take
seconds, the ways take turns for SAMPLE_ROUNDS rounds and each keeps its fastest: one run of
three seconds moves by a third with the host's speed.

Usage: uv run python benchmarks/pdf_build.py [MEMBERS ...]   (default: the sample and 1000)
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pypdfium2
from common import synthetic_workbook

from zonedocs import pdf
from zonedocs.build import Options, build
from zonedocs.build.manifest import Manifest
from zonedocs.build.pdfs import PDF_KINDS
from zonedocs.samples.company import write_sample

SAMPLE_ROUNDS = 3


def sources(workbook: Path, out: Path) -> list[Path]:
    build(workbook, Options(out=out))
    with Manifest.load(out, writable=False) as manifest:
        kinds = {str(k) for k in PDF_KINDS}
        return sorted(out / p for p, e in manifest.entries.items() if e.kind in kinds)


def pages(folder: Path) -> int:
    total = 0
    for path in folder.rglob("*.pdf"):
        document = pypdfium2.PdfDocument(path)
        total += len(document)
        document.close()
    return total


def timed_convert(files: list[Path], state: Path, workers: int, target: Path) -> float:
    jobs = [(f, target / f"{i:05d}.pdf") for i, f in enumerate(files)]
    start = time.perf_counter()
    for converted in pdf.convert(jobs, state, workers=workers):
        assert converted.data is not None, converted.source
        converted.target.write_bytes(converted.data)
    return time.perf_counter() - start


def unsettled(files: list[Path], state: Path, target: Path) -> float:
    """(b) as it ran before LibreOffice's profiles recorded a version (pdf.py `_settled`): it
    ran its graphics self-tests at each start."""
    settled = pdf._settled
    pdf._settled = lambda profile: None
    try:
        return timed_convert(files, state, 1, target)
    finally:
        pdf._settled = settled


def plain(files: list[Path], state: Path, target: Path) -> float:
    """One soffice started per document, with the same private profile and fonts."""
    soffice = pdf.find_soffice()
    assert soffice is not None
    environment = {**os.environ, "FONTCONFIG_FILE": str(pdf.font_config(state))}
    profile = (state / "libreoffice-profile").resolve().as_uri()
    start = time.perf_counter()
    for index, source in enumerate(files):
        staged = target / f"{index:05d}.docx"
        shutil.copyfile(source, staged)
        subprocess.run([soffice, "--headless", "--norestore", f"-env:UserInstallation={profile}",
                        "--convert-to", "pdf", "--outdir", str(target), str(staged)],
                       capture_output=True, env=environment, check=True)
        staged.unlink()
    return time.perf_counter() - start


def zonedocs_pdf(workbook: Path, out: Path) -> float:
    """The `--pdf` step of a build whose documents are all up to date."""
    start = time.perf_counter()
    build(workbook, Options(out=out))
    without = time.perf_counter() - start
    start = time.perf_counter()
    report = build(workbook, Options(out=out, pdf=True, force=False))
    seconds = time.perf_counter() - start - without
    assert not report.pdf_failed and not report.pdf_problem, report
    print(f"  ({len(report.pdf_cut)} of {len(report.pdf_written)} PDFs cut from volumes)")
    return seconds


def measure(label: str, workbook: Path, cores: int, runs: int) -> None:
    work = Path(tempfile.mkdtemp(prefix="zonedocs-pdfbench-"))
    files = sources(workbook, work / "out")
    state = work / "out" / ".zonedocs"
    warm = work / "warm"
    warm.mkdir()
    timed_convert(files[:cores], state, cores, warm)  # set up every profile once
    before = work / "before" / ".zonedocs"  # profiles that never record a version
    unsettled(files[:1], before, warm)
    results: dict[str, tuple[float, int]] = {}

    def keep(name: str, seconds: float, folder: Path) -> None:  # the fastest round's time
        if name not in results or seconds < results[name][0]:
            results[name] = (seconds, pages(folder))

    for round_ in range(runs):  # the ways take turns, so a slower spell of the host hits each
        for name, workers in (("one LibreOffice, whole batch", 1), (f"{cores} LibreOffice, shared", cores)):
            target = work / f"{name.split()[0]}-{round_}"
            target.mkdir()
            keep(name, timed_convert(files, state, workers, target), target)
        target = work / f"before-{round_}"
        target.mkdir()
        keep("(b), self-tests at each start", unsettled(files, before, target), target)
        for made in (work / "out").rglob("*.pdf"):  # zonedocs makes them all again
            made.unlink()
        keep("zonedocs build --pdf", zonedocs_pdf(workbook, work / "out"), work / "out")
    target = work / "plain"
    target.mkdir()
    results["plain: soffice per file"] = (plain(files, state, target), pages(target))
    print(f"{label}: {len(files)} documents, the fastest of {runs} rounds (plain: one)")
    base = results["one LibreOffice, whole batch"]
    for name, (seconds, count) in results.items():
        rate = count / seconds
        print(f"  {name:32s} {seconds:6.1f} s  {count:5d} pages  {rate:5.1f} pages/s  "
              f"{rate / (base[1] / base[0]):4.2f}x the batch way")
    shutil.rmtree(work)


def main() -> None:
    if pdf.find_soffice() is None:
        print("LibreOffice is not installed: nothing to measure")
        return
    cores = os.cpu_count() or 1
    sizes = [int(a) for a in sys.argv[1:]] or [0, 1000]
    for members in sizes:
        if members == 0:
            measure("sample workbook", write_sample(Path(tempfile.mkdtemp())), cores, SAMPLE_ROUNDS)
        else:
            measure(f"{members} members", synthetic_workbook(members), cores, 1)


if __name__ == "__main__":
    main()
