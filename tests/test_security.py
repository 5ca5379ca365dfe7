"""A template or a workbook cannot reach the machine: templates see plain data only, and
pictures come only from inside the workbook's folder."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.test_render_engine import make_template
from zonedocs.render import DocxTemplate, Image, TemplateProblem
from zonedocs.workbook import check

ESCAPES = [
    "{{ photo.path.joinpath('/etc/hostname').read_text() }}",
    "{{ photo.path.parent }}",
    "{% set x = photo.path.write_text('x') %}",
    "{{ photo.path.unlink() }}",
    "{{ photo.__class__ }}",
    "{{ photo.of.__globals__ }}",
    "{{ photo|attr('path') }}",
    "{{ '{0.__class__}'.format(photo) }}",
    "{{ ''.__class__.__mro__ }}",
]


@pytest.mark.parametrize("source", ESCAPES)
def test_known_escapes_are_refused(tmp_path: Path, source: str):
    picture = tmp_path / "p.png"
    from zonedocs.samples.company import _portrait_png

    picture.write_bytes(_portrait_png())
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me")
    template = DocxTemplate("测试.docx", make_template([source.replace("'x'", f"'{victim}'")]))
    with pytest.raises(TemplateProblem) as raised:
        data = template.render({"photo": Image.of(picture)})
        assert b"keep me" not in data and b"/etc" not in data  # if it rendered, nothing leaked
    assert "模板 测试.docx" in str(raised.value)
    assert victim.read_text() == "keep me"


@pytest.mark.parametrize("path", ["/etc/hostname", "../外面.png", "链接.png"])
def test_pictures_outside_the_workbook_folder_are_refused(tmp_path, sample_rows, workbook_from, path):
    outside = tmp_path.parent / "外面.png"
    outside.write_bytes(b"\x89PNG")
    os.symlink(outside, tmp_path / "链接.png")
    sample_rows["党员"][0]["照片"] = path
    _, problems = check(workbook_from(sample_rows))
    warning = next(p for p in problems.warnings if p.column == "照片" and p.row == 2)
    assert "主台账所在文件夹之内" in warning.message


@pytest.mark.parametrize("source", [
    "{% include 'other.docx' %}", "{{ range(10**9)|list }}", "{{ 'a' * 10**12 }}",
    "{{ 2 ** (10**9) }}", "{{ [0] * 10**9 }}", "{{ 1 / 0 }}",
    "{% for i in range(100000) %}{% for j in range(100000) %}x{% endfor %}{% endfor %}",
])
def test_a_template_that_would_exhaust_the_machine_is_refused(source: str):
    template = DocxTemplate("测试.docx", make_template([source]))
    with pytest.raises(TemplateProblem, match=r"模板 测试\.docx：渲染出错"):
        template.render({})


def test_broken_document_xml_is_found_when_the_template_is_prepared():
    import io
    import zipfile

    source = zipfile.ZipFile(io.BytesIO(make_template(["正文"])))
    broken = io.BytesIO()
    with zipfile.ZipFile(broken, "w") as target:
        for info in source.infolist():
            data = source.read(info)
            target.writestr(info, data.replace(b"</w:body>", b"") if info.filename == "word/document.xml"
                            else data)
    with pytest.raises(TemplateProblem, match="文档内容已损坏"):
        DocxTemplate("测试.docx", broken.getvalue())


def test_a_template_that_would_run_for_hours_is_stopped(monkeypatch):
    from zonedocs.render import deadline

    monkeypatch.setattr(deadline, "LIMIT_SECONDS", 1.0)
    source = "{% for a in 'x' * 999999 %}{% for b in 'x' * 999999 %}{% endfor %}{% endfor %}"
    template = DocxTemplate("测试.docx", make_template([source]))
    with pytest.raises(TemplateProblem, match="渲染超过 1 秒"):
        template.render({})
    import time

    time.sleep(0.5)  # a deadline left behind would now interrupt the next render
    after = DocxTemplate("正常.docx", make_template(["{{ name }}"])).render({"name": "韦平"})
    assert "韦平".encode() in __import__("zipfile").ZipFile(__import__("io").BytesIO(after)).read(
        "word/document.xml")


def test_a_template_that_unpacks_to_too_much_is_refused_before_it_is_read(monkeypatch):
    import io
    import zipfile

    from zonedocs.render import engine

    monkeypatch.setattr(engine, "MAX_UNPACKED", 1_000_000)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", b"<w:document/>")
        archive.writestr("word/media/big.png", b"\0" * 2_000_000)  # 2 MB that packs to 2 KB
    with pytest.raises(TemplateProblem, match="解压后超过"):
        DocxTemplate("标志牌.docx", buffer.getvalue())
