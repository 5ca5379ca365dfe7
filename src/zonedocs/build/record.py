"""Recording what was written in the manifest: each output's key, bytes and field digests,
and each planned branch's input digest with its outputs' keys."""

from __future__ import annotations

from dataclasses import replace

from ..documents import Composite, Output
from .decide import Write
from .keys import Keys, field_digests
from .manifest import Entry, Manifest
from .plancache import remember, scope_of
from .workers import Written


def record(manifest: Manifest, write: Write, written: Written, keys: Keys) -> None:
    """Record a write that was done (a failed one leaves the old record, so the next build
    tries again)."""
    output = write.output
    if written.failure:
        return
    template = keys.templates.sha256(output.template) if output.template else ""
    fields = written.fields if written.fields is not None else field_digests(output, keys)
    manifest.put(str(output.path), Entry(
        key=write.key, sha256=written.sha256, size=written.size, mtime_ns=written.mtime_ns,
        kind=str(output.kind), branch=output.branch_id, subject=output.subject, template=template,
        fields=fields))
    for path, (sha256, pages) in written.part_pages.items():
        manifest.set_pages(path, sha256, pages)
    if isinstance(output, Composite):
        manifest.set_page_counts(str(output.path), keys.code, written.page_counts)


def reusable_parts(write: Write, manifest: Manifest, keys: Keys, made: list[Write] | None = None
                   ) -> Write:
    """The composite's write, told which parts have a file made from the very same key
    (path -> the SHA-256 its bytes must still have to be used, and its pages if counted), and
    the pages counted when it was last made. Parts that `made`, the writes before it in its
    task, make are joined as made there: ("", 0)."""
    output = write.output
    if not isinstance(output, Composite):
        return write
    before = {str(w.output.path) for w in made or () if not w.output.composite}
    reusable = {}
    for part in output.parts:
        entry = manifest.entries.get(part.path)
        if part.path in before:
            reusable[part.path] = ("", 0)
        elif entry is not None and entry.key == keys.part(part):
            reusable[part.path] = (entry.sha256, entry.pages)
    return replace(write, part_files=reusable,
                   page_counts=manifest.page_counts(str(output.path), keys.code))


def remember_plans(manifest: Manifest, planned: list[str], digests: dict[str, str],
                   outputs: list[Output], keys: Keys, roster: set[str] | None) -> None:
    """Keep the plans of the branches (and of the 考核汇总) just planned in full (`roster`:
    every branch of the roster, when the build covered them all, so branches that are gone
    are forgotten)."""
    plans: dict[str, dict[str, str]] = {b: {} for b in planned}
    for output in outputs:
        scope = scope_of(output)
        if scope in plans:
            plans[scope][str(output.path)] = keys.of(output)
    remember(manifest, {b: (digests[b], plans[b]) for b in planned}, roster)
