"""PDF by LibreOffice: many documents per started process, a LibreOffice per core each with a
private profile of its own, and the project's font mapping, so Chinese faces are embedded and
never a Japanese fallback."""

from __future__ import annotations

import os
import queue
import shutil
import subprocess
import tempfile
import time
import zipfile
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from .fonts import font_config

BATCH = 200
# Bookmarks become named destinations, so a volume's parts can be found in its PDF.
PDF_FILTER = ('pdf:writer_pdf_Export:{"ExportBookmarksToPDFDestination":'
              '{"type":"boolean","value":"true"}}')
INSTALL_HINT = ("Windows/macOS：从 LibreOffice 官网下载安装（装在默认位置即可）；"
                "Debian/Ubuntu/统信UOS/麒麟：sudo apt-get install libreoffice-writer-nogui，"
                "再运行 zonedocs fonts --install 安装中文字体。")


class ConverterMissing(Exception):
    """LibreOffice is not installed."""


@dataclass
class Converted:
    index: int  # the job's place in the list given to `convert`
    source: Path
    target: Path
    data: bytes | None  # the PDF; None: LibreOffice could not convert the document


def find_soffice() -> str | None:
    """LibreOffice on the PATH, or where its installers put it on Windows and macOS."""
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    for candidate in _installed_locations():
        if candidate.is_file():
            return str(candidate)
    return None


def _installed_locations() -> list[Path]:
    places = [Path("/Applications/LibreOffice.app/Contents/MacOS/soffice")]
    for variable in ("ProgramFiles", "ProgramFiles(x86)", "ProgramW6432"):
        folder = os.environ.get(variable)
        if folder:
            places.append(Path(folder) / "LibreOffice" / "program" / "soffice.exe")
    return places


def converter_id() -> str:
    """Identifies the converter in output keys: a new LibreOffice means new PDFs."""
    path = find_soffice()
    if path is None:
        return "none"
    real = Path(path).resolve()
    return f"{real}:{real.stat().st_mtime_ns}"


def convert(jobs: list[tuple[Path, Path]], state: Path, config: Path | None = None,
            workers: int = 1) -> Iterator[Converted]:
    """Convert (source .docx, target .pdf) pairs and yield each as soon as its batch is done
    (each names its job by index); the caller writes the targets. `workers` LibreOffice
    processes run side by side, each with its own profile and its share of the documents (the
    most work first, each to the least loaded). `config`: the fontconfig file to use (default:
    the project's mapping, fonts.py)."""
    soffice = find_soffice()
    if soffice is None:
        raise ConverterMissing(INSTALL_HINT)
    config = config or font_config(state)
    environment = {**os.environ, "FONTCONFIG_FILE": str(config)}
    shares = _shares(jobs, max(1, min(workers, len(jobs))))
    if len(shares) == 1:
        yield from _convert(soffice, jobs, list(range(len(jobs))), _profile(state, 0), environment)
        return
    done: queue.Queue[Converted | BaseException | None] = queue.Queue()

    def run(number: int, share: list[int]) -> None:  # each thread waits on its own LibreOffice
        try:
            for converted in _convert(soffice, [jobs[i] for i in share], share,
                                      _profile(state, number), environment):
                done.put(converted)
        except BaseException as exc:  # handed to the caller's thread
            done.put(exc)
        finally:
            done.put(None)

    with ThreadPoolExecutor(len(shares)) as pool:
        for number, share in enumerate(shares):
            pool.submit(run, number, share)
        running = len(shares)
        while running:
            item = done.get()
            if item is None:
                running -= 1
            elif isinstance(item, BaseException):
                raise item
            else:
                yield item


def _shares(jobs: list[tuple[Path, Path]], count: int) -> list[list[int]]:
    """The jobs' indexes split into `count` shares of about equal work, in order within each."""
    shares: list[list[int]] = [[] for _ in range(count)]
    loads = [0] * count
    weights = [max(1, _work(source)) for source, _ in jobs]
    for index in sorted(range(len(jobs)), key=lambda i: -weights[i]):
        least = loads.index(min(loads))
        shares[least].append(index)
        loads[least] += weights[index]
    return [sorted(share) for share in shares if share]


# LibreOffice's time on a document, measured: about 0.6 µs per byte of its body's XML, plus
# what any document costs (opening, styles, fonts, writing the PDF) — as much as 60 kB more.
DOCUMENT_COST = 60_000


def _work(path: Path) -> int:
    """How much work a document is to lay out, in bytes of body XML: the size of its
    word/document.xml (its compressed size says little: a volume's many like parts pack
    tight), or for anything else the file's size."""
    try:
        with zipfile.ZipFile(path) as archive:
            return archive.getinfo("word/document.xml").file_size + DOCUMENT_COST
    except (OSError, KeyError, zipfile.BadZipFile):
        pass
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _profile(state: Path, index: int) -> Path:
    """A LibreOffice profile of its own for each process running at once."""
    name = "libreoffice-profile" + (f"-{index + 1}" if index else "")
    return (state / name).resolve()


# LibreOffice runs its graphics self-tests (about 0.6 s, a gigabyte of memory touched) at each
# start with a profile that has not recorded the version last run with it — and a headless run
# never records it. The tests only choose how windows are drawn, which a conversion never shows:
# the profile is told a later version has run.
SETTINGS = "user/registrymodifications.xcu"
_LAST_VERSION = ('<item oor:path="/org.openoffice.Setup/Product"><prop oor:name="ooSetupLastVersion" '
                 'oor:op="fuse"><value>99.9</value></prop></item>\n')
_NO_SETTINGS = ('<?xml version="1.0" encoding="UTF-8"?>\n'
                '<oor:items xmlns:oor="http://openoffice.org/2001/registry" '
                'xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">\n'
                "</oor:items>\n")


def _settled(profile: Path) -> None:
    """Record in the profile that a later LibreOffice has run with it (its first start too)."""
    settings = profile / SETTINGS
    try:
        text = settings.read_text(encoding="utf-8") if settings.exists() else _NO_SETTINGS
        if "ooSetupLastVersion" in text or "</oor:items>" not in text:
            return  # recorded already, or not a file to touch
        at = text.rindex("</oor:items>")
        settings.parent.mkdir(parents=True, exist_ok=True)
        settings.write_text(text[:at] + _LAST_VERSION + text[at:], encoding="utf-8")
    except (OSError, UnicodeError):
        pass  # LibreOffice still converts, only slower to start


def _convert(soffice: str, jobs: list[tuple[Path, Path]], indexes: list[int], profile: Path,
             environment: dict[str, str]) -> Iterator[Converted]:
    _settled(profile)
    for start in range(0, len(jobs), BATCH):
        batch = jobs[start:start + BATCH]
        numbers = indexes[start:start + BATCH]
        with tempfile.TemporaryDirectory(prefix="zonedocs-pdf-") as folder:
            staged = Path(folder)
            names = []
            for index, (source, _) in enumerate(batch):
                name = staged / f"{index:05d}.docx"
                shutil.copyfile(source, name)
                names.append(name)
            command = [soffice, "--headless", "--norestore", "--nologo", "--nodefault",
                       f"-env:UserInstallation={profile.as_uri()}", "--convert-to", PDF_FILTER,
                       "--outdir", str(staged / "pdf"), *map(str, names)]
            produced = [staged / "pdf" / (name.stem + ".pdf") for name in names]
            done = 0
            for finished in _watched(command, environment, produced):
                for number, path, (source, target) in zip(numbers[done:finished], produced[done:finished],
                                                         batch[done:finished], strict=True):
                    yield Converted(number, source, target, path.read_bytes() if _ended(path) else None)
                done = max(done, finished)
            for number, (source, target) in zip(numbers[done:], batch[done:], strict=True):
                yield Converted(number, source, target, None)  # cut off by the time limit


POLL = 0.05  # seconds between looks at what LibreOffice has written
TIME_LIMIT = (120, 10)  # seconds a batch may take: so many, and so many more per document
_END = b"%%EOF"  # the last line of a PDF: LibreOffice writes it as it closes the file


def _watched(command: list[str], environment: dict[str, str], produced: list[Path]) -> Iterator[int]:
    """Run LibreOffice on a batch and tell, as it goes, how many of its documents are done: it
    converts them in order, so one is done when its PDF ends, or once the PDF of a later one
    appears (it could not be converted), and all are once it exits. Past the time limit it is
    stopped, and what it was converting counts as not done."""
    process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL, env=environment)
    deadline = time.monotonic() + TIME_LIMIT[0] + TIME_LIMIT[1] * len(produced)
    done = 0
    try:
        while process.poll() is None:
            if time.monotonic() > deadline:
                return
            finished = done
            while finished < len(produced) and (_ended(produced[finished])
                                                or any(p.exists() for p in produced[finished + 1:])):
                finished += 1
            if finished > done:
                done = finished
                yield done
            time.sleep(POLL)
        yield len(produced)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()


def _ended(path: Path) -> bool:
    """Whether a PDF being written is whole: it ends with its %%EOF line."""
    try:
        with path.open("rb") as file:
            file.seek(0, os.SEEK_END)
            file.seek(max(0, file.tell() - 32))
            return _END in file.read()
    except OSError:  # not there yet, or still held by LibreOffice (Windows)
        return False
