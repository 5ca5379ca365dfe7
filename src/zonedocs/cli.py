"""The `zonedocs` command: thin Click wrappers over the library, one exit-code policy.

Exit codes: 0 done, 1 problems in the input, 2 usage or file problems.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path

import click

from . import __version__, console
from .cli_base import WORKBOOK, Group, handles_errors
from .cli_edit import EDIT_COMMANDS
from .cli_serve import serve
from .workspace import OUTPUTS, default_workbook, init_workspace


@click.group(cls=Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="zonedocs", help="显示版本并退出。",
                      message="%(prog)s %(version)s")
def main() -> None:
    """zonedocs：从一本主台账生成党员责任区的全部文书。"""


@main.command()
@WORKBOOK
@click.option("--strict", is_flag=True, help="警告也按错误处理（退出码 1）。")
@click.option("--json", "as_json", is_flag=True, help="以 JSON 输出检查结果。")
@click.option("--annotate", type=click.Path(path_type=Path, dir_okay=False), metavar="副本.xlsx",
              help="另存一份标注副本：问题格子标色并加批注，首页“问题”表可点击跳转。主台账本身不改动。")
@handles_errors
def check(workbook: Path | None, strict: bool, as_json: bool, annotate: Path | None) -> None:
    """检查主台账，列出全部错误和警告。"""
    from .workbook import check as check_workbook

    path = workbook or default_workbook()
    roster, problems = check_workbook(path)
    failed = problems.failed(strict)
    if annotate is not None:
        from .editing.annotate import annotate as write_annotated

        marked = write_annotated(path, problems, annotate)
        message = f"已写出标注副本 {annotate}：{len(problems)} 个问题，标出 {marked} 个格子。"
        click.echo(message, err=as_json)
    if as_json:
        click.echo(json.dumps(problems.as_json(path, strict), ensure_ascii=False, indent=2))
    else:
        click.echo(f"检查 {path}")
        if not problems.errors:
            click.echo(console.roster_summary(roster))
        for line in console.problem_lines(problems, strict):
            click.echo(line)
        click.echo(console.verdict(problems, strict))
    sys.exit(1 if failed else 0)


@main.command()
@click.argument("folder", metavar="文件夹", type=click.Path(path_type=Path, file_okay=False))
@click.option("--sample", is_flag=True, help="放入示例主台账（虚构的公交集团），而不是空白主台账。")
@handles_errors
def init(folder: Path, sample: bool) -> None:
    """新建工作目录：inputs/主台账.xlsx（带表头、下拉选项和说明）与 outputs/。"""
    path = init_workspace(folder, with_sample=sample)
    click.echo(f"已新建主台账：{path}")
    click.echo("请先阅读其中的“说明”表，填好后运行：")
    click.echo(f"  zonedocs check {path}")
    click.echo(f"  zonedocs build {path} -o {folder / OUTPUTS}")


@main.command()
@click.argument("target", metavar="目标.xlsx", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--members", "-n", type=click.IntRange(1, 200_000), default=1000, show_default=True,
              metavar="人数",
              help="党员人数。")
@click.option("--seed", type=int, default=1, show_default=True, help="随机种子；相同种子得到相同台账。")
@click.option("--quarters", type=click.IntRange(0, 4), default=4, show_default=True,
              help="生成几个季度的评分。")
@click.option("--force", is_flag=True, help="目标文件已存在时覆盖。")
@handles_errors
def generate(target: Path, members: int, seed: int, quarters: int, force: bool) -> None:
    """生成一份合成主台账（用于规模测试和演练），内容确定可复现。"""
    from .problems import UsageError
    from .samples.synthetic import synthetic_data
    from .workbook.writer import write_workbook

    if target.exists() and not force:
        raise UsageError(f"{target} 已存在；如确需覆盖，请加 --force。")
    write_workbook(target, synthetic_data(members, seed, quarters))
    click.echo(f"已生成合成主台账：{target}（{members} 名党员，种子 {seed}）")


@main.command()
@WORKBOOK
@click.option("-o", "--out", type=click.Path(path_type=Path, file_okay=False), default=OUTPUTS,
              show_default=True, help="输出文件夹。")
@click.option("--only", metavar="种类", help="只生成这些种类，逗号分隔，如 card,承诺书。")
@click.option("--branch", metavar="支部编号", help="只生成这个支部的文书。")
@click.option("--templates", "templates_dir", type=click.Path(path_type=Path, file_okay=False),
              help="自定义模板文件夹，其中的同名模板覆盖默认模板。")
@click.option("--dry-run", is_flag=True, help="只列出将生成和移除哪些文件及原因，不写入。")
@click.option("--force", is_flag=True, help="全部重新生成（手工修改过的文件仍会改名保留）。")
@click.option("--strict", is_flag=True, help="主台账有警告时也不生成。")
@click.option("--jobs", "-j", type=click.IntRange(0, 64), default=0, metavar="N",
              help="并行进程数；默认 0 表示使用全部CPU核。")
@click.option("--pdf", is_flag=True,
              help="同时用 LibreOffice 生成 PDF（实施意见、档案卷、合订本、台账和考核表）。")
@click.option("--json", "as_json", is_flag=True, help="以 JSON 输出结果摘要。")
@handles_errors
def build(workbook: Path | None, out: Path, only: str | None, branch: str | None,
          templates_dir: Path | None, dry_run: bool, force: bool, strict: bool, jobs: int,
          pdf: bool, as_json: bool) -> None:
    """生成全部文书到输出文件夹；只重写内容有变化的文件。"""
    from . import documents
    from .build import Options
    from .build import build as run_build

    path = workbook or default_workbook()
    kinds = documents.parse_kinds(only)
    options = Options(out=out, only=frozenset(kinds) if kinds is not None else None, branch=branch,
                      force=force, dry_run=dry_run, strict=strict, jobs=jobs, templates=templates_dir,
                      pdf=pdf)
    report = run_build(path, options, progress=None if as_json else _progress_bar)
    if as_json:
        click.echo(json.dumps(report.as_json(), ensure_ascii=False, indent=2))
        sys.exit(report.exit_code)
    click.echo(f"主台账：{path}")
    if report.warnings:
        click.echo(f"主台账有 {len(report.warnings)} 处警告（运行 zonedocs check 查看详情）。")
    for line in console.plan_lines(report) if dry_run else console.build_lines(report):
        click.echo(line)
    for warning in (w for w in report.warnings if "字体" in w):
        click.echo(warning, err=True)
    sys.exit(report.exit_code)


def _progress_bar(total: int) -> Callable[[int], None]:
    if total < 200 or not sys.stderr.isatty():
        return lambda _: None
    bar = click.progressbar(length=total, label="生成中", file=sys.stderr)
    bar.__enter__()
    done = [0]

    def step(n: int) -> None:
        bar.update(n)
        done[0] += n
        if done[0] >= total:
            bar.__exit__(None, None, None)

    return step


@main.group()
def templates() -> None:
    """导出或检查模板（用 Word/WPS 修改模板后，用 --templates 指定文件夹生成）。"""


@templates.command("export")
@click.argument("folder", metavar="文件夹", type=click.Path(path_type=Path, file_okay=False))
@handles_errors
def templates_export(folder: Path) -> None:
    """把默认模板复制到文件夹中，供修改（已有的同名文件不会被覆盖）。"""
    from .templates import default_names, export_defaults

    copied = export_defaults(folder)
    for path in copied:
        click.echo(f"  已复制：{path}")
    skipped = len(default_names()) - len(copied)
    if skipped:
        click.echo(f"  {skipped} 个同名文件已存在，未覆盖。")
    click.echo(f"修改后运行：zonedocs build --templates {folder}")


@templates.command("check")
@click.argument("folder", metavar="文件夹",
                type=click.Path(path_type=Path, file_okay=False, exists=True))
@handles_errors
def templates_check(folder: Path) -> None:
    """检查文件夹中的模板：标签写法和变量名是否正确。"""
    from .template_check import check_folder

    findings = check_folder(folder)
    if not findings:
        click.echo(f"{folder} 中没有 .docx 模板。")
        sys.exit(2)
    for finding in findings:
        mark = "✓" if finding.ok else "✗"
        click.echo(f"{mark} {finding.template}：{finding.message}")
        if not finding.ok and finding.variables:
            click.echo("    这个模板可用的变量：" + "、".join(finding.variables))
    sys.exit(0 if all(f.ok for f in findings) else 1)



@main.command("fonts")
@click.option("--install", "install", is_flag=True,
              help="把开源 Fandol 仿宋/楷/黑/宋字体装到本用户的字体文件夹（不需要管理员权限）。")
@handles_errors
def fonts_command(install: bool) -> None:
    """查看公文字体名在本机对应哪种字体，PDF 会不会用对字形。"""
    import tempfile

    from . import fonts

    if install:
        installed = fonts.install_fandol()
        click.echo(f"已安装 {len(installed)} 个字体文件到 {fonts.user_font_folder()}")
    with tempfile.TemporaryDirectory(prefix="zonedocs-fonts-") as folder:
        resolved = fonts.resolve(fonts.font_config(Path(folder)))
    if resolved is None:
        click.echo("本机没有 fontconfig（Windows 或 macOS）：LibreOffice 直接使用系统自带的中文字体，"
                   "Windows 自带仿宋、楷体、黑体、宋体，PDF 字形正确。")
        return
    click.echo("公文字体名 → 生成 PDF 时实际使用的字体：")
    for r in resolved:
        mark = "✓" if r.fandol else ("○" if r.simplified else "✗")
        click.echo(f"  {mark} {r.name} → {r.family} {r.style}".rstrip())
    if all(r.fandol for r in resolved):
        click.echo("PDF 字形正确，公文字体齐全。")
    elif all(r.simplified for r in resolved):
        click.echo("PDF 字形正确（简体中文），但○标记的字体由思源字体代替。"
                   "运行 zonedocs fonts --install 安装 Fandol 字体。")
    else:
        click.echo("✗ 标记的字体没有简体中文字形，PDF 可能显示错误的字形。请安装 fonts-noto-cjk"
                   "（sudo apt-get install fonts-noto-cjk），再运行 zonedocs fonts --install。")
        sys.exit(1)


@main.command("diff")
@click.argument("old", metavar="旧主台账.xlsx", type=click.Path(path_type=Path, dir_okay=False))
@click.argument("new", metavar="新主台账.xlsx", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--templates", "templates_dir", type=click.Path(path_type=Path, file_okay=False),
              help="自定义模板文件夹（与 build 相同）。")
@click.option("--json", "as_json", is_flag=True, help="以 JSON 输出。")
@handles_errors
def diff_command(old: Path, new: Path, templates_dir: Path | None, as_json: bool) -> None:
    """比较两版主台账：人员和责任区的变化，以及各变化影响哪些文书。"""
    from .diff import diff

    result = diff(old, new, templates_dir)
    if as_json:
        click.echo(json.dumps(result.as_json(), ensure_ascii=False, indent=2))
        return
    if not result.changes and not result.documents:
        click.echo("两版主台账没有影响文书的差别。")
        return
    click.echo(f"变化 {len(result.changes)} 项：")
    for change in result.changes:
        click.echo(f"  • {change.text}")
        for path in change.documents:
            click.echo(f"      {result.documents[path]}：{path}")
    click.echo(f"受影响的文书共 {len(result.documents)} 个：")
    for path, state in sorted(result.documents.items()):
        click.echo(f"  {state}：{path}")


for _command in (*EDIT_COMMANDS, serve):
    main.add_command(_command)


if __name__ == "__main__":
    main()
