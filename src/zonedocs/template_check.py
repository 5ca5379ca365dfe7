"""Linting a folder of user templates: broken tags and unknown variables, found by preparing
each template and rendering it with the sample company's contexts."""

from __future__ import annotations

import dataclasses
import tempfile
from dataclasses import dataclass
from pathlib import Path

from . import documents
from .build.produce import produce
from .render import DocxTemplate, TemplateProblem
from .rules import SIGN_TEMPLATES
from .samples.company import write_sample
from .templates import TemplateSet, default_names
from .workbook import load_valid


@dataclass
class Finding:
    template: str
    ok: bool
    message: str
    variables: list[str]


def sample_outputs() -> dict[str, documents.Output]:
    """One sample output per template name, from the bundled sample company."""
    with tempfile.TemporaryDirectory() as folder:
        roster, _ = load_valid(write_sample(Path(folder)))
        chosen: dict[str, documents.Output] = {}
        for output in documents.plan(documents.Source.of(roster)):
            if output.template and output.template not in chosen:
                chosen[output.template] = output
        for output in chosen.values():  # images must be read while the folder exists
            output.context = {k: v for k, v in output.context.items() if k != "photo"} | (
                {"photo": ""} if "photo" in output.context else {})
        sign = next(o for o in chosen.values() if o.kind is documents.DocKind.SIGN)
        for name in SIGN_TEMPLATES.values():  # the sample uses one paper; check every one
            chosen.setdefault(name, dataclasses.replace(sign, template=name))
        return chosen


def check_folder(folder: Path) -> list[Finding]:
    samples = sample_outputs()
    templates = TemplateSet(folder)
    findings = []
    for path in sorted(folder.glob("*.docx")):
        if path.name.startswith("~$"):
            continue
        if path.name not in default_names():
            findings.append(Finding(path.name, False, "不是 zonedocs 使用的模板文件名，生成时会被忽略。"
                                    "可用文件名：" + "、".join(default_names()), []))
            continue
        sample = samples.get(path.name)
        variables = sorted(sample.context) if sample else []
        try:
            DocxTemplate.from_path(path)
            if sample is not None:
                produce(sample, templates)
        except TemplateProblem as problem:
            findings.append(Finding(path.name, False, str(problem), variables))
            continue
        findings.append(Finding(path.name, True, "通过", variables))
    return findings
