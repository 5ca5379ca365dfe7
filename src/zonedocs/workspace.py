"""Where things are by default: the sample workbook, the output folder, a new workspace."""

from __future__ import annotations

from pathlib import Path

from .problems import UsageError

INPUTS = Path("inputs")
OUTPUTS = Path("outputs")
WORKBOOK_NAME = "主台账.xlsx"


def default_workbook(folder: Path = INPUTS) -> Path:
    """The master workbook in `inputs/`: 主台账.xlsx, or the only .xlsx there."""
    if (folder / WORKBOOK_NAME).is_file():
        return folder / WORKBOOK_NAME
    found = sorted(p for p in folder.glob("*.xlsx") if not p.name.startswith("~$"))
    if len(found) == 1:
        return found[0]
    if not found:
        raise UsageError(f"没有指定主台账，且 {folder}/ 文件夹中没有 .xlsx 文件。"
                         "请写明文件路径，例如：zonedocs check 我的主台账.xlsx")
    names = "、".join(p.name for p in found)
    raise UsageError(f"{folder}/ 中有多个工作簿（{names}），请写明要用哪一个。")


def init_workspace(folder: Path, with_sample: bool = False) -> Path:
    """A new workspace: inputs/ with a blank (or sample) master workbook, and outputs/."""
    inputs = folder / "inputs"
    target = inputs / WORKBOOK_NAME
    if target.exists():
        raise UsageError(f"{target} 已存在，为免覆盖您的数据，没有做任何改动。")
    from .samples.company import write_sample  # openpyxl: only for the commands that write
    from .workbook.writer import write_workbook

    inputs.mkdir(parents=True, exist_ok=True)
    (folder / "outputs").mkdir(exist_ok=True)
    if with_sample:
        return write_sample(inputs)
    write_workbook(target)
    return target
