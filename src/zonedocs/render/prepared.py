"""A template part prepared for Jinja, and where prepared parts are remembered between builds.

Preparing runs docxtpl's tag clean-up (joining tags Word split across runs, `{%p %}`, `{%tr %}`,
`{%tc %}` …). It needs docxtpl, which imports python-docx: 0.04 s of importing, and a few
milliseconds a template, in every build that renders anything. A rebuild that rewrites one
card would spend a tenth of its time there, so the prepared text is kept in
OUT/.zonedocs/prepared/, under a digest of the part's bytes and of the rendering code (this
package's source and docxtpl's version, build/keys.py `rendering_code`): a changed template or
a new docxtpl prepares afresh.

What is read back is Jinja source, as a template's own text is, and it is compiled in the same
sandbox (render/environment.py): a file planted there can do no more than a template can. The
engine prepares a part again when its remembered text does not compile.
"""

from __future__ import annotations

import contextlib
import hashlib
import re
from collections.abc import Callable
from pathlib import Path

_PARAGRAPH = re.compile(r"<w:p([ >])")
KEPT = 200  # prepared parts in the folder: more means templates came and went; start afresh


def prepare(payload: bytes) -> str:
    """A part's XML with docxtpl's clean-up done, and each paragraph on a line of its own (so
    an error names a line near its paragraph)."""
    from docxtpl.template import DocxTemplate  # with python-docx: only when a part is prepared

    xml = DocxTemplate.patch_xml(None, payload.decode("utf-8"))  # its instance is not used
    xml = xml.replace("<w:t>", '<w:t xml:space="preserve">')
    return _PARAGRAPH.sub(r"\n<w:p\1", xml)


class PreparedParts:
    """The prepared parts remembered in one folder, for one rendering code."""

    def __init__(self, folder: Path, code: str, write: Callable[[Path, bytes], object]) -> None:
        self.folder = folder
        self.code = code.encode()
        self.write = write  # the build's atomic write

    def get(self, payload: bytes) -> str | None:
        try:  # bytes decoded, not text read: line ends stay as prepared
            return (self.folder / self._name(payload)).read_bytes().decode("utf-8")
        except (OSError, UnicodeDecodeError):
            return None

    def put(self, payload: bytes, prepared: str) -> None:
        """Remember a part; a folder that cannot be written changes nothing."""
        with contextlib.suppress(OSError):
            self.folder.mkdir(parents=True, exist_ok=True)
            if sum(1 for _ in self.folder.iterdir()) >= KEPT:
                for old in self.folder.iterdir():
                    old.unlink(missing_ok=True)
            self.write(self.folder / self._name(payload), prepared.encode("utf-8"))

    def _name(self, payload: bytes) -> str:
        return hashlib.sha256(self.code + b"\0" + payload).hexdigest() + ".xml"
