"""Each PDF taken as soon as LibreOffice has written it, not when its whole batch is done; a
batch that runs past its time limit is stopped. A stand-in for LibreOffice (a script) converts
each document as its text says."""

from __future__ import annotations

import sys
import time
from pathlib import Path

import pytest

from zonedocs import pdf

pytestmark = pytest.mark.skipif(sys.platform == "win32",
                                reason="the stand-in LibreOffice is a script started by its #! line")

STAND_IN = """#!{python}
import sys, time
from pathlib import Path
arguments = sys.argv[1:]
out = Path(arguments[arguments.index("--outdir") + 1])
out.mkdir(parents=True, exist_ok=True)
for source in (Path(a) for a in arguments if a.endswith(".docx")):
    how = source.read_text()
    target = out / (source.stem + ".pdf")
    if how.startswith("wait:"):  # hold on until the test lets it go (or 20 s)
        release = Path(how[5:])
        for _ in range(400):
            if release.exists():
                break
            time.sleep(0.05)
        else:
            (release.parent / "never released").write_text("")
    if how == "fail":
        continue
    if how == "crash":
        target.write_bytes(b"%PDF-1.7 half")
        sys.exit(1)
    if how == "hang":
        target.write_bytes(b"%PDF-1.7 half")
        time.sleep(60)
    target.write_bytes(b"%PDF-1.7 " + source.stem.encode() + b"\\n%%EOF\\n")
"""


@pytest.fixture
def stand_in(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    script = tmp_path / "soffice"
    script.write_text(STAND_IN.format(python=sys.executable), encoding="utf-8")
    script.chmod(0o755)
    monkeypatch.setattr(pdf, "find_soffice", lambda: str(script))
    monkeypatch.setattr(pdf, "font_config", lambda state: tmp_path / "fonts.conf")
    return tmp_path


def _jobs(folder: Path, hows: list[str]) -> list[tuple[Path, Path]]:
    jobs = []
    for index, how in enumerate(hows):
        source = folder / f"doc{index}.docx"
        source.write_text(how)
        jobs.append((source, folder / f"doc{index}.pdf"))
    return jobs


def test_each_pdf_is_handed_over_as_soon_as_it_is_written(stand_in: Path):
    release = stand_in / "release"
    jobs = _jobs(stand_in, ["ok", f"wait:{release}", "fail", "ok", "crash"])
    results = []
    for converted in pdf.convert(jobs, stand_in / "state"):
        results.append(converted)
        if converted.index == 0:  # the batch is still running: the second waits for this
            assert not release.exists()
            release.write_text("")
    assert [r.index for r in results] == [0, 1, 2, 3, 4]
    assert [r.data is not None for r in results] == [True, True, False, True, False]
    assert results[3].data is not None and b"00003" in results[3].data
    assert not list(stand_in.rglob("never released"))


def test_a_batch_past_its_time_limit_is_stopped_and_its_unfinished_pdfs_are_not_taken(
        stand_in: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(pdf, "TIME_LIMIT", (2, 0))
    jobs = _jobs(stand_in, ["ok", "hang", "ok"])
    start = time.monotonic()
    results = list(pdf.convert(jobs, stand_in / "state"))
    assert time.monotonic() - start < 30
    assert [r.index for r in results] == [0, 1, 2]
    assert [r.data is not None for r in results] == [True, False, False]  # half a PDF is none
