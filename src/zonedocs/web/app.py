"""The Starlette application: the pages, the API, the static files, the guard in front of them,
and one rule for errors: a Chinese message (JSON under /api/, a page elsewhere), never a traceback."""

from __future__ import annotations

import logging
from pathlib import Path

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.formparsers import MultiPartException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Mount
from starlette.staticfiles import StaticFiles

from ..problems import ZonedocsError
from . import api, pages, uploads
from .builds import Busy
from .security import Guard, TooLarge, error_response, too_large_message
from .state import Site

STATIC = Path(__file__).resolve().parent / "static"
log = logging.getLogger("zonedocs.web")


def create_app(site: Site) -> Starlette:
    site.ws.prepare()
    uploads.remove_leftovers(site.ws)
    app = Starlette(
        routes=[*pages.ROUTES, *api.ROUTES, Mount("/static", StaticFiles(directory=STATIC), name="static")],
        middleware=[Middleware(Guard, token=site.token, max_body=site.max_body)],
        exception_handlers={
            Busy: _busy, ZonedocsError: _refused, FileNotFoundError: _missing, TooLarge: _too_large,
            MultiPartException: _bad_form, HTTPException: _http, Exception: _internal,
        },
    )
    app.state.site = site
    return app


async def _busy(request: Request, exc: Exception) -> Response:
    return error_response(request, 409, str(exc))


async def _refused(request: Request, exc: Exception) -> Response:
    return error_response(request, 400, str(exc))


async def _missing(request: Request, exc: Exception) -> Response:
    return error_response(request, 404, "找不到这个文件或项目：它可能已被移除，请刷新页面。")


async def _too_large(request: Request, exc: Exception) -> Response:
    return error_response(request, 413, too_large_message(request.app.state.site.max_body))


async def _bad_form(request: Request, exc: Exception) -> Response:
    return error_response(request, 400, "上传的内容不完整或格式不对：请重新选择文件上传。")


async def _http(request: Request, exc: Exception) -> Response:
    status = exc.status_code if isinstance(exc, HTTPException) else 500
    message = {404: "没有这个页面。", 405: "不支持这种请求方式。"}.get(status, "请求无法完成。")
    return error_response(request, status, message)


async def _internal(request: Request, exc: Exception) -> Response:
    log.error("internal error on %s %s", request.method, request.url.path, exc_info=exc)
    return error_response(request, 500, "出现内部错误（不是您的操作问题），"
                                        "详情已记录在启动 zonedocs serve 的窗口中。")
