"""The JSON API under /api/, which the pages use and scripts may call with
`Authorization: Bearer TOKEN` (documented in the README)."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path
from typing import Any

from starlette.background import BackgroundTask
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, Response
from starlette.routing import Route

from .. import documents
from ..diff import diff
from ..problems import InputError, UsageError
from ..workbook.writer import write_workbook
from . import doc_templates, outputs, previews, uploads
from .builds import Busy
from .state import Site
from .versions import History

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def site(request: Request) -> Site:
    result: Site = request.app.state.site
    return result


async def get_check(request: Request) -> Response:
    checked = await run_in_threadpool(site(request).check)
    if checked is None:
        return JSONResponse({"error": "还没有主台账：请先上传。"}, status_code=404)
    return JSONResponse(checked.problems.as_json(checked.workbook))


async def post_workbook(request: Request) -> Response:
    s = site(request)
    if s.builds.running:
        raise Busy("正在生成文书，请等生成结束后再上传主台账。")
    staged, filename, _ = await receive_file(request, s)
    if not s.editing.acquire(blocking=False):
        staged.unlink(missing_ok=True)
        raise Busy("另一个主台账正在上传，请稍后再试。")
    try:
        accepted = await run_in_threadpool(uploads.accept, s.ws, staged, filename)
    finally:
        s.editing.release()
    return JSONResponse(accepted.as_json())


async def receive_file(request: Request, s: Site) -> tuple[Path, str, dict[str, str]]:
    """The multipart field `file`, written to a staging file inside the workspace, and the
    form's other fields."""
    form = await request.form(max_files=1, max_fields=8)
    try:
        upload = form.get("file")
        if not isinstance(upload, UploadFile) or not upload.filename:
            raise UsageError("没有收到文件：请选择文件后再上传（表单字段 file）。")
        staged = uploads.staging_file(s.ws)
        with staged.open("wb") as out:
            while chunk := await upload.read(1 << 20):
                out.write(chunk)
        fields = {k: v for k, v in form.items() if isinstance(v, str)}
        return staged, upload.filename, fields
    finally:
        await form.close()


def download(path: Path, name: str, media_type: str | None = None, remove: bool = False) -> FileResponse:
    task = BackgroundTask(_remove, path) if remove else None
    return FileResponse(path, filename=name, media_type=media_type, background=task)


def _remove(path: Path) -> None:
    with contextlib.suppress(OSError):
        path.unlink()


def temporary(suffix: str) -> Path:
    handle, name = tempfile.mkstemp(prefix="zonedocs-", suffix=suffix)
    os.close(handle)
    return Path(name)


async def get_workbook(request: Request) -> Response:
    workbook = site(request).ws.workbook()
    if workbook is None:
        raise FileNotFoundError("workbook")
    return download(workbook, workbook.name, XLSX)


async def get_blank(request: Request) -> Response:
    target = temporary(".xlsx")
    await run_in_threadpool(_blank, target)
    return download(target, "空白主台账.xlsx", XLSX, remove=True)


def _blank(target: Path) -> None:
    target.unlink()
    write_workbook(target)


async def get_annotated(request: Request) -> Response:
    from ..editing.annotate import annotate

    checked = await run_in_threadpool(site(request).check)
    if checked is None:
        raise FileNotFoundError("workbook")
    target = temporary(".xlsx")
    target.unlink()
    await run_in_threadpool(annotate, checked.workbook, checked.problems, target)
    return download(target, f"{checked.workbook.stem}_问题标注.xlsx", XLSX, remove=True)


async def get_versions(request: Request) -> Response:
    history = History(site(request).ws.history)
    return JSONResponse([v.as_json() for v in history.versions()])


async def get_version(request: Request) -> Response:
    version = History(site(request).ws.history).get(request.path_params["id"])
    return download(version.path, f"{version.path.stem}_{version.id}.xlsx", XLSX)


async def get_diff(request: Request) -> Response:
    result = await run_in_threadpool(compare, site(request), request.query_params.get("old", ""),
                                     request.query_params.get("new", ""))
    return JSONResponse(result)


def compare(s: Site, old: str, new: str) -> dict[str, Any]:
    history = History(s.ws.history)
    if not old or not new:
        raise UsageError("请选择要比较的两个版本（old 和 new）。")
    try:
        return diff(history.get(old).path, history.get(new).path, s.ws.custom_templates()).as_json()
    except InputError as exc:
        first = exc.problems.errors[0]
        raise UsageError(f"所选版本中有主台账还有错误，不能比较（例如：{first}）。"
                         "只能比较没有错误的版本。") from None


async def post_build(request: Request) -> Response:
    s = site(request)
    try:
        body = await request.json() if await request.body() else {}
    except ValueError:
        raise UsageError("请求内容不是有效的 JSON。") from None
    if not isinstance(body, dict):
        raise UsageError("请求内容应是一个 JSON 对象，如 {\"only\": [\"card\"], \"branch\": \"B01\"}。")
    only = body.get("only") or None
    if only is not None and not (isinstance(only, list) and all(isinstance(k, str) for k in only)):
        raise UsageError("only 应是文书种类的列表，如 [\"card\", \"承诺书\"]。")
    kinds = documents.parse_kinds(",".join(only)) if only else None
    branch = body.get("branch") or None
    if branch is not None and not isinstance(branch, str):
        raise UsageError("branch 应是支部编号，如 \"B01\"。")
    if s.editing.locked():
        raise Busy("主台账正在上传，请等上传结束后再生成。")
    state = s.builds.start(frozenset(kinds) if kinds is not None else None, branch,
                           bool(body.get("pdf")), bool(body.get("force")))
    return JSONResponse({"id": state.id}, status_code=202)


async def get_build(request: Request) -> Response:
    state = site(request).builds.get(request.path_params["id"])
    if state is None:
        raise FileNotFoundError(request.path_params["id"])
    return JSONResponse(state.as_json())


async def get_files(request: Request) -> Response:
    found = await run_in_threadpool(outputs.list_outputs, site(request).ws.outputs)
    return JSONResponse([f.as_json() for f in found])


async def get_file(request: Request) -> Response:
    path = outputs.resolve(site(request).ws.outputs, request.path_params["path"])
    return download(path, path.name, DOCX if path.suffix == ".docx" else None)


async def get_archive(request: Request) -> Response:
    s = site(request)
    branch = request.query_params.get("branch", "")
    kind = request.query_params.get("kind", "")
    found = await run_in_threadpool(outputs.list_outputs, s.ws.outputs)
    chosen = [f for f in found if (not branch or f.branch == branch) and (not kind or f.kind == kind)]
    if not chosen:
        raise UsageError("没有符合条件的文书：请先生成，或换一个支部。")
    target = temporary(".zip")
    await run_in_threadpool(outputs.write_zip, s.ws.outputs, chosen, target)
    name = "-".join(p for p in ("文书", branch, outputs.LABELS.get(kind, kind)) if p) + ".zip"
    return download(target, name, "application/zip", remove=True)


async def get_preview(request: Request) -> Response:
    s = site(request)
    path = outputs.resolve(s.ws.outputs, request.path_params["path"])
    pages = await run_in_threadpool(previews.page_images, s.ws.outputs, path)
    page = request.query_params.get("page")
    if page is None:
        return JSONResponse({"pages": len(pages)})
    if not page.isdigit() or not 1 <= int(page) <= len(pages):
        raise FileNotFoundError(page)
    return FileResponse(pages[int(page) - 1], media_type="image/png")


async def get_templates(request: Request) -> Response:
    return JSONResponse([t.as_json() for t in doc_templates.listing(site(request).ws)])


async def get_template(request: Request) -> Response:
    name = request.path_params["name"]
    return download(doc_templates.current(site(request).ws, name), name, DOCX)


async def get_templates_zip(request: Request) -> Response:
    target = temporary(".zip")
    await run_in_threadpool(doc_templates.write_zip, site(request).ws, target)
    return download(target, "模板.zip", "application/zip", remove=True)


async def post_template(request: Request) -> Response:
    s = site(request)
    staged, filename, fields = await receive_file(request, s)
    try:
        finding = await run_in_threadpool(doc_templates.install, s.ws, staged,
                                          fields.get("name") or filename)
    finally:
        staged.unlink(missing_ok=True)
    body = {"name": finding.template, "ok": finding.ok, "message": finding.message,
            "variables": finding.variables}
    return JSONResponse(body, status_code=200 if finding.ok else 422)


async def delete_template(request: Request) -> Response:
    changed = doc_templates.reset(site(request).ws, request.path_params["name"])
    return JSONResponse({"name": request.path_params["name"], "reset": changed})


ROUTES = [
    Route("/api/check", get_check),
    Route("/api/workbook", get_workbook),
    Route("/api/workbook", post_workbook, methods=["POST"]),
    Route("/api/workbook/blank", get_blank),
    Route("/api/workbook/annotated", get_annotated),
    Route("/api/versions", get_versions),
    Route("/api/versions/{id}", get_version),
    Route("/api/diff", get_diff),
    Route("/api/builds", post_build, methods=["POST"]),
    Route("/api/builds/{id}", get_build),
    Route("/api/files", get_files),
    Route("/api/files/{path:path}", get_file),
    Route("/api/archive.zip", get_archive),
    Route("/api/preview/{path:path}", get_preview),
    Route("/api/templates", get_templates),
    Route("/api/templates", post_template, methods=["POST"]),
    Route("/api/templates.zip", get_templates_zip),
    Route("/api/templates/{name}", get_template),
    Route("/api/templates/{name}", delete_template, methods=["DELETE"]),
]
