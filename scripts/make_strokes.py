"""Regenerate src/zonedocs/data/strokes.txt from Unicode's Unihan database.

The source is the `kTotalStrokes` field of Unihan (Debian: package `unicode-data`,
file /usr/share/unicode/Unihan_IRGSources.txt.bz2). Where a character has two counts,
the first is the one for simplified Chinese (zh-Hans), which is the one kept.

Output: one line per stroke count, ``<count>\t<characters>``, for the CJK Unified
Ideographs block and Extension A (every character a name is likely to use).
"""

from __future__ import annotations

import bz2
import sys
from collections import defaultdict
from pathlib import Path

SOURCE = Path("/usr/share/unicode/Unihan_IRGSources.txt.bz2")
TARGET = Path(__file__).resolve().parents[1] / "src" / "zonedocs" / "data" / "strokes.txt"


def in_scope(code: int) -> bool:
    return 0x4E00 <= code <= 0x9FFF or 0x3400 <= code <= 0x4DBF


def main() -> int:
    source = Path(sys.argv[1]) if len(sys.argv) > 1 else SOURCE
    by_count: dict[int, list[str]] = defaultdict(list)
    with bz2.open(source, "rt", encoding="utf-8") as handle:
        for line in handle:
            if not line.startswith("U+"):
                continue
            code_text, field, value = line.rstrip("\n").split("\t")
            if field != "kTotalStrokes":
                continue
            code = int(code_text[2:], 16)
            if in_scope(code):
                by_count[int(value.split()[0])].append(chr(code))
    lines = [f"{count}\t{''.join(sorted(chars))}" for count, chars in sorted(by_count.items())]
    header = "# kTotalStrokes from Unicode Unihan; regenerate with scripts/make_strokes.py\n"
    TARGET.write_text(header + "\n".join(lines) + "\n", encoding="utf-8")
    print(f"{sum(len(c) for c in by_count.values())} characters -> {TARGET.name}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
