"""The commands that change workbooks: import, split, merge, new-year (editing/ does the work)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from . import console
from .cli_base import WORKBOOK, Command, handles_errors
from .workbook import sheets as S
from .workspace import default_workbook


@click.command("import", cls=Command)
@click.argument("export", metavar="导出文件.xlsx", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--into", "workbook", type=click.Path(path_type=Path, dir_okay=False),
              metavar="主台账.xlsx", help="导入到这本主台账；默认 inputs/主台账.xlsx。")
@click.option("--map", "mapping", multiple=True, metavar="列名=字段",
              help="导出文件的列名与字段不同时指明，如 --map 联系手机=手机；可多次使用。")
@click.option("--dry-run", is_flag=True, help="只列出将新增和修改什么，不改动主台账。")
@click.option("--json", "as_json", is_flag=True, help="以 JSON 输出结果。")
@handles_errors
def import_command(export: Path, workbook: Path | None, mapping: tuple[str, ...], dry_run: bool,
                   as_json: bool) -> None:
    """从全国党员管理信息系统（或智慧党建平台）导出的党员名单导入“党员”表。

    按姓名加手机或入党日期对应已有党员，只更新有变化的项；新党员编上下一个编号。

    导出文件中没有的党员只列出，不删除。身份证号、民族、学历、出生日期等个人信息不会进入主台账。"""
    from .editing.exports import parse_mapping
    from .editing.importing import import_members

    path = workbook or default_workbook()
    report = import_members(export, path, parse_mapping(mapping), dry_run=dry_run)
    if as_json:
        click.echo(json.dumps(report.as_json(), ensure_ascii=False, indent=2))
        sys.exit(report.exit_code)
    click.echo(f"导入 {export.name}（工作表「{report.sheet}」，表头在第{report.header_row}行）→ {path}")
    if report.added:
        click.echo(f"新增党员 {len(report.added)} 名：")
        for member_id, name, branch in report.added:
            click.echo(f"  {member_id} {name}（{branch}）")
    if report.changed:
        click.echo(f"信息有变化 {len(report.changed)} 项：")
        for c in report.changed:
            click.echo(f"  {c.member_id} {c.name} {c.column}：{c.old or '（空）'} → {c.new}")
    if report.absent:
        click.echo(f"导出文件中没有的在册党员 {len(report.absent)} 名"
                   "（没有删除；如已转出，请把状态改为 转出）：")
        for member_id, name, branch in report.absent:
            click.echo(f"  {member_id} {name}（{branch}）")
    if report.notes:
        click.echo(f"请核对 {len(report.notes)} 处：")
        for note in report.notes:
            click.echo(f"  第{note.row}行 {note.name}：{note.reason}")
    if report.left_out:
        click.echo(f"未导入的行 {len(report.left_out)} 行（其余行已导入）：", err=True)
        for skipped in report.left_out:
            who = f" {skipped.name}" if skipped.name else ""
            click.echo(f"  第{skipped.row}行{who}：{skipped.reason}",
                       err=True)
    if not (report.added or report.changed):
        click.echo("主台账已是最新，没有需要改动的内容。")
    elif dry_run:
        click.echo("（试运行：主台账没有改动。去掉 --dry-run 即可导入。）")
    else:
        click.echo(f"已更新主台账；原来的版本保存为 {report.backup.name if report.backup else ''}。")
    sys.exit(report.exit_code)


@click.command("split", cls=Command)
@WORKBOOK
@click.option("-o", "--out", "folder", required=True, type=click.Path(path_type=Path, file_okay=False),
              metavar="文件夹", help="支部工作簿放在这个文件夹（不会覆盖已有的文件）。")
@handles_errors
def split_command(workbook: Path | None, folder: Path) -> None:
    """把主台账拆成每个支部一本工作簿，发给各支部填写，之后用 merge 收回。

    每本只含本支部的班组、党员、责任区、联系人、承诺和评分；单位、领导小组、任务、考核设置
    作为参考（已保护，合并时不收回）。"""
    from .editing.split import split

    path = workbook or default_workbook()
    for made in split(path, folder):
        counts = "，".join(f"{sheet} {n} 行" for sheet, n in made.rows.items() if n)
        click.echo(f"  {made.path}（{counts}）")
    click.echo("请把各支部的工作簿发给支部书记填写；收回后运行：")
    click.echo(f"  zonedocs merge {path} {folder}")
    click.echo("（照片不随工作簿拆分，照片路径仍以主台账所在文件夹为准。）")


@click.command("merge", cls=Command)
@click.argument("workbook", metavar="主台账.xlsx", type=click.Path(path_type=Path, dir_okay=False))
@click.argument("files", metavar="支部工作簿.xlsx或文件夹...", nargs=-1, required=True,
                type=click.Path(path_type=Path))
@click.option("--dry-run", is_flag=True, help="只列出将合并哪些修改，不改动主台账。")
@click.option("--json", "as_json", is_flag=True, help="以 JSON 输出结果。")
@handles_errors
def merge_command(workbook: Path, files: tuple[Path, ...], dry_run: bool, as_json: bool) -> None:
    """把各支部填写后的工作簿（由 split 拆出）合并回主台账。

    只收回每个支部自己的行；含其他支部的行或改了编号的文件整本拒收；主台账和支部都改过的格子
    算冲突，保留主台账的值。原主台账保存为带日期的备份。"""
    from .editing.merge import branch_files, merge

    report = merge(workbook, branch_files(files), dry_run=dry_run)
    if as_json:
        click.echo(json.dumps(report.as_json(), ensure_ascii=False, indent=2))
        sys.exit(report.exit_code)
    click.echo(f"合并到 {workbook}：")
    for result in report.files:
        for line in console.merge_lines(result):
            click.echo(line)
    if report.written:
        backup = report.backup.name if report.backup else ""
        click.echo(f"已更新主台账；原来的版本保存为 {backup}。请运行 zonedocs check 检查合并后的主台账。")
    elif dry_run and any(r.edits for r in report.files):
        click.echo("（试运行：主台账没有改动。去掉 --dry-run 即可合并。）")
    else:
        click.echo("没有需要合并的修改，主台账没有改动。")
    sys.exit(report.exit_code)


@click.command("new-year", cls=Command)
@click.argument("workbook", metavar="主台账.xlsx", type=click.Path(path_type=Path, dir_okay=False))
@click.argument("year", metavar="年度", type=click.IntRange(2000, 2100))
@click.option("-o", "--out", "target", required=True, type=click.Path(path_type=Path, dir_okay=False),
              metavar="新主台账.xlsx", help="新年度主台账的文件名（不能是已有的文件）。")
@handles_errors
def new_year_command(workbook: Path, year: int, target: Path) -> None:
    """由本年度主台账生成下一年度的主台账。

    年度和发文字号的年份改为新年度；成文日期、印发日期、季度评分和承诺清空；转出的党员及其联系人、
    分工和所负责的责任区删除；其余责任区、联系人和分工保留。各党员上年度的评定结果放在“上年度评定”
    表中供参考。原主台账不改动。"""
    from .editing.newyear import new_year

    report = new_year(workbook, year, target)
    click.echo(f"已生成 {year} 年度主台账：{target}（由 {report.old_year} 年度的 {workbook.name} 生成）")
    kept = "，".join(f"{sheet} {n} 行" for sheet, n in report.kept.items())
    click.echo(f"  保留：{kept}")
    click.echo("  已清空：成文日期、印发日期、季度评分、承诺（请各党员填写新年度承诺）")
    if report.dropped_members:
        names = "、".join(f"{i} {n}" for i, n in report.dropped_members)
        click.echo(f"  已删除转出党员 {len(report.dropped_members)} 名：{names}（连同其联系人和分工）")
    if report.dropped_zones:
        names = "、".join(f"{i} {n}" for i, n in report.dropped_zones)
        click.echo(f"  已删除由转出党员负责的责任区 {len(report.dropped_zones)} 个：{names}，请重新划分")
    for branch in report.cleared_secretaries:
        click.echo(f"  支部 {branch} 的支部书记已转出，“支部书记”已清空，请重新填写")
    click.echo(f"  上年度评定结果见“{S.PREVIOUS_YEAR_SHEET}”表。")
    click.echo(f"下一步：填写成文日期后运行 zonedocs check {target}")


EDIT_COMMANDS: tuple[click.Command, ...] = (import_command, split_command, merge_command,
                                            new_year_command)
