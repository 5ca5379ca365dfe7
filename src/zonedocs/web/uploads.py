"""Taking a master workbook from the page: an .xlsx, or a .zip of the workbook with its photo
folders. Nothing reaches the workspace until the upload is whole and checked:

- a zip's members must stay inside its folder: no absolute paths, no drive letters, no `..`,
  no links; their unpacked size is counted as they are read, not trusted from the header;
- from a zip only the workbook and pictures are taken, and only from the workbook's folder;
- the workbook replaced, and every picture an upload replaces, are kept in the history first.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import stat
import tempfile
import time
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from ..problems import Problems, UsageError
from ..workbook import check
from ..workbook.reader import check_file
from .versions import History, Version
from .workspace import HISTORY, TEMPLATES, Workspace

MAX_UNPACKED = 1 << 30          # 1 GiB of pictures is more than 10,000 members' photos
MAX_MEMBERS = 50_000
PICTURES = frozenset({".jpg", ".jpeg", ".png", ".gif", ".bmp", ".tif", ".tiff"})
STAGE_PREFIX = "~$zonedocs-上传-"   # `~$` files are skipped wherever a workbook is looked for
_SKIPPED_NAMES = frozenset({"__MACOSX", ".DS_Store", "Thumbs.db", "desktop.ini"})
_RESERVED = frozenset({HISTORY, TEMPLATES})


@dataclass
class Accepted:
    workbook: Path
    version: Version
    problems: Problems
    pictures: int = 0
    replaced: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)

    def as_json(self, strict: bool = False) -> dict[str, object]:
        return self.problems.as_json(self.workbook, strict) | {
            "version": self.version.as_json(), "pictures": self.pictures,
            "replaced": self.replaced, "skipped": self.skipped}


def staging_file(ws: Workspace) -> Path:
    """A fresh file inside inputs/ for an upload to be written to (same disk: replace is atomic)."""
    ws.prepare()
    handle, name = tempfile.mkstemp(dir=ws.inputs, prefix=STAGE_PREFIX, suffix=".part")
    os.close(handle)
    return Path(name)


def remove_leftovers(ws: Workspace, older_than: float = 3600) -> None:
    """Staged uploads a stopped server left behind (an hour old: none still being written)."""
    if not ws.inputs.is_dir():
        return
    now = time.time()
    for path in ws.inputs.glob(STAGE_PREFIX + "*"):
        with contextlib.suppress(OSError):
            if now - path.stat().st_mtime > older_than:
                if path.is_dir():
                    shutil.rmtree(path, ignore_errors=True)
                else:
                    path.unlink()


def accept(ws: Workspace, upload: Path, filename: str) -> Accepted:
    """Check the uploaded file and, if it is a workbook, make it the current one. `upload` is
    the staged file (removed in every case)."""
    suffix = PurePosixPath(filename.replace("\\", "/")).suffix.lower()
    try:
        if suffix == ".xlsx":
            return _accept_workbook(ws, upload, filename)
        if suffix == ".zip":
            return _accept_zip(ws, upload, filename)
        if suffix in {".xls", ".et", ".ods", ".csv"}:
            raise UsageError(f"{filename} 不是 .xlsx 文件：请用 Excel 或 WPS 打开，"
                             "“另存为”Excel 工作簿（.xlsx）后再上传。")
        raise UsageError(f"{filename}：只能上传 .xlsx 主台账，或把主台账和照片文件夹一起压缩成的 .zip。")
    except OSError as exc:  # a name this file system refuses, a full disk, a folder in the way
        raise UsageError(f"无法把 {filename} 存入工作文件夹（{exc.strerror or exc}：{exc.filename or ''}）。"
                         "请检查磁盘空间和文件名后重新上传；工作文件夹中原有的文件都还在。") from None
    finally:
        with contextlib.suppress(OSError):
            upload.unlink()


def _accept_workbook(ws: Workspace, upload: Path, filename: str) -> Accepted:
    staged = upload.with_name(upload.stem + ".xlsx")
    os.replace(upload, staged)
    try:
        problems = _check(staged, filename)
        version, _ = _commit(ws, staged, filename, "上传", [])
    finally:
        with contextlib.suppress(OSError):
            staged.unlink()
    return Accepted(ws.workbook_target(), version, problems)


def _accept_zip(ws: Workspace, upload: Path, filename: str) -> Accepted:
    folder = Path(tempfile.mkdtemp(dir=ws.inputs, prefix=STAGE_PREFIX))
    try:
        workbook, pictures, skipped = _unpack(upload, folder, filename)
        problems = _check(workbook, PurePosixPath(filename).stem + "/" + workbook.name)
        version, replaced = _commit(ws, workbook, filename, "上传（含照片的 .zip）", pictures)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return Accepted(ws.workbook_target(), version, problems, len(pictures), replaced, skipped)


def _check(workbook: Path, shown: str) -> Problems:
    try:
        check_file(workbook)
        return check(workbook)[1]
    except UsageError as exc:
        raise UsageError(str(exc).replace(workbook.name, shown).replace(str(workbook), shown)) from None


def _commit(ws: Workspace, workbook: Path, filename: str, source: str,
            pictures: list[tuple[Path, str]]) -> tuple[Version, list[str]]:
    target = ws.workbook_target()
    history = History(ws.history)
    if target.is_file():
        history.keep(target, "上传前的主台账")
    version = history.keep(workbook, source, filename, stored_as=target.name)
    replaced = []
    for staged, relative in pictures:
        destination = ws.inputs / relative
        if destination.is_file():
            if destination.read_bytes() == staged.read_bytes():
                continue
            backup = _free(history.replaced_folder(version) / relative)
            backup.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(destination, backup)
            replaced.append(relative)
        destination.parent.mkdir(parents=True, exist_ok=True)
        os.replace(staged, destination)
    try:
        os.replace(workbook, target)
    except PermissionError:
        raise UsageError(f"{target.name} 正被 Excel 或 WPS 打开，无法替换：请关闭它后重新上传。"
                         "刚上传的版本已保存在“变动”页中。") from None
    return version, replaced


def _free(path: Path) -> Path:
    candidate, n = path, 1
    while candidate.exists():
        n += 1
        candidate = path.with_name(f"{path.stem}-{n}{path.suffix}")
    return candidate


def _unpack(upload: Path, folder: Path, filename: str) -> tuple[Path, list[tuple[Path, str]], list[str]]:
    """Extract the workbook and the pictures beside it into `folder`, checked member by member."""
    try:
        archive = zipfile.ZipFile(upload)
    except (zipfile.BadZipFile, OSError):
        raise UsageError(f"{filename} 不是有效的 .zip 压缩包，或文件已损坏：请重新压缩后再上传。") from None
    with archive:
        members = [(info, _parts(info, filename)) for info in archive.infolist()]
        if len(members) > MAX_MEMBERS:
            raise UsageError(f"{filename} 中有 {len(members)} 个文件，超过上限 {MAX_MEMBERS}："
                             "请只压缩主台账和照片文件夹。")
        if sum(info.file_size for info, _ in members) > MAX_UNPACKED:
            raise UsageError(_too_big(filename))
        files = [(info, parts) for info, parts in members
                 if not info.is_dir() and parts and not _skipped(parts)]
        root = _workbook_root(files, filename)
        unpacked = 0
        workbook: Path | None = None
        pictures: list[tuple[Path, str]] = []
        skipped: list[str] = []
        for info, parts in files:
            relative = parts[len(root) - 1:]
            shown = "/".join(parts)
            if len(parts) < len(root) or parts[:len(root) - 1] != root[:-1] or relative[0] in _RESERVED:
                skipped.append(shown)
                continue
            is_book = parts == root
            if not is_book and PurePosixPath(relative[-1]).suffix.lower() not in PICTURES:
                skipped.append(shown)
                continue
            target = folder.joinpath(*relative)
            unpacked = _extract(archive, info, target, unpacked, filename)
            if is_book:
                workbook = target
            else:
                pictures.append((target, "/".join(relative)))
    assert workbook is not None
    return workbook, pictures, skipped


def _parts(info: zipfile.ZipInfo, filename: str) -> tuple[str, ...]:
    name = info.filename
    if not info.flag_bits & 0x800:  # names not marked UTF-8: Chinese Windows writes them in GBK
        with contextlib.suppress(UnicodeEncodeError, UnicodeDecodeError):
            name = name.encode("cp437").decode("gbk")
    text = name.replace("\\", "/")
    parts = tuple(p for p in text.split("/") if p not in ("", "."))
    unsafe = (text.startswith("/") or re.match(r"[A-Za-z]:", text) is not None or ".." in parts
              or stat.S_ISLNK(info.external_attr >> 16))
    if unsafe:
        raise UsageError(f"{filename} 中的“{name}”指向压缩包之外（绝对路径、“..”或链接），"
                         "为安全起见没有解压任何文件：请只压缩主台账和照片文件夹后再上传。")
    return parts


def _skipped(parts: tuple[str, ...]) -> bool:
    return any(p in _SKIPPED_NAMES for p in parts) or parts[-1].startswith("~$")


def _workbook_root(files: list[tuple[zipfile.ZipInfo, tuple[str, ...]]], filename: str) -> tuple[str, ...]:
    """The workbook's path in the zip: its folder is the folder the pictures are relative to."""
    books = [parts for _, parts in files if parts[-1].lower().endswith(".xlsx")]
    if not books:
        raise UsageError(f"{filename} 中没有 .xlsx 主台账：请把主台账和照片文件夹一起压缩后再上传。")
    if len(books) > 1:
        named = [b for b in books if b[-1] == "主台账.xlsx"]
        if len(named) != 1:
            names = "、".join("/".join(b) for b in books[:5])
            raise UsageError(f"{filename} 中有多个 .xlsx 文件（{names}），不知道哪个是主台账："
                             "请只放一个，或把主台账命名为“主台账.xlsx”。")
        return named[0]
    return books[0]


def _extract(archive: zipfile.ZipFile, info: zipfile.ZipInfo, target: Path, unpacked: int,
             filename: str) -> int:
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        with archive.open(info) as source, target.open("wb") as out:
            while chunk := source.read(1 << 20):
                unpacked += len(chunk)
                if unpacked > MAX_UNPACKED:
                    raise UsageError(_too_big(filename))
                out.write(chunk)
    except RuntimeError:  # an encrypted member
        raise UsageError(f"{filename} 设置了密码：请不加密重新压缩后再上传。") from None
    except (zipfile.BadZipFile, EOFError, zipfile.LargeZipFile) as exc:
        raise UsageError(f"{filename} 已损坏，无法解压（{exc}）：请重新压缩后再上传。") from None
    return unpacked


def _too_big(filename: str) -> str:
    return (f"{filename} 解压后超过 {MAX_UNPACKED >> 20} MB：请只压缩主台账和照片文件夹，"
            "照片可先缩小（每张几百 KB 足够打印）。")
