"""Regenerate docs/gallery/: page images of every kind of document, built from the sample
company and laid out by LibreOffice, so a change to a template can be compared by eye
(`git diff --stat docs/gallery` shows which pictures moved). Needs LibreOffice."""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

import pypdfium2

from zonedocs.build import Options, build
from zonedocs.pdf import convert
from zonedocs.samples.company import write_sample
from zonedocs.web.previews import png

GALLERY = Path(__file__).resolve().parents[1] / "docs" / "gallery"
SCALE = 80 / 72  # 80 dots per inch: the layout at a glance, small files
B01 = "2026/B01-第一运营分公司党支部"
# picture name, document, pages shown, caption
SHOWN = [
    ("实施意见", "2026/实施意见.docx", (1, 2, -2, -1),
     "实施意见：首页（版头、主体）、第2页和最后两页（附件责任区划分表、版记）"),
    ("公示卡", f"{B01}/公示卡/M101-韦平.docx", (1,), "公示卡（有照片的党员）"),
    ("承诺书", f"{B01}/承诺书/M101-韦平.docx", (1,), "承诺书（争优目标计划卡）"),
    ("标志牌", f"{B01}/标志牌/Z110-101路车队责任区.docx", (1,), "责任区标志牌"),
    ("联系群众台账", f"{B01}/联系群众台账.docx", (1,), "联系群众台账"),
    ("季度考核表", f"{B01}/季度考核/第1季度考核表.docx", (1,), "第1季度考核表"),
    ("年度考核表", f"{B01}/年度考核表.docx", (1,), "年度综合考核表"),
    ("档案卷", f"{B01}/档案卷.docx", (1, 2, 3), "档案卷：封面、卷内目录"),
]


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="zonedocs-gallery-") as folder:
        root = Path(folder)
        build(write_sample(root / "inputs"), Options(out=root / "out", jobs=1))
        jobs = [(root / "out" / path, root / "pdf" / f"{name}.pdf") for name, path, _, _ in SHOWN]
        pdfs = {c.source: c.data for c in convert(jobs, root / "state")}
        if GALLERY.exists():
            shutil.rmtree(GALLERY)
        GALLERY.mkdir(parents=True)
        lines = ["# 文书样张", "",
                 "示例公司（虚构的滨江公共交通集团）的各种文书，由 LibreOffice 排版后截取的页面。",
                 "重新生成：`uv run python scripts/make_gallery.py`（需要 LibreOffice 和 Fandol 字体）。", ""]
        for (name, path, pages, caption), (source, _) in zip(SHOWN, jobs, strict=True):
            data = pdfs.get(source)
            if data is None:
                print(f"LibreOffice could not convert {path}", file=sys.stderr)
                return 1
            document = pypdfium2.PdfDocument(data)
            count = len(document)
            lines += [f"## {caption}", ""]
            for page in sorted({p if p > 0 else count + p + 1 for p in pages}):
                bitmap = document[page - 1].render(scale=SCALE, rev_byteorder=True)
                picture = png(bitmap.width, bitmap.height, bitmap.n_channels, bytes(bitmap.buffer),
                              bitmap.stride)
                file = f"{name}-{page}.png"
                (GALLERY / file).write_bytes(picture)
                lines.append(f"![{name} 第{page}页（共{count}页）]({file})")
            lines.append("")
            document.close()
        (GALLERY / "README.md").write_text("\n".join(lines), encoding="utf-8")
    print(f"wrote {GALLERY}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
