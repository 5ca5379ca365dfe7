"""Deciding, for each planned output, whether to write it and why; and which recorded outputs
leave the plan. Decisions read the manifest and the disk and change neither."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..documents import Output
from . import reasons
from .keys import Keys, field_digests
from .manifest import INTACT, MISSING, Entry, Manifest
from .options import Options
from .plancache import Known


@dataclass(frozen=True)
class Write:
    """An output to render and write."""

    output: Output
    key: str
    reason: str  # for the user
    keep_aside: bool = False  # the file at the path is not what zonedocs wrote: rename it first
    forced: bool = False  # write even if the file already holds exactly these bytes
    # part path -> (the SHA-256 its file must still have to be reused, its pages; 0: not known)
    part_files: dict[str, tuple[str, int]] = field(default_factory=dict)
    page_counts: dict[str, int] = field(default_factory=dict)  # a composite's, as last made


@dataclass
class Decisions:
    writes: list[Write] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    edited_kept: list[str] = field(default_factory=list)  # edited by a person, source unchanged
    retired: list[str] = field(default_factory=list)  # recorded, no longer planned

    def extend(self, other: Decisions) -> None:
        self.writes += other.writes
        self.unchanged += other.unchanged
        self.edited_kept += other.edited_kept
        self.retired += other.retired


def decide(outputs: list[Output], keys: Keys, manifest: Manifest, options: Options,
           known: frozenset[str] = frozenset(), pdf_paths: frozenset[str] = frozenset()) -> Decisions:
    """`known`: paths of outputs planned, and found unchanged, without their contexts;
    `pdf_paths`: the PDFs this build is to make."""
    decisions = Decisions()
    planned = {str(o.path) for o in outputs} | known | pdf_paths
    decisions.retired = [path for path, entry in manifest.entries.items()
                         if path not in planned and _in_scope(entry, options)]
    moved_from = {manifest.entries[p].subject: p for p in decisions.retired
                  if manifest.entries[p].subject}
    for output in outputs:
        relative = str(output.path)
        key = keys.of(output)
        entry = manifest.entries.get(relative)
        on_disk = (options.out / relative).is_file()  # a folder in its place is no file
        if entry is None:
            was = moved_from.get(output.subject)
            reason = reasons.MOVED.format(was=was) if was else reasons.NEW
            if on_disk:
                reason += "；" + reasons.OCCUPIED
            decisions.writes.append(Write(output, key, reason, keep_aside=on_disk))
            continue
        if not on_disk:
            decisions.writes.append(Write(output, key, reasons.MISSING))
            continue
        intact = manifest.matches_file(relative, entry)
        if entry.key == key and not options.force:
            (decisions.unchanged if intact else decisions.edited_kept).append(relative)
            continue
        reason = reasons.FORCED if entry.key == key else _why(entry, output, keys, manifest)
        decisions.writes.append(Write(output, key, reason, keep_aside=not intact, forced=options.force))
    return decisions


def still_unchanged(known: dict[str, list[Known]], manifest: Manifest
                    ) -> tuple[dict[str, list[Known]], Decisions]:
    """The branches whose known outputs are all on disk, with those outputs decided as
    unchanged (or kept, when edited by hand); a branch with a file missing must be planned
    again."""
    decisions = Decisions()
    kept: dict[str, list[Known]] = {}
    for branch, outputs in known.items():
        states = [manifest.file_state(k.relative, manifest.entries[k.relative]) for k in outputs]
        if MISSING in states:
            continue
        for output, state in zip(outputs, states, strict=True):
            (decisions.unchanged if state == INTACT else decisions.edited_kept).append(output.relative)
        kept[branch] = outputs
    return kept, decisions


def _in_scope(entry: Entry, options: Options) -> bool:
    kind = entry.kind
    if kind.startswith("pdf:"):
        if not options.pdf:
            return False
        kind = kind.removeprefix("pdf:")
    if options.only is not None and kind not in options.only:
        return False
    return options.branch is None or entry.branch in ("", options.branch)


def _why(entry: Entry, output: Output, keys: Keys, manifest: Manifest) -> str:
    if output.template and entry.template != keys.templates.sha256(output.template):
        return reasons.TEMPLATE_CHANGED
    return reasons.changed_fields(field_digests(output, keys), manifest.fields(str(output.path)))
