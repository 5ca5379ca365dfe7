"""The Jinja environment templates run in: sandboxed, autoescaped, strict about names.

Every value a template prints is made safe for WordprocessingML: XML-escaped, characters XML
forbids removed, new lines and tabs turned into Word line breaks and tabs. A name the context
does not have is an error, never a silent blank.
"""

from __future__ import annotations

import re
from contextvars import ContextVar
from pathlib import PurePath
from typing import Any

from jinja2 import StrictUndefined
from jinja2.compiler import CodeGenerator, Frame
from jinja2.exceptions import SecurityError
from jinja2.nodes import Expr
from jinja2.sandbox import SandboxedEnvironment, safe_range
from markupsafe import Markup, escape

from .images import CURRENT_SINK, Image

MAX_TEXT = 1_000_000  # characters one expression in a template may make
_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_BREAK = '</w:t><w:br/><w:t xml:space="preserve">'
_TAB = '</w:t><w:tab/><w:t xml:space="preserve">'
_PLAIN = re.compile("[^&<>\"'\x00-\x1f\ufffe\uffff\ud800-\udfff]*")


def xml_safe(text: str) -> str:
    """`text` without the characters XML 1.0 cannot hold (control characters pasted from Word)."""
    return _FORBIDDEN.sub("", text)


def xml_text(value: object) -> Markup:
    """A printed value as text safe inside <w:t>; a picture becomes an inline drawing. Always
    Markup: what it gives is printed as it is (`_Generator`)."""
    if type(value) is str and _PLAIN.fullmatch(value):
        return _markup(Markup, value)  # nothing to escape, strip or break: the common case
    if type(value) is int:
        return _markup(Markup, str(value))
    if isinstance(value, Image):
        sink = CURRENT_SINK.get()
        if sink is None:
            raise RuntimeError("an Image can only be printed while a document is rendered")
        return sink.drawing(value)
    if isinstance(value, Markup) or hasattr(value, "__html__"):
        return Markup(value.__html__())
    if value is None:
        return Markup("")
    text = xml_safe(str(value)).replace("\r\n", "\n").replace("\r", "\n")
    escaped = str(escape(text))
    if "\n" in escaped or "\t" in escaped:
        escaped = escaped.replace("\n", _BREAK).replace("\t", _TAB)
    return Markup(escaped)


_markup = str.__new__  # Markup of a str known safe, without Markup.__new__'s checks


class _Generator(CodeGenerator):
    """Jinja's code generator, printing `finalize(value)` where it would print
    `escape(finalize(value))`: the environment's finalize is `xml_text`, which escapes and
    always returns Markup, and escape() gives Markup back as it is — at the cost of two more
    objects for every value a document prints. Where autoescaping can change while rendering
    (inside `{% autoescape %}`), Jinja's own code stays. The method overridden is one Jinja's
    generator is built from, not a documented hook: a test compiles a template and fails if
    the generated code escapes a finalized value again."""

    def _output_child_pre(self, node: Expr, frame: Frame, finalize: CodeGenerator._FinalizeInfo
                          ) -> None:
        if frame.eval_ctx.autoescape and not frame.eval_ctx.volatile and finalize.src:
            self.write("(" + finalize.src)
        else:
            super()._output_child_pre(node, frame, finalize)


class _Sandbox(SandboxedEnvironment):
    """Jinja's sandbox, and more: a template sees plain data only. A picture is placed by
    printing it; its file, and any path or object that touches files, cannot be reached."""

    intercepted_binops = frozenset(["*", "**"])
    code_generator_class = _Generator

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        """`'a' * 10**12` and `10 ** 10**9` would exhaust the machine: refused."""
        if operator == "**" and isinstance(right, int) and abs(right) > 64:
            raise SecurityError("乘方太大")
        if operator == "*" and isinstance(left, (str, list, tuple)) and isinstance(right, int) \
                and len(left) * right > MAX_TEXT:
            raise SecurityError("生成的文字太长")
        if operator == "*" and isinstance(right, (str, list, tuple)) and isinstance(left, int) \
                and len(right) * left > MAX_TEXT:
            raise SecurityError("生成的文字太长")
        return super().call_binop(context, operator, left, right)

    def is_safe_attribute(self, obj: object, attr: str, value: object) -> bool:
        if isinstance(obj, Image) or isinstance(value, (PurePath, Image)) or isinstance(obj, PurePath):
            return False
        return bool(super().is_safe_attribute(obj, attr, value))


MAX_RANGE_ITEMS = 1_000_000  # what all range() calls of one document may count, together
RANGE_BUDGET: ContextVar[list[int] | None] = ContextVar("zonedocs_range_budget", default=None)


def _budgeted_range(*args: int) -> range:
    """Jinja's sandboxed range, counted against the document's budget: nested loops over
    range() cannot run for hours."""
    numbers = safe_range(*args)
    budget = RANGE_BUDGET.get()
    if budget is not None:
        budget[0] -= len(numbers)
        if budget[0] < 0:
            raise SecurityError("循环次数太多")
    return numbers


def make_environment() -> SandboxedEnvironment:
    env = _Sandbox(autoescape=True, undefined=StrictUndefined, finalize=xml_text,
                   keep_trailing_newline=True)
    env.globals["range"] = _budgeted_range
    env.filters["join_cn"] = lambda items, sep="、": sep.join(str(i) for i in items)
    return env
