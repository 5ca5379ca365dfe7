"""What an earlier build planned for each branch: the digest of the branch's inputs and the
key of every output planned from them, kept in the manifest.

When a branch's digest is unchanged and the manifest shows each of those outputs written with
that key, the branch's documents are known without planning them again: in a roster of ten
thousand members where one phone number changed, one branch is planned, not a hundred.
The company's 考核汇总 is remembered the same way, under a scope of its own (`SUMMARY_SCOPE`).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePosixPath

from ..documents import DocKind, Output, Source, inputs, opinion
from ..templates import default_names
from .keys import Keys
from .manifest import Manifest

SUMMARY_SCOPE = ""  # the plan of the 考核汇总 (no branch ID is empty)


@dataclass(frozen=True)
class Known:
    """An output of a branch whose inputs have not changed since it was written."""

    relative: str  # its path in the output folder, as the manifest names it
    kind: str
    key: str
    subject: str
    branch_id: str

    @property
    def path(self) -> PurePosixPath:
        """As an Output's (made on demand: a rebuild knows tens of thousands)."""
        return PurePosixPath(self.relative)


def branch_digests(source: Source, scope: list[str], keys: Keys) -> dict[str, str]:
    """The digest of each branch's inputs (documents/inputs.py), with the templates and the
    key of the 实施意见 every archive volume holds."""
    opinion_key = keys.of(opinion.plan(source)[0])
    used = {name: keys.templates.sha256(name) for name in default_names()}
    shared = inputs.company_inputs(source.roster, used, opinion_key + keys.code)
    scores = score_dumps(source)
    return {b: inputs.branch_digest(source.roster, b, shared, scores) for b in scope}


def summary_digest(source: Source, keys: Keys) -> str:
    """The digest of what the 考核汇总 reads (documents/inputs.py)."""
    return inputs.summary_digest(source.roster, keys.code, score_dumps(source))


def score_dumps(source: Source) -> inputs.ScoreDumps:
    """Each branch's scores serialized once per build, for both kinds of digest."""
    return source.once("score dumps", lambda: inputs.ScoreDumps(source.roster))


def scope_of(output: Output) -> str | None:
    """The plan an output is remembered in: its branch's, or the 考核汇总's; None for the
    实施意见, planned in every build (each volume's key takes in its key)."""
    if output.kind is DocKind.SUMMARY:
        return SUMMARY_SCOPE
    return output.branch_id or None


def known_outputs(manifest: Manifest, branch_id: str, digest: str) -> list[Known] | None:
    """The branch's (or scope's) outputs if its inputs are unchanged and each output was
    written from them; None if it must be planned."""
    recorded = manifest.plans.get(branch_id)
    if recorded is None or recorded[0] != digest:
        return None
    known = []
    for path, key in recorded[1].items():
        entry = manifest.entries.get(path)
        if entry is None or entry.key != key:
            return None
        known.append(Known(path, entry.kind, key, entry.subject, branch_id))
    return known


def remember(manifest: Manifest, plans: dict[str, tuple[str, dict[str, str]]],
             whole_roster: set[str] | None) -> None:
    """Record the plans of the branches just planned in full; with `whole_roster` (every
    branch ID of the roster), forget branches that no longer exist."""
    merged = {**manifest.plans, **plans}
    if whole_roster is not None:
        merged = {b: e for b, e in merged.items() if b in whole_roster or b == SUMMARY_SCOPE}
    manifest.set_plans(merged)
