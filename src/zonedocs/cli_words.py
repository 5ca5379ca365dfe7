"""Click's own words in Chinese: usage errors, the Usage/Options/Error headings, missing
arguments; and help text wrapped by display width, so Chinese help keeps its columns.

Click looks its messages up through gettext when it prints them; `install()` gives its modules
a lookup that answers from the table below (the English text where the table has none).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable

import click
from click import core, decorators, exceptions, formatting, parser, termui, types, utils

WORDS = {
    "Usage:": "用法：",
    "Options": "选项",
    "Commands": "命令",
    "Positional arguments": "参数",
    "Error: {message}": "错误：{message}",
    "Try '{command} {option}' for help.": "运行 '{command} {option}' 查看帮助。",
    "No such option: {name}": "没有这个选项：{name}",
    "No such option {name!r}.": "没有这个选项：{name}。",
    "No such command {name!r}.": "没有这个命令：{name}。",
    "Did you mean {possibility}?": "您是不是想用 {possibility}？",
    "(Possible options: {possibilities})": "（可能是：{possibilities}）",
    "(Did you mean one of: {possibilities}?)": "（您是不是想用其中之一：{possibilities}？）",
    "Missing argument": "缺少参数",
    "Missing option": "缺少选项",
    "Missing parameter": "缺少参数",
    "Missing command.": "缺少命令。",
    "Missing {param_type}": "缺少{param_type}",
    "Missing parameter: {param_name}": "缺少参数：{param_name}",
    "argument": "参数",
    "option": "选项",
    "parameter": "参数",
    "Got unexpected extra argument ({args})": "多出了参数：{args}",
    "Got unexpected extra arguments ({args})": "多出了参数：{args}",
    "Option {name!r} requires an argument.": "选项 {name} 后面要写一个值。",
    "Option {name!r} requires {nargs} arguments.": "选项 {name} 后面要写 {nargs} 个值。",
    "Option {name!r} does not take a value.": "选项 {name} 后面不能写值。",
    "Invalid value for {param_hint}: {message}": "{param_hint} 的值不对：{message}",
    "Invalid value: {message}": "值不对：{message}",
    "{value!r} is not a valid {number_type}.": "“{value}”不是有效的{number_type}。",
    "integer": "整数",
    "integer range": "整数",
    "float range": "数字",
    "{missing}{param_hint}.{msg}": "{missing}{param_hint}。{msg}",
    "float": "数字",
    "{value} is not in the range {range}.": "{value} 超出范围（{range}）。",
    "{value!r} is not one of {choices}.": "“{value}”不在可选值中：{choices}。",
    "{value!r} is not {choice}.": "“{value}”应为 {choice}。",
    "{name} {filename!r} does not exist.": "{name}“{filename}”不存在。",
    "{name} {filename!r} is a file.": "{name}“{filename}”是一个文件，这里要的是文件夹。",
    "{name} {filename!r} is a directory.": "{name}“{filename}”是一个文件夹，这里要的是文件。",
    "{name} {filename!r} is not readable.": "{name}“{filename}”无法读取。",
    "{name} {filename!r} is not writable.": "{name}“{filename}”无法写入。",
    "file": "文件",
    "directory": "文件夹",
    "path": "路径",
    "Could not open file {filename!r}: {message}": "无法打开文件“{filename}”：{message}",
    "Show this message and exit.": "显示帮助并退出。",
    "Show the version and exit.": "显示版本并退出。",
    "Aborted!": "已中止。",
    "default: {default}": "默认：{default}",
    "required": "必填",
}
_MODULES = (core, decorators, exceptions, formatting, parser, termui, types, utils)


def translate(message: str) -> str:
    return WORDS.get(message, message)


def translate_plural(singular: str, plural: str, count: int) -> str:
    return translate(singular if count == 1 else plural)


def install() -> None:
    """Make Click speak Chinese (idempotent)."""
    for module in _MODULES:
        if hasattr(module, "_"):
            module._ = translate  # type: ignore[attr-defined]
        if hasattr(module, "ngettext"):
            module.ngettext = translate_plural  # type: ignore[attr-defined]
    # The names of number types show in messages and, upper-cased, as metavars.
    types.IntParamType.name = types.IntRange.name = "整数"
    types.FloatParamType.name = types.FloatRange.name = "数字"
    if not getattr(exceptions.MissingParameter.format_message, "zonedocs", False):
        english = exceptions.MissingParameter.format_message

        def format_message(self: exceptions.MissingParameter) -> str:
            text = english(self)  # ends in a full stop Click writes itself
            return text[:-1] + "。" if text.endswith(".") else text

        format_message.zonedocs = True  # type: ignore[attr-defined]
        exceptions.MissingParameter.format_message = format_message  # type: ignore[method-assign]


def display_width(text: str) -> int:
    """Columns a terminal gives `text`: two for a wide (CJK) character."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def wrap(text: str, width: int) -> list[str]:
    """Lines of at most `width` columns, broken between words or between CJK characters."""
    lines: list[str] = []
    line = ""
    for piece in _pieces(text):
        if line and display_width(line + piece) > width:
            lines.append(line.rstrip())
            line = piece.lstrip()
        else:
            line += piece
    if line.strip():
        lines.append(line.rstrip())
    return lines or [""]


def _pieces(text: str) -> Iterable[str]:
    word = ""
    for char in " ".join(text.split()):
        if unicodedata.east_asian_width(char) in "WF":
            if word:
                yield word
                word = ""
            yield char
        elif char == " ":
            yield word + " "
            word = ""
        else:
            word += char
    if word:
        yield word


class HelpFormatter(click.HelpFormatter):
    """Click's help formatter with headings in Chinese and text wrapped by display width."""

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        super().write_usage(prog, args, prefix if prefix is not None else translate("Usage:"))

    def write_heading(self, heading: str) -> None:
        self.write(f"{'':>{self.current_indent}}{heading}：\n")

    def write_text(self, text: str) -> None:
        indent = " " * self.current_indent
        for paragraph in text.split("\n\n"):
            for line in wrap(paragraph, max(self.width - self.current_indent, 20)):
                self.write(f"{indent}{line}\n")
            self.write("\n")
        self.buffer.pop()  # no blank line after the last paragraph

    def write_dl(self, rows: Iterable[tuple[str, str]], col_max: int = 30, col_spacing: int = 2) -> None:
        rows = list(rows)
        first = min(max((display_width(term) for term, _ in rows), default=0), col_max)
        text_width = max(self.width - first - col_spacing - self.current_indent, 20)
        for term, definition in rows:
            self.write(" " * self.current_indent + term)
            lines = wrap(definition, text_width) if definition else [""]
            if display_width(term) <= first:
                self.write(" " * (first - display_width(term) + col_spacing) + lines[0] + "\n")
                rest = lines[1:]
            else:
                self.write("\n")
                rest = lines
            for line in rest:
                self.write(" " * (self.current_indent + first + col_spacing) + line + "\n")
