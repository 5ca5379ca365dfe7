"""N cards rendered (a) the plain docxtpl way — load, render, save for every card — and
(b) by zonedocs' engine (template prepared once), same template and contexts, one core.

Usage: uv run python benchmarks/render_cards.py [N]
"""

from __future__ import annotations

import io
import sys
import tempfile
import time
from pathlib import Path

from docxtpl import DocxTemplate as PlainDocxTemplate
from jinja2 import StrictUndefined
from jinja2.sandbox import SandboxedEnvironment

from zonedocs import documents
from zonedocs.build.produce import produce
from zonedocs.documents import DocKind, Source
from zonedocs.render.environment import xml_text
from zonedocs.samples.company import write_sample
from zonedocs.templates import TemplateSet
from zonedocs.workbook import load_valid


def card_outputs(count: int):
    folder = Path(tempfile.mkdtemp())
    roster, _ = load_valid(write_sample(folder))
    cards = documents.plan(Source.of(roster), {DocKind.CARD})
    for card in cards:
        card.context["photo"] = ""  # docxtpl needs InlineImage objects; compare text only
    return [cards[i % len(cards)] for i in range(count)]


def plain(template: Path, contexts: list[dict]) -> float:
    env = SandboxedEnvironment(autoescape=True, undefined=StrictUndefined, finalize=xml_text)
    start = time.perf_counter()
    for context in contexts:
        document = PlainDocxTemplate(str(template))
        document.render(context, env, autoescape=True)
        document.save(io.BytesIO())
    return time.perf_counter() - start


def engine(outputs) -> float:
    templates = TemplateSet()
    produce(outputs[0], templates)  # prepare once, as a build does
    start = time.perf_counter()
    for output in outputs:
        produce(output, templates)
    return time.perf_counter() - start


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 500
    outputs = card_outputs(count)
    template = TemplateSet().path("公示卡.docx")
    theirs = plain(template, [o.context for o in outputs])
    ours = engine(outputs)
    print(f"{count} cards, one core")
    print(f"plain docxtpl (load, render, save each): {theirs:.2f} s  ({theirs / count * 1000:.2f} ms/card)")
    print(f"zonedocs engine (prepared once):         {ours:.2f} s  ({ours / count * 1000:.2f} ms/card)")
    print(f"ratio: {theirs / ours:.1f}x")


if __name__ == "__main__":
    main()
