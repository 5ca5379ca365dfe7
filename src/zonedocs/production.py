"""Turning one planned output into bytes. Most outputs are a template filled with a context;
other producers (the summary workbook, the archive volume, print bundles) register here."""

from __future__ import annotations

from collections.abc import Callable

from .documents.output import Output
from .render import Properties
from .templates import TemplateSet

PartLoader = Callable[[dict], bytes | None]
Producer = Callable[..., bytes]
PRODUCERS: dict[str, Producer] = {}


def producer(name: str) -> Callable[[Producer], Producer]:
    def register(function: Producer) -> Producer:
        PRODUCERS[name] = function
        return function

    return register


@producer("docx")
def fill_template(output: Output, templates: TemplateSet) -> bytes:
    assert output.template is not None
    year = output.context.get("year", 2026)
    return templates.get(output.template).render(
        output.context, Properties(output.title, "zonedocs", int(year)))


def produce(output: Output, templates: TemplateSet, parts: PartLoader | None = None) -> bytes:
    """The output's bytes. `parts`, for volumes and bundles, may hand back a part's bytes
    already made in this build (exactly what rendering it would give) instead of rendering."""
    if output.producer in ("archive", "bundle"):
        return PRODUCERS[output.producer](output, templates, parts)
    return PRODUCERS[output.producer](output, templates)


@producer("summary")
def summary_workbook(output: Output, templates: TemplateSet) -> bytes:
    from .documents.summary import write_summary

    return write_summary(output.context)


class PartUnavailable(Exception):
    """A part was sent without its context (its file was to be reused) and the file was not
    as expected: the volume must be made again where the contexts are."""


def _parts(output: Output, templates: TemplateSet,
           loader: PartLoader | None = None) -> list[tuple[bytes, str]]:
    year = int(output.context["year"])
    result = []
    for part in output.context["parts"]:
        data = loader(part) if loader else None
        if data is None:
            if part["context"] is None:
                raise PartUnavailable(part["path"])
            data = templates.get(part["template"]).render(part["context"],
                                                          Properties(part["title"], "zonedocs", year))
        result.append((data, part["bookmark"]))
    return result


@producer("archive")
def archive_volume(output: Output, templates: TemplateSet, loader: PartLoader | None = None) -> bytes:
    from .render.compose import Part, Volume

    year = int(output.context["year"])
    cover = templates.get("档案卷封面.docx").render(output.context["cover"],
                                                    Properties(output.title, "zonedocs", year))
    volume = Volume(cover, update_fields=True)
    for data, bookmark in _parts(output, templates, loader):
        volume.add(Part(data, bookmark))
    return volume.to_bytes(year)


@producer("bundle")
def print_bundle(output: Output, templates: TemplateSet, loader: PartLoader | None = None) -> bytes:
    from .render.compose import Part, Volume

    parts = _parts(output, templates, loader)
    volume = Volume(parts[0][0])
    for data, bookmark in parts[1:]:
        volume.add(Part(data, bookmark))
    return volume.to_bytes(int(output.context["year"]))
