"""Regenerate src/zonedocs/data/strokeorder.txt: each common character's strokes by kind.

The source is the stroke-order table of the npm package cnchar-order (MIT licence,
copyright theajack), which spells every stroke of about 7,000 common characters by its
shape. Get it with ``npm pack cnchar-order@3.2.6`` and pass the unpacked
``package/cnchar.order.min.js``.

Each shape is folded into the five kinds of GB 13000.1's stroke order (横竖撇点折),
numbered 1 to 5 as the standard does: 提 counts as 横, 竖钩 as 竖, 捺 as 点, and every
stroke that turns as 折. Output: one line per character, the character then its digits.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

TARGET = Path(__file__).resolve().parents[1] / "src" / "zonedocs" / "data" / "strokeorder.txt"

KIND = {"j": "1", "i": "1", "f": "2", "g": "2", "s": "3", "k": "4", "l": "4", "d": "4"}
FOLD = "5"

HEADER = """\
# Stroke order of common characters, one digit a stroke: 1 横 2 竖 3 撇 4 点 5 折.
# Derived from cnchar-order 3.2.6 (MIT licence, copyright 2017-present theajack, whose
# notice is strokeorder.LICENSE beside this file); regenerate: scripts/make_stroke_order.py.
"""


def kinds(shapes: str) -> str:
    return "".join(KIND.get(shape, FOLD) for shape in shapes)


def main() -> int:
    if len(sys.argv) != 2:
        print("usage: make_stroke_order.py PATH/TO/cnchar.order.min.js", file=sys.stderr)
        return 2
    text = Path(sys.argv[1]).read_text(encoding="utf-8")
    table = json.loads(re.findall(r"JSON\.parse\('(\{.*?\})'\)", text)[0])
    lines = [f"{char}{kinds(shapes)}" for char, shapes in sorted(table.items())]
    TARGET.write_text(HEADER + "\n".join(lines) + "\n", encoding="utf-8")
    print(f"{len(lines)} characters -> {TARGET.name}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
