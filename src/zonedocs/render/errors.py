"""Errors in a template, told with the template's file name and the text around the fault."""

from __future__ import annotations

import re

from ..problems import ZonedocsError

_TAGS = re.compile(r"<[^>]+>")


class TemplateProblem(ZonedocsError):
    """A template that cannot be prepared or rendered (exit code 2)."""

    exit_code = 2

    def __init__(self, template: str, message: str, around: str = "") -> None:
        text = f"模板 {template}：{message}"
        if around:
            text += f"\n  出错位置附近的文字：{around}"
        super().__init__(text)
        self.template = template
        self.detail = message
        self.around = around

    def __reduce__(self) -> tuple[type[TemplateProblem], tuple[str, str, str]]:
        """Made again from its parts when it crosses from a worker process."""
        return TemplateProblem, (self.template, self.detail, self.around)


def text_around(source: str, line: int | None, span: int = 1) -> str:
    """The visible text of the source lines near `line` (one line per paragraph)."""
    if not line:
        return ""
    lines = source.splitlines()
    chosen = lines[max(line - 1 - span, 0): line + span]
    text = " ".join(_TAGS.sub("", piece).strip() for piece in chosen)
    text = re.sub(r"\s+", " ", text).strip()
    return text[:160]


def undefined_name(message: str) -> str:
    """The name Jinja says is undefined, from its English message."""
    match = re.search(r"has no attribute '([^']+)'", message) or re.search(r"'([^']+)' is undefined",
                                                                           message)
    return match.group(1) if match else message
