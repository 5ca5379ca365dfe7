"""The web page's API through an in-process client: the token, cross-site protection, the
check, builds (one at a time), downloads confined to outputs/, and errors in Chinese."""

from __future__ import annotations

import io
import subprocess
import sys
import threading
import zipfile
from pathlib import Path

import pytest

from tests.web_support import TOKEN, client, wait, workspace
from zonedocs.web import builds, outputs
from zonedocs.workbook import check


@pytest.fixture
def ws(tmp_path: Path):
    return workspace(tmp_path / "工作 文件夹")


def test_every_request_but_static_files_needs_the_token(ws) -> None:
    anonymous = client(ws, signed_in=False)
    assert anonymous.get("/static/app.css").status_code == 200
    for path in ("/", "/build", "/files", "/changes", "/templates", "/api/check", "/api/files",
                 "/api/workbook", "/api/files/2026/实施意见.docx", "/api/archive.zip"):
        response = anonymous.get(path)
        assert response.status_code == 401, path
        assert "token" in response.text
    assert anonymous.get("/api/check").json()["error"].startswith("需要 token")
    assert anonymous.get("/api/check", headers={"Authorization": "Bearer wrong"}).status_code == 401
    assert anonymous.get("/?token=wrong").status_code == 401
    assert anonymous.get("/api/check", headers={"Authorization": f"Bearer {TOKEN}"}).status_code == 200
    opened = anonymous.get(f"/files?token={TOKEN}")
    assert opened.status_code == 303 and opened.headers["location"] == "/files"  # token leaves the URL
    cookie = opened.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie
    assert anonymous.get("/files").status_code == 200  # the cookie now signs in


def test_state_changing_requests_need_the_pages_cross_site_token(ws) -> None:
    browser = client(ws)
    del browser.headers["X-Zonedocs-CSRF"]
    refused = browser.post("/api/builds", json={"only": ["card"]})
    assert refused.status_code == 403 and "不是从本页发出" in refused.json()["error"]
    assert browser.delete("/api/templates/公示卡.docx").status_code == 403
    forged = browser.post("/api/builds", json={}, headers={"X-Zonedocs-CSRF": "x" * 32})
    assert forged.status_code == 403
    odd = browser.post("/api/builds", json={}, headers={"X-Zonedocs-CSRF": "令牌".encode()})
    assert odd.status_code == 403
    script = client(ws, signed_in=False)  # a script with the bearer token needs no page token
    started = script.post("/api/builds", json={"only": ["opinion"]},
                          headers={"Authorization": f"Bearer {TOKEN}"})
    assert started.status_code == 202
    script.headers["Authorization"] = f"Bearer {TOKEN}"
    assert wait(script, started.json()["id"])["state"] == "done"


def test_check_is_the_object_check_json_prints(ws) -> None:
    workbook = ws.inputs / "主台账.xlsx"
    body = client(ws).get("/api/check").json()
    assert body == check(workbook)[1].as_json(workbook)
    printed = subprocess.run([sys.executable, "-m", "zonedocs", "check", "--json", str(workbook)],
                             capture_output=True, text=True, check=False)
    import json

    assert json.loads(printed.stdout) == body
    assert body["ok"] is True and body["problems"][0]["sheet"] == "季度评分"


def test_check_without_a_workbook_says_to_upload(tmp_path: Path) -> None:
    empty = client(workspace(tmp_path, sample=False))
    response = empty.get("/api/check")
    assert response.status_code == 404 and "请先上传" in response.json()["error"]
    assert "还没有主台账" in empty.get("/").text
    refused = empty.post("/api/builds", json={})
    assert refused.status_code == 400 and "还没有主台账" in refused.json()["error"]


def test_a_build_runs_reports_progress_and_its_files_download(ws) -> None:
    c = client(ws)
    started = c.post("/api/builds", json={"only": ["card", "承诺书"], "branch": "B01"})
    assert started.status_code == 202
    state = wait(c, started.json()["id"])
    assert state["state"] == "done", state
    assert state["done"] == state["total"] == 30
    written = [w["path"] for w in state["summary"]["written"]]
    assert len(written) == 30 and all("B01-" in p for p in written)
    files = c.get("/api/files").json()
    cards = [f for f in files if f["kind"] == "card"]
    assert len(cards) == 15 and {f["branch"] for f in cards} == {"B01"}
    first = cards[0]
    download = c.get(f"/api/files/{first['path']}")
    assert download.status_code == 200
    assert download.content == (ws.outputs / first["path"]).read_bytes()
    assert len(download.content) == first["size"]
    assert "attachment" in download.headers["content-disposition"]
    again = wait(c, c.post("/api/builds", json={"only": ["card"], "branch": "B01"}).json()["id"])
    assert len(again["summary"]["unchanged"]) == 15 and not again["summary"]["written"]
    page = c.get("/files").text
    assert "公示卡" in page
    from zonedocs.pdf import find_soffice

    assert ("/preview/" in page) == (find_soffice() is not None)  # .docx previews need LibreOffice


def test_the_branch_archive_holds_that_branch_only(ws) -> None:
    c = client(ws)
    assert wait(c, c.post("/api/builds", json={"only": ["sign", "opinion"]}).json()["id"])["state"] == "done"
    response = c.get("/api/archive.zip?branch=B02")
    assert response.status_code == 200
    names = zipfile.ZipFile(io.BytesIO(response.content)).namelist()
    assert names and all("/B02-" in n for n in names)
    everything = zipfile.ZipFile(io.BytesIO(c.get("/api/archive.zip").content)).namelist()
    assert "2026/实施意见.docx" in everything and len(everything) > len(names)
    assert not any(".zonedocs" in n for n in everything)
    assert c.get("/api/archive.zip?branch=B99").status_code == 400


@pytest.mark.parametrize("path", [
    "../inputs/主台账.xlsx", "%2e%2e/inputs/主台账.xlsx", "2026/../../inputs/主台账.xlsx",
    ".zonedocs/manifest.sqlite", "/etc/passwd", "..%2f..%2fetc%2fpasswd", "C:/Windows/win.ini",
])
def test_downloads_stay_inside_outputs(ws, path: str) -> None:
    c = client(ws)
    wait(c, c.post("/api/builds", json={"only": ["opinion"]}).json()["id"])
    response = c.get(f"/api/files/{path}")
    assert response.status_code in (400, 404), response.text
    assert "error" in response.json()
    assert b"PK" not in response.content[:2]


def test_a_link_out_of_outputs_is_not_followed(ws, tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("机密", encoding="utf-8")
    (ws.outputs / "link.txt").symlink_to(secret)
    assert client(ws).get("/api/files/link.txt").status_code == 400
    assert outputs.list_outputs(ws.outputs)[0].path == "link.txt"  # listed, never served


def test_a_second_build_is_refused_while_one_runs(ws, monkeypatch) -> None:
    release = threading.Event()
    entered = threading.Event()

    def slow_build(workbook, options, progress=None):
        step = progress(4)
        entered.set()
        step(1)
        release.wait(10)
        raise builds.UsageError("无法写入输出文件夹：磁盘已满")

    monkeypatch.setattr(builds, "build", slow_build)
    c = client(ws)
    first = c.post("/api/builds", json={})
    assert first.status_code == 202
    assert entered.wait(10)
    running = c.get(f"/api/builds/{first.json()['id']}").json()
    assert running["state"] == "running" and (running["done"], running["total"]) == (1, 4)
    second = c.post("/api/builds", json={"force": True})
    assert second.status_code == 409 and "正在生成" in second.json()["error"]
    upload = c.post("/api/workbook", files={"file": ("主台账.xlsx", b"x")})
    assert upload.status_code == 409
    release.set()
    failed = wait(c, first.json()["id"])
    assert failed["state"] == "failed" and failed["error"] == "无法写入输出文件夹：磁盘已满"
    assert c.post("/api/builds", json={}).status_code == 202  # free again


def test_a_workbook_with_errors_fails_the_build_with_its_problems(ws, sample_rows) -> None:
    from zonedocs.workbook.writer import write_workbook

    sample_rows["党员"][0]["所属支部"] = "B77"
    write_workbook(ws.inputs / "主台账.xlsx", sample_rows)
    c = client(ws)
    state = wait(c, c.post("/api/builds", json={}).json()["id"])
    assert state["state"] == "failed" and "错误" in state["error"]
    assert any("B77" in p for p in state["problems"])


@pytest.mark.parametrize("body, message", [
    ({"only": ["名片"]}, "不是文书种类"),
    ({"only": "card"}, "only 应是"),
    ({"branch": 3}, "branch 应是"),
    ({"branch": "B99"}, "没有这个支部"),
    ([1, 2], "JSON 对象"),
])
def test_bad_build_requests_get_a_chinese_reason(ws, body, message) -> None:
    c = client(ws)
    response = c.post("/api/builds", json=body)
    if response.status_code == 202:  # the branch is checked when the build reads the workbook
        state = wait(c, response.json()["id"])
        assert state["state"] == "failed" and message in state["error"]
    else:
        assert response.status_code == 400 and message in response.json()["error"]
    assert c.post("/api/builds", content=b"{", headers={"Content-Type": "application/json"}
                  ).json()["error"] == "请求内容不是有效的 JSON。"


def test_errors_are_chinese_never_a_traceback(ws, monkeypatch) -> None:
    c = client(ws)
    assert c.get("/没有这页").status_code == 404 and "没有这个页面" in c.get("/没有这页").text
    assert c.get("/api/builds/nope").status_code == 404
    assert c.put("/api/check").status_code == 405

    def broken(_):
        raise RuntimeError("boom")

    monkeypatch.setattr(outputs, "list_outputs", broken)
    for path in ("/api/files", "/files"):
        response = c.get(path)
        assert response.status_code == 500
        assert "内部错误" in response.text
        assert "Traceback" not in response.text and "boom" not in response.text


def test_pages_show_in_chinese(ws) -> None:
    c = client(ws)
    for path, words in {"/": ["上传主台账", "检查通过", "季度评分"], "/build": ["开始生成", "公示卡"],
                        "/files": ["还没有生成的文书"], "/changes": ["还没有版本记录"],
                        "/templates": ["公示卡.docx", "上传并检查"]}.items():
        text = c.get(path).text
        assert all(w in text for w in words), (path, words)


def test_the_web_stack_loads_only_for_serve() -> None:
    web = ("starlette", "uvicorn", "pypdfium2", "multipart")
    code = f"import sys, zonedocs.cli; print(sorted(m for m in {web!r} if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_many_files_are_listed_one_branch_at_a_time(ws, monkeypatch) -> None:
    from zonedocs.web import pages

    c = client(ws)
    wait(c, c.post("/api/builds", json={"only": ["card", "opinion"]}).json()["id"])
    assert c.get("/files").text.count("/api/files/") == 45  # a few: every file listed
    monkeypatch.setattr(pages, "LISTED_AT_ONCE", 10)
    page = c.get("/files").text
    assert page.count("/api/files/") == 1 and page.count("逐个查看") == 3  # the opinion; counts
    one = c.get("/files?branch=B02").text
    assert one.count("/api/files/") == 1 + 14 and "/files?branch=B01" in one
