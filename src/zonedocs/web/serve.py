"""Running the page: bind the port (a port in use is the user's to change, said in Chinese),
print the address with its token, open the browser, serve until Ctrl-C."""

from __future__ import annotations

import contextlib
import errno
import ipaddress
import logging
import socket
import threading
import webbrowser
from pathlib import Path

import click
import uvicorn

from ..problems import UsageError
from .app import create_app
from .security import new_token
from .state import Site
from .workspace import Workspace


def address(host: str, port: int, token: str) -> str:
    shown = "127.0.0.1" if host in ("0.0.0.0", "") else ("localhost" if host == "::" else host)
    if ":" in shown:
        shown = f"[{shown}]"
    return f"http://{shown}:{port}/?token={token}"


_PORT_TAKEN = frozenset({errno.EADDRINUSE, errno.EACCES, 10048, 10013})  # and Windows' WSA codes


def bind(host: str, port: int) -> socket.socket:
    try:
        family = socket.AF_INET6 if ipaddress.ip_address(host).version == 6 else socket.AF_INET
    except ValueError:
        family = socket.AF_INET  # a name such as localhost
    sock = socket.socket(family, socket.SOCK_STREAM)
    try:
        sock.bind((host, port))
        sock.listen(128)  # from now on a browser's request waits for the server, never refused
    except OSError as exc:
        sock.close()
        if exc.errno in _PORT_TAKEN:
            raise UsageError(f"端口 {port} 已被占用或不允许使用：请换一个端口，"
                             f"例如 --port {port + 1}。") from None
        raise UsageError(f"无法在 {host}:{port} 上启动网页（{exc.strerror or exc}）："
                         "请检查 --host 和 --port。") from None
    return sock


def run(workspace: Path, host: str, port: int, token: str | None, open_browser: bool) -> None:
    if token is not None and (not token.strip() or any(c.isspace() for c in token)):
        raise UsageError("--token 不能为空，也不能含空格。")
    token = token or new_token()
    site = Site(Workspace(workspace), token)
    app = create_app(site)
    sock = bind(host, port)
    url = address(host, sock.getsockname()[1], token)
    click.echo(f"zonedocs 网页已启动，工作文件夹：{workspace.resolve()}")
    click.echo(f"请在浏览器中打开：{url}")
    if host not in ("127.0.0.1", "localhost", "::1"):
        click.echo("注意：--host 不是本机地址，同一网络中知道上面地址（含 token）的人都能打开本页。")
    click.echo("按 Ctrl+C 停止。")
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    config = uvicorn.Config(app, log_level="warning", access_log=False, lifespan="off")
    server = uvicorn.Server(config)
    if open_browser:
        threading.Timer(0.8, lambda: _open(url)).start()
    # uvicorn shuts down on Ctrl-C and then raises it again: here that is the normal way to stop
    with sock, contextlib.suppress(KeyboardInterrupt):
        server.run(sockets=[sock])
    click.echo("zonedocs 网页已停止。")


def _open(url: str) -> None:
    with contextlib.suppress(Exception):  # no browser on this machine: the printed address is enough
        webbrowser.open(url)
