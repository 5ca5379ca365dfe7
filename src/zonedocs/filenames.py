"""File and folder names that Windows, macOS and Linux all accept, short enough that every
path zonedocs writes stays under Windows' 260-character limit in an ordinary folder.

A name has none of `< > : " / \\ | ? *` nor control characters, no leading dot, no trailing
dot or space, is no reserved device name (CON, PRN, AUX, NUL, COM1–9, LPT1–9, with or without
an extension) and is at most `limit` characters and 255 UTF-8 bytes. The ID at the front of a
name is kept whole (up to `ID_CHARS`), so two records never share a file: `name_key` is what
two names must differ in (case folded, as Windows and macOS compare names).
"""

from __future__ import annotations

import re

_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f\x7f]')
_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(1, 10)),
             *(f"LPT{i}" for i in range(1, 10))}
MAX_BYTES = 255
ID_CHARS = 24  # the longest ID kept whole in a name
FOLDER_CHARS = 40  # a branch folder: 支部编号-支部名称
FILE_CHARS = 48  # a file name without its extension: 编号-名称


def safe_name(text: str, limit: int = FILE_CHARS) -> str:
    """`text` made acceptable to every file system, at most `limit` characters."""
    name = _UNSAFE.sub("_", text).strip()
    name = name.lstrip(".")
    name = _fit(name, limit).rstrip(". ")
    if not name:
        name = "_"
    if name.split(".")[0].rstrip(" ").upper() in _RESERVED:
        name = "_" + name
    return name


def id_part(record_id: str) -> str:
    """An ID as it stands at the front of a file name."""
    return safe_name(record_id, ID_CHARS)


def named(record_id: str, name: str, limit: int = FILE_CHARS) -> str:
    """`编号-名称`, safe, at most `limit` characters: the name is shortened, the ID kept."""
    head = id_part(record_id)
    if not name.strip():
        return head
    return safe_name(f"{head}-{name}", max(limit, len(head)))


def name_key(record_id: str) -> str:
    """Two IDs whose files would share a name (on any file system) share this key."""
    return id_part(record_id).casefold()


def _fit(name: str, limit: int) -> str:
    name = name[:limit]
    while len(name.encode("utf-8")) > MAX_BYTES:
        name = name[:-1]
    return name
