"""The Chinese pages: 主台账, 生成, 文书, 变动, 模板 (and a document's preview). They are drawn on
the server from the same functions the API uses; the little JavaScript they carry only sends
forms to the API and follows a build's progress."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path, PurePosixPath
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route
from starlette.templating import Jinja2Templates

from .. import __version__, documents
from ..documents import DocKind
from ..problems import UsageError
from . import api, doc_templates, outputs, previews
from .state import Site
from .versions import History

TEMPLATES = Jinja2Templates(directory=Path(__file__).resolve().parent / "pages")
BUILDABLE = [k for k in documents.KINDS if k.key != DocKind.ZONE_TABLE]


def _render(request: Request, page: str, tab: str, **context: Any) -> Response:
    s: Site = request.app.state.site
    base = {"tab": tab, "csrf": s.csrf, "version": __version__, "workspace": s.ws.root.resolve().name}
    return TEMPLATES.TemplateResponse(request, page, base | context)


async def workbook_page(request: Request) -> Response:
    s = api.site(request)
    checked, unreadable = None, None
    try:
        checked = await run_in_threadpool(s.check)
    except UsageError as exc:
        unreadable = str(exc)
    summary = None
    if checked is not None and not checked.problems.errors:
        from ..console import roster_summary

        summary = roster_summary(checked.roster)
    return _render(request, "workbook.html", "workbook", checked=checked, unreadable=unreadable,
                   summary=summary, versions=len(History(s.ws.history).versions()))


async def build_page(request: Request) -> Response:
    s = api.site(request)
    branches: list[tuple[str, str]] = []
    try:
        checked = await run_in_threadpool(s.check)
    except UsageError:
        checked = None
    if checked is not None and not checked.problems.errors:
        branches = [(b.id, b.name) for b in checked.roster.branches.values()]
    running = s.builds.current
    return _render(request, "build.html", "build", kinds=BUILDABLE, branches=branches,
                   can_convert=s.can_convert, has_workbook=checked is not None, running=running)


LISTED_AT_ONCE = 2000  # more files than this: one branch's files at a time, the others as counts


async def files_page(request: Request) -> Response:
    s = api.site(request)
    found = await run_in_threadpool(outputs.list_outputs, s.ws.outputs)
    chosen = request.query_params.get("branch", "")
    groups = _grouped(found)
    whole = len(found) <= LISTED_AT_ONCE
    for group in groups:
        group["listed"] = whole or not group["branch"] or group["branch"] == chosen
    return _render(request, "files.html", "files", groups=groups, total=len(found), chosen=chosen,
                   can_convert=s.can_convert, previewable=_previewable(s))


def _previewable(s: Site) -> set[str]:
    return {".pdf", ".docx"} if s.can_convert else {".pdf"}


def _grouped(found: list[outputs.OutputFile]) -> list[dict[str, Any]]:
    by_branch: dict[str, list[outputs.OutputFile]] = defaultdict(list)
    titles: dict[str, str] = {}
    for file in found:
        by_branch[file.branch].append(file)
        parts = PurePosixPath(file.path).parts
        if file.branch and len(parts) > 2:
            titles.setdefault(file.branch, parts[1])
    groups = []
    for branch in sorted(by_branch, key=lambda b: (b != "", b)):
        kinds: dict[str, list[outputs.OutputFile]] = defaultdict(list)
        for file in by_branch[branch]:
            kinds[file.kind].append(file)
        order = [str(k.key) for k in documents.KINDS] + ["pdf"]
        groups.append({"branch": branch, "title": titles.get(branch, "全公司") if branch else "全公司",
                       "kinds": [{"kind": k, "label": outputs.LABELS.get(k, k), "files": kinds[k]}
                                 for k in sorted(kinds, key=lambda k: order.index(k) if k in order else 99)]})
    return groups


async def preview_page(request: Request) -> Response:
    s = api.site(request)
    relative = request.path_params["path"]
    path = outputs.resolve(s.ws.outputs, relative)
    error, pages = None, 0
    if previews.available(path):
        try:
            pages = len(await run_in_threadpool(previews.page_images, s.ws.outputs, path))
        except UsageError as exc:
            error = str(exc)
    else:
        error = "本机没有安装 LibreOffice，不能预览 .docx：下载后用 Word 或 WPS 打开即可。"
    return _render(request, "preview.html", "files", path=relative, name=path.name, pages=pages,
                   error=error)


async def changes_page(request: Request) -> Response:
    s = api.site(request)
    versions = History(s.ws.history).versions()
    old, new = request.query_params.get("old", ""), request.query_params.get("new", "")
    result, error = None, None
    if old and new:
        try:
            result = await run_in_threadpool(api.compare, s, old, new)
        except UsageError as exc:
            error = str(exc)
    elif len(versions) >= 2:
        old, new = versions[1].id, versions[0].id
    return _render(request, "changes.html", "changes", versions=versions, old=old, new=new,
                   result=result, error=error)


async def templates_page(request: Request) -> Response:
    return _render(request, "templates.html", "templates",
                   templates=doc_templates.listing(api.site(request).ws))


ROUTES = [
    Route("/", workbook_page),
    Route("/build", build_page),
    Route("/files", files_page),
    Route("/preview/{path:path}", preview_page),
    Route("/changes", changes_page),
    Route("/templates", templates_page),
]
