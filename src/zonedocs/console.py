"""How problems and build results are shown to a person on the terminal."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .model import Roster
from .problems import Problems

if TYPE_CHECKING:
    from .build.report import Report
    from .editing.merge import FileResult


def roster_summary(roster: Roster) -> str:
    active = len(roster.active_members())
    return (f"{roster.company.name or '（未填单位名称）'} {roster.company.year or ''}年度："
            f"{len(roster.branches)} 个支部，{len(roster.teams)} 个班组，{active} 名在册党员，"
            f"{len(roster.zones)} 个责任区")


def problem_lines(problems: Problems, strict: bool = False) -> list[str]:
    lines = []
    errors, warnings = problems.errors, problems.warnings
    if errors:
        lines.append(f"错误 {len(errors)} 处（必须改正）：")
        lines += [f"  ✗ {p}" for p in errors]
    if warnings:
        label = "警告（--strict 下按错误处理）" if strict else "警告（仍可生成，建议处理）"
        lines.append(f"{label} {len(warnings)} 处：")
        lines += [f"  ! {p}" for p in warnings]
    return lines


def verdict(problems: Problems, strict: bool = False) -> str:
    errors, warnings = len(problems.errors), len(problems.warnings)
    if errors:
        return f"有 {errors} 处错误，请在主台账中改正后再运行。"
    if strict and warnings:
        return f"有 {warnings} 处警告，--strict 模式下不能通过。"
    if warnings:
        return f"检查通过，另有 {warnings} 处警告。"
    return "检查通过，没有发现问题。"


def build_lines(report: Report) -> list[str]:
    """The human summary of a build (zonedocs.build.Report)."""
    lines = []
    for path, moved in report.edited_moved:
        lines.append(f"  注意：{path} 被手工修改过，原文件已改名保留为 {moved}，并重新生成了新文件。")
    for path in report.edited_kept:
        lines.append(f"  注意：{path} 被手工修改过，内容来源未变，保留您的修改，没有覆盖。")
    for path, moved in report.removed:
        lines.append(f"  移除：{path}（不再需要，已移到 {moved}）")
    for path, message in report.blocked:
        lines.append(f"  未能写入：{path}——{message}")
    counts = (f"写入 {len(report.written)} 个，未变 {len(report.unchanged)} 个，"
              f"移除 {len(report.removed)} 个，保留手工修改 {len(report.edited_kept)} 个")
    if report.adopted:
        counts += f"，补记 {len(report.adopted)} 个"
    if report.pdf_written or report.pdf_unchanged or report.pdf_failed:
        counts += (f"；PDF 生成 {len(report.pdf_written)} 个，未变 {len(report.pdf_unchanged)} 个"
                   + (f"，失败 {len(report.pdf_failed)} 个" if report.pdf_failed else ""))
    for path in report.pdf_failed:
        lines.append(f"  PDF 转换失败：{path}（请用 Word/WPS 打开对应的 .docx 检查）")
    if report.blocked:
        counts += f"，未能写入 {len(report.blocked)} 个（处理后再运行一次即可补上）"
    lines.append(f"完成：{counts}。输出文件夹：{report.out}")
    if report.pdf_problem:
        lines.append(report.pdf_problem)
    return lines


def plan_lines(report: Report) -> list[str]:
    lines = [f"  将生成：{path}（{reason}）" for path, reason in report.planned]
    lines += [f"  将移除：{path}（移到回收站）" for path, _ in report.removed]
    lines += [f"  保留手工修改：{path}" for path in report.edited_kept]
    lines.append(f"预演：将生成 {len(report.planned)} 个，未变 {len(report.unchanged)} 个，"
                 f"将移除 {len(report.removed)} 个。未写入任何文件。")
    return lines


def merge_lines(result: FileResult) -> list[str]:
    """What merging one branch workbook did, refused or conflicting lines marked ✗."""
    head = f"  {result.path.name}" + (f"（支部 {result.branch}）" if result.branch else "")
    if result.refused:
        lines = [f"{head}：整本拒收，没有合并其中任何内容："]
        for r in result.refused:
            where = " ".join(x for x in (r.sheet, f"第{r.row}行" if r.row else "") if x)
            lines.append(f"    ✗ {where}：{r.message}" if where else f"    ✗ {r.message}")
        return lines
    counts = {action: sum(1 for e in result.edits if e.action == action)
              for action in ("修改", "新增", "删除")}
    summary = "，".join(f"{action} {n} 处" for action, n in counts.items() if n) or "没有修改"
    lines = [f"{head}：{summary}"]
    for e in result.edits:
        if e.action == "修改":
            old, new = e.old or "（空）", e.new or "（空）"
            lines.append(f"    {e.sheet} {e.subject}「{e.column}」：{old} → {new}")
        else:
            detail = e.new or e.old
            lines.append(f"    {e.sheet} {e.subject} {e.action}" + (f"：{detail}" if detail else ""))
    if result.conflicts:
        lines.append(f"    冲突 {len(result.conflicts)} 处（主台账和支部都改了，保留主台账的值）：")
        for c in result.conflicts:
            column = f"「{c.column}」" if c.column else ""
            lines.append(f"    ✗ {c.sheet} {c.subject}{column}：主台账 {c.master or '（空）'}，"
                         f"支部 {c.branch or '（空）'}")
    return lines
