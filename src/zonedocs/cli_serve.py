"""`zonedocs serve`: the whole job as a local web page (the web stack loads only here)."""

from __future__ import annotations

from pathlib import Path

import click

from .cli_base import handles_errors


@click.command("serve")
@click.argument("workspace", required=False, metavar="[工作文件夹]",
                type=click.Path(path_type=Path, file_okay=False))
@click.option("--host", default="127.0.0.1", show_default=True,
              help="监听的地址；默认只有本机能打开。")
@click.option("--port", type=click.IntRange(0, 65535), default=8765, show_default=True,
              help="端口；0 表示任选一个空闲端口。")
@click.option("--token", envvar="ZONEDOCS_TOKEN", metavar="口令",
              help="打开网页所需的口令；默认每次启动随机生成（也可用环境变量 ZONEDOCS_TOKEN 指定）。")
@click.option("--no-browser", is_flag=True, help="不自动打开浏览器。")
@handles_errors
def serve(workspace: Path | None, host: str, port: int, token: str | None, no_browser: bool) -> None:
    """在浏览器中使用 zonedocs：上传主台账、查看问题、生成和下载文书。

    工作文件夹中有 inputs/主台账.xlsx 和 outputs/（zonedocs init 会建好）；默认是当前文件夹。
    """
    from .web.serve import run

    run(workspace or Path("."), host, port, token, not no_browser)
