"""Output keys: what decides an output's bytes, hashed. Same key, same bytes.

A document's key covers the code that renders (this package's render/ and produce.py, with
the versions of the libraries they call), the template's bytes, the title and the context.
A composite's key covers each part's key and bookmark, its cover and its own context: this
module alone says what goes into a key.

Field digests (one short hash per context field) are kept in the manifest so a later build
can say which fields changed.
"""

from __future__ import annotations

import hashlib
from functools import cache
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

import orjson

from ..documents import Composite, Output, Part, Producer
from ..render import Image
from ..templates import TemplateSet

PART_FIELD = "part:"
_PACKAGE = Path(__file__).resolve().parents[1]
_LIBRARIES = ("docxtpl", "jinja2", "markupsafe", "lxml", "openpyxl")


@cache
def rendering_code() -> str:
    """SHA-256 of the source of the code that turns a context into bytes, and of the
    versions of the libraries it calls: an upgrade that changes it re-keys every output,
    and the build rewrites only the files whose bytes really change."""
    digest = hashlib.sha256()
    sources = [*sorted((_PACKAGE / "render").glob("*.py")), _PACKAGE / "build" / "produce.py"]
    for path in sources:
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    for library in _LIBRARIES:
        try:
            digest.update(f"{library}={version(library)}".encode())
        except PackageNotFoundError:
            digest.update(f"{library}=?".encode())
    return digest.hexdigest()


class Keys:
    """The keys of one build's outputs, each worked out once (by output path)."""

    def __init__(self, templates: TemplateSet, code: str | None = None) -> None:
        self.templates = templates
        self.code = code if code is not None else rendering_code()
        self._known: dict[str, str] = {}

    def of(self, output: Output) -> str:
        relative = str(output.path)
        key = self._known.get(relative)
        if key is None:
            key = self._composite(output) if isinstance(output, Composite) else self._hash(
                output.producer, output.template, output.title, output.context)
            self._known[relative] = key
        return key

    def part(self, part: Part) -> str:
        """A part's key: the key of the document it repeats (the same inputs)."""
        key = self._known.get(part.path)
        if key is None:
            key = self._hash(Producer.DOCX, part.template, part.title, part.context)
            self._known[part.path] = key
        return key

    def _composite(self, output: Composite) -> str:
        parts = [self.part(p) + p.bookmark for p in output.parts]
        cover = self.templates.sha256(output.cover_template) if output.cover_template else ""
        return self._hash(output.producer, None, output.title, {
            **output.context, "parts": parts, "cover_template": cover,
            "update_fields": output.update_fields})

    def _hash(self, producer: str, template: str | None, title: str, context: Any) -> str:
        template_hash = self.templates.sha256(template) if template else ""
        return hashlib.sha256(canonical([self.code, producer, template_hash, title, context])
                              ).hexdigest()


def field_digests(output: Output, keys: Keys | None = None) -> dict[str, str]:
    """A short digest of each field of the output's context (one level into dicts). A
    composite has one per part as well, from the part's key (give `keys`)."""
    digests = {}
    if isinstance(output, Composite) and keys is not None:
        for part in output.parts:
            digests[PART_FIELD + part.path] = keys.part(part)[:12]
    context = output.context
    for name in sorted(context):
        value = context[name]
        pairs = ([(f"{name}.{sub}", value[sub]) for sub in sorted(value)]
                 if isinstance(value, dict) and value else [(name, value)])
        for path, item in pairs:
            digests[path] = hashlib.blake2b(canonical(item), digest_size=6).hexdigest()
    return digests


def canonical(value: Any) -> bytes:
    """Compact UTF-8 JSON with sorted keys: the same value always gives the same bytes."""
    return orjson.dumps(value, default=_plain, option=orjson.OPT_SORT_KEYS | orjson.OPT_NON_STR_KEYS
                        | orjson.OPT_PASSTHROUGH_DATACLASS)


def _plain(value: Any) -> Any:
    if isinstance(value, Image):
        return value.fingerprint()
    raise TypeError(f"not JSON-able in a context: {type(value).__name__}")
