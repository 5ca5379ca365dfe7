"""How problems are shown to a person on the terminal."""

from __future__ import annotations

from .model import Roster
from .problems import Problems


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
