"""Load and check a 10,000-member master workbook with four quarters of scores.

Compares zonedocs' reader (python-calamine) with reading the same cells through openpyxl in
read-only mode, in the same run. Usage: uv run python benchmarks/load_check.py [MEMBERS]
"""

from __future__ import annotations

import sys

import openpyxl
from common import best_of, synthetic_workbook

from zonedocs.workbook import check


def openpyxl_cells(path) -> int:
    book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    count = sum(1 for sheet in book.worksheets for row in sheet.iter_rows(values_only=True)
                for _ in row)
    book.close()
    return count


def main() -> None:
    members = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    path = synthetic_workbook(members)
    roster, problems = check(path)
    print(f"workbook: {members} members, {len(roster.zones)} zones, {len(roster.contacts)} contacts,"
          f" {len(roster.pledges)} pledges, {len(roster.scores)} score rows;"
          f" {len(problems.errors)} errors, {len(problems.warnings)} warnings")
    ours = best_of(3, lambda: check(path))
    theirs = best_of(1, lambda: openpyxl_cells(path))
    print(f"zonedocs load + check (calamine): {ours:.2f} s")
    print(f"openpyxl read-only, cells only:    {theirs:.2f} s")
    print(f"ratio: {theirs / ours:.1f}x")


if __name__ == "__main__":
    main()
