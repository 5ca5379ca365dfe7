"""Reading the parts of a .docx held in memory, for assembling volumes from hundreds of them.

zipfile builds an object for every entry of every archive it opens; a volume only needs two
or three parts of each document, so this reads the central directory with struct and
inflates just the parts asked for. Entries must be stored or deflated, as in every .docx.
"""

from __future__ import annotations

import struct
import zlib

_END = struct.Struct("<4s4H2LH")
_CENTRAL = struct.Struct("<4s6H3L5H2L")
_LOCAL = struct.Struct("<4s5H3L2H")
_STORED, _DEFLATED = 0, 8


class BadPackage(ValueError):
    """Not a zip archive this reader can take."""


class Package:
    """The entries of a zip archive in memory: `read(name)`, `crc(name)`, `names()`."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        end = data.rfind(b"PK\x05\x06", max(0, len(data) - 65_557))
        if end < 0:
            raise BadPackage("no end of central directory")
        _, _, _, _, count, _, offset, _ = _END.unpack_from(data, end)
        self.entries: dict[str, tuple[int, int, int, int, int]] = {}
        for _ in range(count):
            (signature, _, _, _, method, _, _, crc, compressed, size, name_length, extra_length,
             comment_length, _, _, _, local) = _CENTRAL.unpack_from(data, offset)
            if signature != b"PK\x01\x02":
                raise BadPackage("damaged central directory")
            start = offset + _CENTRAL.size
            name = data[start:start + name_length].decode("utf-8")
            self.entries[name] = (method, crc, compressed, size, local)
            offset = start + name_length + extra_length + comment_length

    def names(self) -> list[str]:
        return list(self.entries)

    def crc(self, name: str) -> tuple[int, int]:
        """(CRC-32, size) of an entry: equal for equal contents."""
        _, crc, _, size, _ = self.entries[name]
        return crc, size

    def raw(self, name: str) -> bytes:
        """An entry's bytes as stored (deflated, for most)."""
        _, _, compressed, _, local = self.entries[name]
        header = _LOCAL.unpack_from(self.data, local)
        start = local + _LOCAL.size + header[9] + header[10]
        return self.data[start:start + compressed]

    def read(self, name: str) -> bytes:
        method, crc, _, size, _ = self.entries[name]
        raw = self.raw(name)
        if method == _DEFLATED:
            payload = zlib.decompress(raw, -15)
        elif method == _STORED:
            payload = raw
        else:
            raise BadPackage(f"unsupported compression {method} for {name}")
        if len(payload) != size or zlib.crc32(payload) != crc:
            raise BadPackage(f"damaged entry {name}")
        return payload
