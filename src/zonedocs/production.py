"""Turning one planned output into bytes. Most outputs are a template filled with a context;
other producers (the summary workbook, the archive volume, print bundles) register here."""

from __future__ import annotations

from collections.abc import Callable

from .documents.output import Output
from .render import Properties
from .templates import TemplateSet

Producer = Callable[[Output, TemplateSet], bytes]
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


def produce(output: Output, templates: TemplateSet) -> bytes:
    return PRODUCERS[output.producer](output, templates)


@producer("summary")
def summary_workbook(output: Output, templates: TemplateSet) -> bytes:
    from .documents.summary import write_summary

    return write_summary(output.context)
