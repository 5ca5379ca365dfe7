"""Random hostile workbooks (Hypothesis): whatever a clerk's workbook holds, `check` and `build`
end with exit 0, 1 or 2 and a Chinese message, never a traceback, and what they write is valid
against the Office schemas."""

from __future__ import annotations

import copy
import re
import tempfile
from pathlib import Path

from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.ooxml.validate import errors
from zonedocs.cli import main
from zonedocs.samples.company import sample_data, write_sample
from zonedocs.workbook.writer import write_workbook

SAMPLE = sample_data()
PIECES = [*"张伟M1-、，;\n\t {}%<>&\"'#/\\:*?|.", "_x000B_", "\u202e", "\u200b", "\U00020000",
          "#DIV/0!", "{{ x }}", "{% if %}", "=1+1"]
HOSTILE_TEXT = st.lists(st.sampled_from(PIECES), max_size=12).map("".join)
VALUES = st.one_of(HOSTILE_TEXT, st.none(), st.integers(-10**12, 10**12),
                   st.floats(allow_nan=False, allow_infinity=False), st.booleans(),
                   st.dates().map(str), st.just(""))
EDIT = st.tuples(st.sampled_from(sorted(k for k, v in SAMPLE.items() if v)), st.integers(0, 200),
                 st.text(min_size=0, max_size=1), VALUES)
CHINESE = re.compile("[\u4e00-\u9fff]")


def _edited(edits: list[tuple[str, int, str, object]]) -> dict:
    rows = copy.deepcopy(SAMPLE)
    for sheet, index, _, value in edits:
        table = rows[sheet]
        row = table[index % len(table)]
        column = sorted(row)[index % len(row)]
        row[column] = value
    return rows


@settings(max_examples=40, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(st.lists(EDIT, min_size=1, max_size=6))
def test_a_hostile_workbook_ends_in_a_message_never_a_traceback(edits):
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        write_sample(root / "inputs")  # the photo
        workbook = root / "inputs" / "主台账.xlsx"
        try:
            write_workbook(workbook, _edited(edits))
        except ValueError:  # openpyxl refuses to write the value at all: not a workbook a user has
            return
        runner = CliRunner()
        for command in (["check", str(workbook)],
                        ["build", str(workbook), "-o", str(root / "out"), "-j", "1",
                         "--only", "card,sign,ledger,quarterly,opinion,summary"]):
            result = runner.invoke(main, command)
            assert result.exit_code in (0, 1, 2), (command, result.output)
            assert "Traceback" not in result.output and "内部错误" not in result.output, result.output
            assert result.exit_code == 0 or CHINESE.search(result.output), result.output
        if result.exit_code == 0:
            for output in (root / "out").rglob("*.[dx][ol][cs]x"):
                assert not errors(output), (output, errors(output)[:3])
