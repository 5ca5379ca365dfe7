"""Who may use the page, and how much they may send.

- Every request but the static files carries the token: `Authorization: Bearer TOKEN`, or the
  cookie set when `/?token=TOKEN` is opened (HttpOnly, SameSite=Strict, named by port so two
  servers on one machine do not clash). Otherwise 401.
- A state-changing request authenticated by the cookie must also carry the page's cross-site
  token in the `X-Zonedocs-CSRF` header: another site can make the browser send the cookie,
  but cannot read the page to learn that token. (A request with the bearer token needs none:
  browsers never add that header by themselves.)
- A request body may be at most `max_body` bytes: refused by its Content-Length, or cut off
  when it sends more than it announced.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, RedirectResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

CSRF_HEADER = "x-zonedocs-csrf"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def new_token() -> str:
    return secrets.token_urlsafe(24)


def csrf_token(token: str) -> str:
    return hmac.new(token.encode(), b"zonedocs-csrf", hashlib.sha256).hexdigest()[:32]


class TooLarge(Exception):
    """The request body went past the limit while it was being read."""


def too_large_message(limit: int) -> str:
    return f"上传的文件超过 {limit >> 20} MB 的上限：主台账通常只有几 MB，照片请先缩小后再压缩上传。"


class Guard:
    def __init__(self, app: ASGIApp, token: str, max_body: int) -> None:
        self.app = app
        self.token = token
        self.csrf = csrf_token(token)
        self.max_body = max_body

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"].startswith("/static/"):
            await self.app(scope, receive, send)
            return
        request = Request(scope)
        refusal = self._refusal(request)
        if refusal is not None:
            await refusal(scope, receive, send)
            return
        await self.app(scope, self._bounded(receive), send)

    def _refusal(self, request: Request) -> Response | None:
        offered = request.query_params.get("token")
        if offered is not None and request.method == "GET":
            if not self._matches(offered):
                return _denied(request, "地址中的 token 不对：请使用启动 zonedocs serve 时显示的完整地址。")
            response = RedirectResponse(request.url.path, status_code=303)
            response.set_cookie(cookie_name(request), self.token, httponly=True, samesite="strict")
            return response
        scheme, _, credential = request.headers.get("authorization", "").partition(" ")
        by_header = scheme.lower() == "bearer" and self._matches(credential.strip())
        by_cookie = self._matches(request.cookies.get(cookie_name(request), ""))
        if not (by_header or by_cookie):
            return _denied(request, "需要 token：请使用启动 zonedocs serve 时显示的完整地址打开本页。")
        offered_csrf = request.headers.get(CSRF_HEADER, "").encode()
        cross_site = not hmac.compare_digest(offered_csrf, self.csrf.encode())
        if request.method not in SAFE_METHODS and not by_header and cross_site:
            return error_response(request, 403, "这个请求不是从本页发出的，已拒绝：请刷新页面后再操作。")
        length = request.headers.get("content-length", "")
        if length.isdigit() and int(length) > self.max_body:
            return error_response(request, 413, too_large_message(self.max_body))
        return None

    def _matches(self, offered: str) -> bool:
        return bool(offered) and hmac.compare_digest(offered.encode(), self.token.encode())

    def _bounded(self, receive: Receive) -> Receive:
        received = 0
        limit = self.max_body

        async def bounded() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise TooLarge()
            return message

        return bounded


def cookie_name(request: Request) -> str:
    server = request.scope.get("server") or ("", 0)
    return f"zonedocs_token_{server[1] or 0}"


def _denied(request: Request, message: str) -> Response:
    return error_response(request, 401, message)


def error_response(request: Request, status: int, message: str) -> Response:
    if request.url.path.startswith("/api/"):
        return JSONResponse({"error": message}, status_code=status)
    page = (f"<!doctype html><html lang='zh-CN'><meta charset='utf-8'><title>zonedocs</title>"
            f"<body style='font-family:sans-serif;max-width:40em;margin:4em auto'>"
            f"<h1>无法打开</h1><p>{message}</p></body></html>")
    return PlainTextResponse(page, status_code=status, media_type="text/html; charset=utf-8")
