"""What one planned output is: where it goes, what makes it, and what it is about.

A document is a template filled with a context. A composite (an archive volume or a print
bundle) joins documents the other kinds planned: it holds them as `Part` records.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from pathlib import PurePosixPath
from typing import Any


class DocKind(StrEnum):
    """The kinds of output; `--only` names them."""

    OPINION = "opinion"
    CARD = "card"
    PLEDGE = "pledge"
    SIGN = "sign"
    LEDGER = "ledger"
    QUARTERLY = "quarterly"
    ANNUAL = "annual"
    SUMMARY = "summary"
    ARCHIVE = "archive"
    BUNDLE = "bundle"
    ZONE_TABLE = "zones"  # the branch's zone table, made only inside its archive volume


class Producer(StrEnum):
    """How an output's bytes are made (build/produce.py)."""

    DOCX = "docx"  # a template filled with the context
    SUMMARY = "summary"  # the summary workbook
    VOLUME = "volume"  # documents joined into one (archive volumes and print bundles)


@dataclass
class Output:
    """One file to produce. `context` is plain data (and `Image`s): it alone, with the template
    and the code that renders it, decides the file's bytes."""

    path: PurePosixPath
    kind: DocKind
    context: dict[str, Any]
    title: str
    template: str | None = None
    subject: str = ""
    branch_id: str = ""
    producer: Producer = Producer.DOCX

    @property
    def composite(self) -> bool:
        return False


@dataclass(frozen=True)
class Part:
    """A document inside a composite, as the output that makes it on its own; `context` is
    None when the part travels to a worker that will reuse the file already made."""

    path: str
    template: str
    title: str
    context: dict[str, Any] | None
    bookmark: str

    @classmethod
    def of(cls, output: Output, bookmark: str) -> Part:
        assert output.template is not None
        return cls(str(output.path), output.template, output.title, output.context, bookmark)


@dataclass
class Composite(Output):
    """Documents joined into one file, each part in its own section. The first page is the
    cover (`cover_template` filled with `context["cover"]`) or, without one, the first part.
    `update_fields` asks Word to refresh page references when the file is opened."""

    parts: tuple[Part, ...] = ()
    cover_template: str | None = None
    update_fields: bool = False
    producer: Producer = Producer.VOLUME

    @property
    def composite(self) -> bool:
        return True

    @property
    def year(self) -> int:
        return int(self.context["year"])
