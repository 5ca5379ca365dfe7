"""Uploads through the web page: a workbook or a zip of it with its photos is checked before it
is taken, a zip cannot write outside the workspace, nothing the user had is lost, and every
version can be compared with another; templates are checked before they are used."""

from __future__ import annotations

import io
import os
import stat
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook

from tests.web_support import client, upload, wait, workspace, zipped
from zonedocs.web import uploads
from zonedocs.web.previews import png
from zonedocs.web.versions import History


@pytest.fixture
def ws(tmp_path: Path):
    return workspace(tmp_path / "ws")


def _renamed(workbook: Path, old: str, new: str) -> bytes:
    book = load_workbook(workbook)
    for row in book["党员"].iter_rows():
        for cell in row:
            if cell.value == old:
                cell.value = new
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _leftovers(ws) -> list[str]:
    return [p.name for p in ws.inputs.iterdir() if p.name.startswith("~$")]


def _first_member(workbook: Path) -> str:
    return str(load_workbook(workbook, read_only=True)["党员"].cell(2, 2).value)


def test_an_upload_is_checked_taken_and_the_old_workbook_kept(ws) -> None:
    workbook = ws.inputs / "主台账.xlsx"
    before = workbook.read_bytes()
    name = _first_member(workbook)
    changed = _renamed(workbook, name, "欧阳新")
    response = upload(client(ws), "/api/workbook", "我的台账.xlsx", changed)
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["ok"] is True and body["workbook"].endswith("主台账.xlsx")
    assert body["version"]["source"] == "上传" and body["version"]["name"] == "我的台账.xlsx"
    assert workbook.read_bytes() == changed
    versions = History(ws.history).versions()
    assert [v.source for v in versions] == ["上传", "上传前的主台账"]
    assert versions[1].path.read_bytes() == before
    assert _leftovers(ws) == []
    again = upload(client(ws), "/api/workbook", "我的台账.xlsx", changed)
    assert again.status_code == 200 and len(History(ws.history).versions()) == 2  # same bytes: no copy


def test_a_workbook_with_errors_is_taken_and_its_problems_listed(ws, sample_rows, tmp_path) -> None:
    from zonedocs.workbook.writer import write_workbook

    sample_rows["党员"][1]["手机"] = "1380013"
    bad = tmp_path / "bad.xlsx"
    write_workbook(bad, sample_rows)
    body = upload(client(ws), "/api/workbook", "bad.xlsx", bad.read_bytes()).json()
    assert body["ok"] is False
    problem = next(p for p in body["problems"] if p["column"] == "手机")
    where = (problem["level"], problem["sheet"], problem["row"], problem["value"])
    assert where == ("error", "党员", 3, "1380013")
    page = client(ws).get("/").text
    assert "必须改正" in page and "1380013" in page and "标出问题的副本" in page
    annotated = client(ws).get("/api/workbook/annotated")
    assert annotated.status_code == 200 and "问题" in load_workbook(io.BytesIO(annotated.content)).sheetnames


@pytest.mark.parametrize("name, data, message", [
    ("主台账.xlsx", b"not a workbook at all", "不是有效的 Excel 工作簿"),
    ("主台账.xlsx", b"", "空的"),
    ("主台账.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "密码"),
    ("主台账.xls", b"\xd0\xcf\x11\xe0", "另存为"),
    ("花名册.docx", b"PK", "只能上传 .xlsx"),
    ("照片.zip", b"PK\x03\x04broken", "不是有效的 .zip"),
])
def test_a_file_that_is_not_a_workbook_changes_nothing(ws, name, data, message) -> None:
    workbook = ws.inputs / "主台账.xlsx"
    before = workbook.read_bytes()
    response = upload(client(ws), "/api/workbook", name, data)
    assert response.status_code == 400
    error = response.json()["error"]
    assert message in error and "~$" not in error
    assert workbook.read_bytes() == before
    assert not ws.history.exists() and _leftovers(ws) == []


def test_no_file_is_a_clear_message(ws) -> None:
    response = client(ws).post("/api/workbook", data={"x": "1"})
    assert response.status_code == 400 and "没有收到文件" in response.json()["error"]


def test_an_upload_over_the_limit_is_refused(ws) -> None:
    c = client(ws, max_body=50_000)
    response = upload(c, "/api/workbook", "主台账.xlsx", b"0" * 60_000)
    assert response.status_code == 413 and "上限" in response.json()["error"]


def test_a_body_longer_than_it_says_is_cut_off(ws) -> None:
    c = client(ws, max_body=50_000)

    def body():
        yield b"--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.xlsx\"\r\n\r\n"
        for _ in range(10):
            yield b"0" * 10_000
        yield b"\r\n--b--\r\n"

    response = c.post("/api/workbook", content=body(),
                      headers={"Content-Type": "multipart/form-data; boundary=b"})
    assert response.status_code == 413
    assert _leftovers(ws) == []


def _sample_zip(ws, root: str = "", extra: dict[str, bytes] | None = None) -> bytes:
    members = {f"{root}主台账.xlsx": (ws.inputs / "主台账.xlsx").read_bytes()}
    for photo in (ws.inputs / "照片").iterdir():
        members[f"{root}照片/{photo.name}"] = photo.read_bytes()
    return zipped(members | (extra or {}))


def test_a_zip_brings_the_workbook_and_its_photos(tmp_path) -> None:
    source = workspace(tmp_path / "source")
    ws = workspace(tmp_path / "ws", sample=False)
    data = _sample_zip(source, "党建2026/", {"党建2026/说明.txt": b"x", "__MACOSX/._a.jpg": b"x",
                                             "党建2026/照片/Thumbs.db": b"x", "别处/b.jpg": b"x"})
    response = upload(client(ws), "/api/workbook", "党建2026.zip", data)
    assert response.status_code == 200, response.text
    body = response.json()
    photos = sorted(p.name for p in (source.inputs / "照片").iterdir())
    assert body["pictures"] == len(photos) and body["replaced"] == []
    assert sorted(body["skipped"]) == ["党建2026/说明.txt", "别处/b.jpg"]
    assert sorted(p.name for p in (ws.inputs / "照片").iterdir()) == photos
    assert body["ok"] is True
    assert not any("图片" in p["message"] for p in body["problems"])  # the photos are found
    assert not (ws.inputs / "说明.txt").exists() and _leftovers(ws) == []


def test_a_zip_replacing_a_photo_keeps_the_old_one(ws) -> None:
    photo = next((ws.inputs / "照片").iterdir())
    old = photo.read_bytes()
    new = png(2, 2, 3, bytes(12), 6)
    assert new != old
    body = upload(client(ws), "/api/workbook", "a.zip",
                  _sample_zip(ws, extra={f"照片/{photo.name}": new})).json()
    assert body["replaced"] == [f"照片/{photo.name}"]
    assert photo.read_bytes() == new
    version = History(ws.history).get(body["version"]["id"])
    assert (History(ws.history).replaced_folder(version) / "照片" / photo.name).read_bytes() == old


def _link_member(name: str, target: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        info = zipfile.ZipInfo(name)
        info.external_attr = (stat.S_IFLNK | 0o777) << 16
        archive.writestr(info, target)
        archive.writestr("主台账.xlsx", b"x")
    return buffer.getvalue()


@pytest.mark.parametrize("data", [
    zipped({"主台账.xlsx": b"x", "../逃出.jpg": b"x"}),
    zipped({"主台账.xlsx": b"x", "照片/../../逃出.jpg": b"x"}),
    zipped({"主台账.xlsx": b"x", "/tmp/逃出.jpg": b"x"}),
    zipped({"主台账.xlsx": b"x", "C:/Windows/逃出.jpg": b"x"}),
    zipped({"主台账.xlsx": b"x", "照片\\..\\..\\逃出.jpg": b"x"}),
    _link_member("照片/M101.jpg", "/etc/passwd"),
], ids=["dotdot", "nested-dotdot", "absolute", "drive", "backslashes", "link"])
def test_a_zip_pointing_outside_is_refused_whole(ws, tmp_path, data) -> None:
    before = sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*"))
    response = upload(client(ws), "/api/workbook", "a.zip", data)
    assert response.status_code == 400 and "压缩包之外" in response.json()["error"]
    assert sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*")) == before


def test_a_zip_bomb_is_stopped_by_what_it_unpacks(ws, monkeypatch) -> None:
    monkeypatch.setattr(uploads, "MAX_UNPACKED", 200_000)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("主台账.xlsx", (ws.inputs / "主台账.xlsx").read_bytes())
        archive.writestr("照片/大.jpg", b"\0" * 1_000_000)
    data = bytearray(buffer.getvalue())
    # lie about the size in the central directory: the count while unpacking must still stop it
    directory = data.rfind(b"PK\x01\x02", 0, data.rfind(b"\xe5\xa4\xa7.jpg"))
    data[directory + 24:directory + 28] = (10).to_bytes(4, "little")
    response = upload(client(ws), "/api/workbook", "a.zip", bytes(data))
    assert response.status_code == 400
    assert "解压后超过" in response.json()["error"] or "损坏" in response.json()["error"]
    assert not (ws.inputs / "照片" / "大.jpg").exists() and _leftovers(ws) == []


@pytest.mark.parametrize("members, message", [
    ({"照片/a.jpg": b"x"}, "没有 .xlsx"),
    ({"a.xlsx": b"x", "b.xlsx": b"x"}, "多个 .xlsx"),
])
def test_a_zip_without_one_workbook_is_explained(ws, members, message) -> None:
    response = upload(client(ws), "/api/workbook", "a.zip", zipped(members))
    assert response.status_code == 400 and message in response.json()["error"]


def test_a_zip_from_chinese_windows_keeps_its_names(ws) -> None:
    # ASCII stand-ins of the GBK names' length, swapped for GBK bytes with no UTF-8 flag set,
    # as the compressed folders of Chinese Windows write them
    stand_ins = {"yyyyyy.xlsx": "主台账.xlsx", "xxxx/zzzzzz.png": "照片/新照片.png"}
    data = zipped({"yyyyyy.xlsx": (ws.inputs / "主台账.xlsx").read_bytes(),
                   "xxxx/zzzzzz.png": png(2, 2, 3, bytes(12), 6)})
    for stand_in, name in stand_ins.items():
        assert len(stand_in.encode()) == len(name.encode("gbk"))
        data = data.replace(stand_in.encode(), name.encode("gbk"))
    body = upload(client(ws), "/api/workbook", "a.zip", data).json()
    assert body["pictures"] == 1, body
    assert (ws.inputs / "照片" / "新照片.png").is_file()


def test_two_versions_compare_as_diff_does(ws) -> None:
    c = client(ws)
    workbook = ws.inputs / "主台账.xlsx"
    name = _first_member(workbook)
    upload(c, "/api/workbook", "改名.xlsx", _renamed(workbook, name, "欧阳新"))
    versions = c.get("/api/versions").json()
    assert [v["source"] for v in versions] == ["上传", "上传前的主台账"]
    new, old = versions[0]["id"], versions[1]["id"]
    result = c.get(f"/api/diff?old={old}&new={new}").json()
    assert any(name in ch["text"] and "欧阳新" in ch["text"] for ch in result["changes"])
    assert any(d["path"].endswith("欧阳新.docx") and d["change"] == "新增" for d in result["documents"])
    page = c.get(f"/changes?old={old}&new={new}").text
    assert "欧阳新" in page and "受影响的文书" in page
    assert c.get(f"/api/versions/{old}").content == History(ws.history).get(old).path.read_bytes()
    for bad in ("../../inputs", "20260101-000000", ""):
        response = c.get(f"/api/diff?old={bad}&new={new}")
        assert response.status_code == 400 and "版本" in response.json()["error"]


def test_downloads_of_the_workbook(ws) -> None:
    c = client(ws)
    assert c.get("/api/workbook").content == (ws.inputs / "主台账.xlsx").read_bytes()
    blank = load_workbook(io.BytesIO(c.get("/api/workbook/blank").content))
    assert "党员" in blank.sheetnames and blank["党员"].max_row == 1


def test_templates_are_checked_before_they_are_used(ws, tmp_path) -> None:
    from zonedocs.templates import default_folder

    c = client(ws)
    listed = c.get("/api/templates").json()
    assert len(listed) == 11 and not any(t["custom"] for t in listed)
    original = (default_folder() / "标志牌.docx").read_bytes()
    assert c.get("/api/templates/标志牌.docx").content == original
    broken = _with_text(original, "{{ 不存在的变量 }}")
    refused = upload(c, "/api/templates", "标志牌.docx", broken)
    assert refused.status_code == 422 and refused.json()["ok"] is False
    assert "不存在的变量" in refused.json()["message"] and not (ws.templates / "标志牌.docx").exists()
    changed = _with_text(original, "{{ zone.name }}（新版）")
    taken = upload(c, "/api/templates", "标志牌(1).docx", changed, name="标志牌.docx")
    assert taken.status_code == 200 and taken.json()["ok"] is True
    assert (ws.templates / "标志牌.docx").read_bytes() == changed
    assert [t["name"] for t in c.get("/api/templates").json() if t["custom"]] == ["标志牌.docx"]
    assert c.get("/api/templates/标志牌.docx").content == changed
    names = zipfile.ZipFile(io.BytesIO(c.get("/api/templates.zip").content)).namelist()
    assert len(names) == 11 and "标志牌.docx" in names
    wrong = upload(c, "/api/templates", "海报.docx", changed)
    assert wrong.status_code == 400 and "不是 zonedocs 的模板文件名" in wrong.json()["error"]
    assert c.delete("/api/templates/标志牌.docx").json()["reset"] is True
    assert not (ws.templates / "标志牌.docx").exists()
    kept = list((ws.templates / "已替换").iterdir())
    assert len(kept) == 1 and kept[0].read_bytes() == changed
    assert c.delete("/api/templates/../../inputs").status_code in (400, 404)


def _with_text(docx: bytes, text: str) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(docx))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "word/document.xml":
                paragraph = b"<w:p><w:r><w:t>" + text.encode() + b"</w:t></w:r></w:p>"
                data = data.replace(b"</w:body>", paragraph + b"</w:body>")
            target.writestr(item, data)
    return out.getvalue()


def test_a_version_with_errors_cannot_be_compared_and_says_why(ws) -> None:
    c = client(ws)
    blank = c.get("/api/workbook/blank").content
    assert upload(c, "/api/workbook", "空白.xlsx", blank).json()["ok"] is False
    new, old = (v["id"] for v in c.get("/api/versions").json())
    response = c.get(f"/api/diff?old={old}&new={new}")
    assert response.status_code == 400 and "还有错误" in response.json()["error"]
    assert "还有错误" in c.get(f"/changes?old={old}&new={new}").text


def test_photo_paths_of_an_uploaded_workbook_stay_in_its_folder(ws, sample_rows, tmp_path) -> None:
    from zonedocs.workbook.writer import write_workbook

    secret = tmp_path / "secret.png"
    secret.write_bytes(png(2, 2, 3, bytes(12), 6))
    sample_rows["党员"][0]["照片"] = "../../secret.png"
    sample_rows["党员"][1]["照片"] = str(secret)
    book = tmp_path / "外链照片.xlsx"
    write_workbook(book, sample_rows)
    body = upload(client(ws), "/api/workbook", book.name, book.read_bytes()).json()
    outside = [p for p in body["problems"] if "须放在主台账所在文件夹之内" in p["message"]]
    assert [(p["row"], p["column"]) for p in outside] == [(2, "照片"), (3, "照片")]
    c = client(ws)
    state = wait(c, c.post("/api/builds", json={"only": ["card"], "branch": "B01"}).json()["id"])
    assert state["state"] == "done"
    cards = sorted((ws.outputs / "2026").rglob("公示卡/*.docx"))
    assert cards[0].name.startswith("M101-")  # the sample's one member with a photo
    names = [n for card in cards[:2] for n in zipfile.ZipFile(card).namelist()]
    assert not any(n.startswith("word/media/") for n in names)


def test_a_picture_that_cannot_be_written_is_a_message_and_changes_nothing(ws) -> None:
    (ws.inputs / "照片" / "挡路").write_bytes(b"a file where the zip has a folder")
    workbook = (ws.inputs / "主台账.xlsx").read_bytes()
    changed = _renamed(ws.inputs / "主台账.xlsx", _first_member(ws.inputs / "主台账.xlsx"), "欧阳新")
    data = zipped({"主台账.xlsx": changed, "照片/挡路/y.png": png(2, 2, 3, bytes(12), 6)})
    response = upload(client(ws), "/api/workbook", "a.zip", data)
    assert response.status_code == 400 and "无法把 a.zip 存入工作文件夹" in response.json()["error"]
    assert (ws.inputs / "主台账.xlsx").read_bytes() == workbook and _leftovers(ws) == []
    assert (ws.inputs / "照片" / "挡路").read_bytes() == b"a file where the zip has a folder"


def test_uploads_a_stopped_server_left_are_cleared_when_it_starts_again(ws) -> None:
    old = ws.inputs / f"{uploads.STAGE_PREFIX}abc.part"
    old.write_bytes(b"x")
    folder = ws.inputs / f"{uploads.STAGE_PREFIX}def"
    folder.mkdir()
    os.utime(old, (0, 0))
    os.utime(folder, (0, 0))
    fresh = ws.inputs / f"{uploads.STAGE_PREFIX}now.part"  # another server's upload, in progress
    fresh.write_bytes(b"x")
    client(ws)
    assert _leftovers(ws) == [fresh.name]
