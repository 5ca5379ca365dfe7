"""What every zonedocs command shares: the Chinese help formatting, the workbook argument, and the
one policy that turns the library's exceptions into a message and an exit code.

Exit codes: 0 done, 1 problems in the input, 2 usage or file problems, 3 an internal error.
"""

from __future__ import annotations

import functools
import io
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from . import cli_words, console
from .problems import InputError, ZonedocsError

WORKBOOK = click.argument("workbook", required=False, metavar="[主台账.xlsx]",
                          type=click.Path(path_type=Path, dir_okay=False))


def handles_errors(command: Callable[..., Any]) -> Callable[..., Any]:
    """Turn the library's exceptions into a Chinese message and the right exit code."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except InputError as exc:
            strict = not exc.problems.errors  # only warnings can fail a --strict run
            for line in console.problem_lines(exc.problems, strict=strict):
                click.echo(line, err=True)
            click.echo(console.verdict(exc.problems, strict=True), err=True)
            sys.exit(exc.exit_code)
        except ZonedocsError as exc:
            click.echo(f"错误：{exc}", err=True)
            sys.exit(exc.exit_code)
        except KeyboardInterrupt:
            click.echo("已中断。已生成的文件都是完整的，再次运行会接着完成。", err=True)
            sys.exit(130)

    return wrapper


cli_words.install()


class Context(click.Context):
    formatter_class = cli_words.HelpFormatter


class Command(click.Command):
    context_class = Context

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("options_metavar", "[选项]")
        super().__init__(*args, **kwargs)


class Group(click.Group):
    command_class = Command
    group_class = type  # subgroups are Group too
    context_class = Context

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("options_metavar", "[选项]")
        kwargs.setdefault("subcommand_metavar", "命令 [参数]...")
        super().__init__(*args, **kwargs)

    def main(self, *args: Any, **kwargs: Any) -> Any:
        _tolerant_console()
        return super().main(*args, **kwargs)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (click.exceptions.Exit, click.exceptions.Abort, click.ClickException, SystemExit):
            raise
        except Exception as exc:
            if os.environ.get("ZONEDOCS_DEBUG"):
                raise
            click.echo(f"zonedocs 内部错误：{type(exc).__name__}: {exc}\n"
                       "这不是您的操作问题。请把这条信息和所用的主台账发给维护人员；"
                       "设置环境变量 ZONEDOCS_DEBUG=1 可看到详细信息。", err=True)
            sys.exit(3)


def _tolerant_console() -> None:
    """A console that cannot show a character (a Windows console on a legacy code page, a
    pipe in GBK) gets a replacement mark instead of a crash; a UTF-8 console is untouched."""
    for stream in (sys.stdout, sys.stderr):
        encoding = (getattr(stream, "encoding", None) or "").lower().replace("-", "")
        if encoding != "utf8" and isinstance(stream, io.TextIOWrapper):
            stream.reconfigure(errors="replace")
