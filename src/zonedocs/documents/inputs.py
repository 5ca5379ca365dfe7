"""What the documents of one branch are made from, as one digest per branch; and what the
company's 考核汇总 is made from, as one digest of its own.

A build keeps each branch's digest with the keys of the outputs it planned; when the next
build finds the same digest, the branch's outputs are known without planning them again.
The digest therefore takes in, generously, every record a branch's documents can read:

- the company-wide records (company, settings, leaders, tasks, every branch and team, which
  quarters were scored anywhere) and the key of the 实施意见, which each 档案卷 contains;
- the branch, its members with their contacts, pledges and scores, the zones in the branch
  and the zones its members hold, those zones' parents, children and roles, and every member
  such a zone or role names (a zone's holder may belong to another branch);
- the file state of each member's photo;
- the program itself (its source files and the libraries that render) and the templates.

The 考核汇总 lists every member's scores, so it is planned again only when what it reads
changes: the company, the settings, every branch and team, every score, and every member but
for the details it never shows (`NOT_IN_SUMMARY`: a changed phone number leaves it known).

The test that guards these lists changes each field of each kind of record and checks that the
outputs planned from the digests equal those planned from scratch.
"""

from __future__ import annotations

import hashlib
from dataclasses import fields
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

import orjson

from ..model import Member, Roster, Zone

_PACKAGE = Path(__file__).resolve().parents[1]
# A member's details the 考核汇总 never shows nor ranks by. Any other field, one added later
# included, is in its digest.
NOT_IN_SUMMARY = frozenset({"gender", "post", "party_role", "joined", "mobile", "photo",
                            "signature", "row"})
_SUMMARY_FIELDS = tuple(f.name for f in fields(Member) if f.name not in NOT_IN_SUMMARY)
_NOT_CODE = {"_templates", "_fonts", "__pycache__"}


@cache
def program_digest() -> str:
    """SHA-256 over zonedocs' own files (code and data), so a changed program plans afresh."""
    digest = hashlib.sha256()
    for path in sorted(_PACKAGE.rglob("*")):
        relative = path.relative_to(_PACKAGE)
        if path.is_file() and not _NOT_CODE & set(relative.parts) and path.suffix != ".pyc":
            digest.update(relative.as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def company_inputs(roster: Roster, templates: dict[str, str], opinion_key: str) -> bytes:
    """The part of every branch's digest that all branches share."""
    return _dump([program_digest(), templates, opinion_key, roster.company, roster.settings,
                  roster.leaders, roster.tasks, roster.branches, roster.teams,
                  sorted({s.quarter for s in roster.scores})])


class ScoreDumps(dict[str, orjson.Fragment]):
    """The scores of each branch's members, member by member, as the digests serialize them;
    made when first asked for. The scores are most of what the branch digests and the
    summary's serialize: a build that makes both serializes them once."""

    def __init__(self, roster: Roster) -> None:
        super().__init__()
        self.roster = roster

    def __missing__(self, branch_id: str) -> orjson.Fragment:
        scores = [self.roster.scores_of(m.id) for m in self.roster.members_of(branch_id)]
        dumped = self[branch_id] = orjson.Fragment(_dump(scores))
        return dumped


def branch_digest(roster: Roster, branch_id: str, shared: bytes, scores: ScoreDumps) -> str:
    members = roster.members_of(branch_id)
    zones: dict[str, Zone] = {z.id: z for z in roster.zones_in(branch_id)}
    for m in members:
        zones.update((z.id, z) for z in roster.zones_of(m.id))
    for z in list(zones.values()):
        if z.parent_id in roster.zones:
            zones.setdefault(z.parent_id, roster.zones[z.parent_id])
        zones.update((c.id, c) for c in roster.children_of(z.id))
    roles = [r for z in zones.values() for r in roster.roles_of(z.id)]
    named: dict[str, Member] = {}
    for member_id in [roster.branches[branch_id].secretary_id, *(z.member_id for z in zones.values()),
                      *(r.member_id for r in roles)]:
        if member_id in roster.members:
            named[member_id] = roster.members[member_id]
    own = [(m, roster.contacts_of(m.id), roster.pledges_of(m.id), _file_state(m.photo))
           for m in members]
    body = _dump([branch_id, own, scores[branch_id], list(zones.values()), roles,
                  list(named.values())])
    return hashlib.sha256(shared + b"\0" + body).hexdigest()


def summary_digest(roster: Roster, code: str, scores: ScoreDumps) -> str:
    """The digest of what the 考核汇总 reads (members in workbook order: ties keep it), with
    `code`, the digest of the code that renders it. Every score is of a member of the roster:
    with the members in order (their branch included), each branch's members' scores in turn
    are every member's scores."""
    members = [[getattr(m, name) for name in _SUMMARY_FIELDS] for m in roster.members.values()]
    branches = dict.fromkeys(m.branch_id for m in roster.members.values())
    return hashlib.sha256(_dump([program_digest(), code, roster.company, roster.settings,
                                 roster.branches, roster.teams, members,
                                 [scores[b] for b in branches]])).hexdigest()


def _file_state(path: Path | None) -> list[int] | None:
    """Size and change times of a file: any write to it changes them."""
    if path is None:
        return None
    try:
        stat = path.stat()
    except OSError:
        return None
    return [stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns]


def _dump(value: Any) -> bytes:
    return orjson.dumps(value, default=_plain, option=orjson.OPT_NON_STR_KEYS)


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, Path):
        return value.as_posix()
    if isinstance(value, (set, frozenset)):
        return sorted(value)
    raise TypeError(f"not JSON-able in a digest: {type(value).__name__}")
