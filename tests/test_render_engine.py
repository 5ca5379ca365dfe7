"""The template engine: tags Word splits, escaping, strictness, images, determinism."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import docx
import pytest

from zonedocs.render import DocxTemplate, Image, Properties, TemplateProblem

HOSTILE = [
    "A & B < C > D \" E ' F",
    "{{ company.name }} and {% if x %}",
    "{_{ as docxtpl escapes braces }_} {_% and %_}",
    "<w:t>not xml</w:t>]]><!-- -->",
    "bell\x07 and null\x00 and form feed\x0c gone",
    "长范围" * 700,  # 2,100 characters
]


def make_template(*paragraphs: list[str]) -> bytes:
    """A .docx whose paragraphs are made of the given runs (so tags can be split)."""
    document = docx.Document()
    for runs in paragraphs:
        p = document.add_paragraph()
        for text in runs:
            p.add_run(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def texts(data: bytes) -> list[str]:
    return [p.text for p in docx.Document(io.BytesIO(data)).paragraphs]


def test_tags_split_across_runs_are_joined():
    template = DocxTemplate("t.docx", make_template(["前{{ na", "me }}后"], ["{{ ", "a.b", " }}"]))
    assert texts(template.render({"name": "张伟", "a": {"b": "乙"}})) == ["前张伟后", "乙"]


@pytest.mark.parametrize("value", HOSTILE)
def test_hostile_values_come_out_literally_and_nothing_after_is_lost(value):
    template = DocxTemplate("t.docx", make_template(["[{{ v }}]尾巴"], ["下一段"]))
    out = texts(template.render({"v": value}))
    expected = "".join(c for c in value if c not in "\x07\x00\x0c")
    assert out == [f"[{expected}]尾巴", "下一段"]


def test_newlines_become_line_breaks():
    template = DocxTemplate("t.docx", make_template(["{{ v }}"]))
    data = template.render({"v": "第一行\n第二行"})
    xml = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml").decode()
    assert "<w:br/>" in xml
    assert texts(data) == ["第一行\n第二行"]


def test_paragraph_and_row_loops():
    document = docx.Document()
    document.add_paragraph("{%p for x in items %}")
    document.add_paragraph("项：{{ x }}")
    document.add_paragraph("{%p endfor %}")
    table = document.add_table(rows=3, cols=2)
    table.cell(0, 0).text = "{%tr for r in rows %}"
    table.cell(1, 0).text = "{{ r.a }}"
    table.cell(1, 1).text = "{{ r.b }}"
    table.cell(2, 0).text = "{%tr endfor %}"
    buffer = io.BytesIO()
    document.save(buffer)
    data = DocxTemplate("t.docx", buffer.getvalue()).render(
        {"items": ["一", "二"], "rows": [{"a": 1, "b": 2}, {"a": 3, "b": "<4>"}]})
    result = docx.Document(io.BytesIO(data))
    assert [p.text for p in result.paragraphs] == ["项：一", "项：二"]
    assert [[c.text for c in row.cells] for row in result.tables[0].rows] == [["1", "2"],
                                                                              ["3", "<4>"]]


@pytest.mark.parametrize("own", ["", "{# 批注 #}", "{% raw %}{{ 原样 }}{% endraw %}"])
def test_paragraphs_come_out_joined_and_an_error_names_its_paragraph(own):
    """A prepared part has each paragraph on a line of its own, for error messages; what is
    rendered has no line break between paragraphs — also when the template has comments or
    raw blocks of its own (then the breaks are taken out of the output)."""
    template = DocxTemplate("t.docx", make_template([own + "甲{{ a }}"], ["{%p for x in xs %}"],
                                                    ["项{{ x }}"], ["{%p endfor %}"], ["乙"]))
    data = template.render({"a": "1", "xs": ["一", "二"]})
    xml = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml").decode()
    assert "\n<w:p" not in xml and "{#" not in xml
    first = "{{ 原样 }}甲1" if "raw" in own else "甲1"
    assert texts(data) == [first, "项一", "项二", "乙"]
    broken = DocxTemplate("t.docx", make_template([own + "开头"], ["中间"], ["末段{{ missing }}"]))
    with pytest.raises(TemplateProblem) as caught:
        broken.render({})
    assert "末段" in str(caught.value) and "开头" not in str(caught.value)
    raw = DocxTemplate("t.docx", make_template([own + "{% raw %}甲{{ a }}"], ["乙{% endraw %}"]))
    data = raw.render({})
    xml = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml").decode()
    assert "\n<w:p" not in xml and "{#" not in xml
    assert texts(data) == [("{{ 原样 }}" if "raw" in own else "") + "甲{{ a }}", "乙"]


def test_a_printed_value_is_escaped_once_and_not_again():
    """The environment's finalize (xml_text) escapes every printed value and returns Markup,
    so the code Jinja generates prints it without escaping it again (render/environment.py
    `_Generator`); macros, blocks and `{% autoescape %}` print as Jinja always did."""
    from zonedocs.render.environment import make_environment

    env = make_environment()
    source = ('{% macro m(x) %}<{{ x }}>{% endmacro %}{% set b %}[{{ v }}]{% endset %}'
              '{{ v }}|{{ m(v) }}|{{ b }}|{{ v ~ "&" }}|{{ [v, v]|join("、") }}|'
              '{% autoescape false %}{{ v }}{% endautoescape %}')
    assert "escape(environment.finalize(" not in env.compile(source, raw=True)
    assert env.from_string(source).render(v="A&<B>") == (
        "A&amp;&lt;B&gt;|<A&amp;&lt;B&gt;>|[A&amp;&lt;B&gt;]|A&amp;&lt;B&gt;&amp;|"
        "A&amp;&lt;B&gt;、A&amp;&lt;B&gt;|A&amp;&lt;B&gt;")


def test_unknown_variable_names_template_and_variable():
    template = DocxTemplate("公示卡.docx", make_template(["姓名：{{ member.nmae }}"]))
    with pytest.raises(TemplateProblem) as caught:
        template.render({"member": {"name": "张伟"}})
    message = str(caught.value)
    assert "公示卡.docx" in message and "nmae" in message and "姓名" in message


def test_broken_tag_names_template_and_text_around():
    with pytest.raises(TemplateProblem) as caught:
        DocxTemplate("承诺书.docx", make_template(["开头"], ["{% for x in %}坏标签"]))
    assert "承诺书.docx" in str(caught.value) and "坏标签" in str(caught.value)


def test_not_a_docx():
    with pytest.raises(TemplateProblem):
        DocxTemplate("x.docx", b"not a zip")


def test_sandbox_blocks_unsafe_attribute_access():
    template = DocxTemplate("t.docx", make_template(["{{ v.__class__.__mro__ }}"]))
    with pytest.raises(TemplateProblem):
        template.render({"v": "x"})


def test_image_is_embedded_and_output_is_deterministic(tmp_path: Path):
    from zonedocs.samples.company import _portrait_png

    picture = tmp_path / "p.png"
    picture.write_bytes(_portrait_png())
    template = DocxTemplate("t.docx", make_template(["照片：{{ photo }}"]))
    context = {"photo": Image.of(picture, 20)}
    first = template.render(context, Properties("题", "作者", 2026))
    second = template.render(context, Properties("题", "作者", 2026))
    assert first == second
    document = docx.Document(io.BytesIO(first))
    assert len(document.inline_shapes) == 1
    assert abs(document.inline_shapes[0].width.mm - 20) < 0.1
    assert document.core_properties.created.year == 2026
    names = zipfile.ZipFile(io.BytesIO(first)).namelist()
    assert any(n.startswith("word/media/") for n in names)
    assert zipfile.ZipFile(io.BytesIO(first)).testzip() is None


def test_package_reader_reads_stored_and_deflated_entries_and_refuses_damage():
    from zonedocs.render.zipreader import BadPackage, Package

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<w:document>正文</w:document>" * 50,
                         compress_type=zipfile.ZIP_DEFLATED)
        archive.writestr("图片/说明.txt", b"stored", compress_type=zipfile.ZIP_STORED)
    data = buffer.getvalue()
    package = Package(data)
    assert package.names() == ["word/document.xml", "图片/说明.txt"]
    assert package.read("word/document.xml").decode() == "<w:document>正文</w:document>" * 50
    assert package.read("图片/说明.txt") == b"stored"
    assert package.crc("图片/说明.txt") == (zipfile.ZipFile(buffer).getinfo("图片/说明.txt").CRC, 6)
    damaged = data.replace(b"stored", b"STORED")
    with pytest.raises(BadPackage):
        Package(damaged).read("图片/说明.txt")
    with pytest.raises(BadPackage):
        Package(b"not a zip at all")


def test_parts_are_deflated_by_their_size_and_read_back_exactly():
    """A card's body deflates quickly (level 3), a 100-row table's hard (6), a volume's body
    quickly again (1): zipwriter.level_for. Each reads back as written."""
    import zlib

    from zonedocs.render.zipreader import Package
    from zonedocs.render.zipwriter import deflate, write_zip

    row = "<w:tr><w:tc><w:p><w:r><w:t>第{0}行 党员{0}</w:t></w:r></w:p></w:tc></w:tr>"
    sizes = {3: 400, 6: 4_000, 1: 40_000}  # rows: a card's worth, a table's, a volume's
    entries = []
    for level, rows in sizes.items():
        payload = "".join(row.format(i) for i in range(rows)).encode()
        entry = deflate(f"part{level}.xml", payload)
        packer = zlib.compressobj(level, zlib.DEFLATED, -15)
        assert entry.data == packer.compress(payload) + packer.flush(), level
        entries.append((entry, payload))
    package = Package(write_zip([e for e, _ in entries], 2026))
    assert [package.read(e.name.decode()) for e, _ in entries] == [p for _, p in entries]


def _with_crlf(data: bytes) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as target:
        for info in source.infolist():
            payload = source.read(info)
            if info.filename == "word/document.xml":
                payload = payload.replace(b"?>", b"?>\r\n", 1).replace(b"</w:body>", b"\r\n</w:body>")
            target.writestr(info, payload)
    return buffer.getvalue()


def test_a_prepared_part_is_remembered_read_back_and_prepared_again_when_it_does_not_compile(
        tmp_path: Path, monkeypatch):
    """Prepared parts are kept under the part's bytes and the rendering code; what is read
    back renders as freshly prepared text does, and a remembered text that does not compile
    (damaged, planted) is prepared again and replaced."""
    from zonedocs.build.outputdir import write_atomic
    from zonedocs.render import engine
    from zonedocs.render.prepared import PreparedParts

    data = make_template(["前{{ na", "me }}后"], ["{%p if shown %}"], ["{{ name }}"], ["{%p endif %}"])
    data = _with_crlf(data)  # as Word writes its parts: a CR LF after the declaration
    folder = tmp_path / "prepared"
    fresh = DocxTemplate("t.docx", data).render({"name": "张伟", "shown": True})
    first = DocxTemplate("t.docx", data, PreparedParts(folder, "code 1", write_atomic))
    assert first.render({"name": "张伟", "shown": True}) == fresh
    [kept] = list(folder.iterdir())
    prepared: list[bytes] = []
    prepare = engine.prepare
    monkeypatch.setattr(engine, "prepare", lambda payload: prepared.append(payload) or
                        prepare(payload))
    again = DocxTemplate("t.docx", data, PreparedParts(folder, "code 1", write_atomic))
    assert again.render({"name": "张伟", "shown": True}) == fresh and prepared == []
    DocxTemplate("t.docx", data, PreparedParts(folder, "code 2", write_atomic))  # another code
    assert len(prepared) == 1 and len(list(folder.iterdir())) == 2
    kept.write_text("{% if %}", encoding="utf-8")  # damaged
    third = DocxTemplate("t.docx", data, PreparedParts(folder, "code 1", write_atomic))
    assert third.render({"name": "张伟", "shown": True}) == fresh and len(prepared) == 2
    assert "{% if %}" not in kept.read_text(encoding="utf-8")

    def refused(path: Path, data: bytes) -> None:
        raise PermissionError(13, "Permission denied", str(path))

    # a folder that cannot be written: the part is prepared each time, and nothing fails
    unwritable = DocxTemplate("t.docx", data, PreparedParts(folder, "code 3", refused))
    assert unwritable.render({"name": "张伟", "shown": True}) == fresh and len(prepared) == 3
    monkeypatch.setattr("zonedocs.render.prepared.KEPT", 2)  # a full folder starts afresh
    DocxTemplate("t.docx", data, PreparedParts(folder, "code 4", write_atomic))
    assert len(list(folder.iterdir())) == 1


def test_a_rebuild_that_prepares_nothing_imports_neither_docxtpl_nor_python_docx(tmp_path: Path,
                                                                               sample_rows):
    """docxtpl and python-docx cost a rebuild 0.04 s to import: they are imported only to
    prepare a template part, to read a picture's header, or for a template with {%tc %}."""
    import subprocess
    import sys

    from zonedocs.workbook.writer import write_workbook

    workbook, out = tmp_path / "主台账.xlsx", tmp_path / "out"
    rows = sample_rows
    for member in rows["党员"]:
        member.pop("照片", None)
        member.pop("签名", None)
    write_workbook(workbook, rows)
    probe = ("import sys\nfrom pathlib import Path\nfrom zonedocs.build import Options, build\n"
             f"build(Path({str(workbook)!r}), Options(out=Path({str(out)!r}), jobs=1))\n"
             "print(sorted(m for m in ('docx', 'docxtpl') if m in sys.modules))\n")
    first = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert first.stdout.strip() == "['docx', 'docxtpl']"
    rows["党员"][0]["手机"] = "13900001111"
    write_workbook(workbook, rows)
    again = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert again.stdout.strip() == "[]"
