"""Turning one spreadsheet cell into a typed value, or a message saying what was expected.

Cells arrive from the reader as str, int, float, bool, date or datetime (or None). Each
converter returns the typed value or raises CellError with the Chinese text of what is wrong.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation

BLANKS = " \t\r\n\u3000\u00a0"
LIST_SEPARATORS = re.compile(r"[、，,;；\n]+")
_DATE_FORMS = (
    re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$"),
    re.compile(r"^(\d{4})/(\d{1,2})/(\d{1,2})$"),
    re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日$"),
)
_CN_QUARTERS = {"一": 1, "二": 2, "三": 3, "四": 4}
_QUARTER = re.compile(r"^(?:第)?([1-4一二三四])(?:季度|季)?$|^[Qq]([1-4])$")
MOBILE = re.compile(r"^1\d{10}$")
PHONE = re.compile(r"^[0-9０-９+（）()\-－ 转]{7,30}$")


# Control characters XML cannot hold (a vertical tab or form feed pasted from Word); tab and new
# line are allowed where text is.
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# Characters that change how text shows without showing: direction marks, zero-width spaces.
INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")


def shown(text: str) -> str:
    """Text with its control and invisible characters made visible as □."""
    return INVISIBLE.sub("□", CONTROL.sub("□", text))


class CellError(ValueError):
    """The cell's value is not of the expected kind; the message says what is expected."""


def text(value: object) -> str:
    """Any cell as trimmed text; whole numbers typed in Excel lose their `.0`."""
    if type(value) is str:
        return value.strip(BLANKS)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float):
        if value.is_integer():
            return str(int(value))
        return repr(value)
    if isinstance(value, dt.datetime):
        if value.time() == dt.time():
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dt.time):  # a date cell holding 0 or a negative number reads as midnight
        return "0" if value == dt.time() else value.isoformat(timespec="minutes")
    return str(value).strip(BLANKS)


def date(value: object) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    shown = text(value)
    for form in _DATE_FORMS:
        match = form.match(shown)
        if match:
            year, month, day = (int(g) for g in match.groups())
            try:
                return dt.date(year, month, day)
            except ValueError:
                break
    raise CellError("不是有效日期，应写成 2026-03-05、2026/3/5 或 2026年3月5日")


def integer(value: object, low: int | None = None, high: int | None = None) -> int:
    number = _number(value, "不是整数")
    if number != number.to_integral_value():
        raise CellError("不是整数")
    result = int(number)
    if (low is not None and result < low) or (high is not None and result > high):
        raise CellError(_range_text(low, high, "整数"))
    return result


def decimal(value: object, low: int | None = None, high: int | None = None) -> Decimal:
    number = _number(value, "不是数字")
    if number.is_zero():
        number = abs(number)  # −0 is 0
    if (low is not None and number < low) or (high is not None and number > high):
        raise CellError(_range_text(low, high, "数"))
    return number


def quarter(value: object) -> int:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if float(value).is_integer() and 1 <= int(value) <= 4:
            return int(value)
        raise CellError("不是季度，应填 1–4、一季度、第一季度 或 Q1")
    match = _QUARTER.match(text(value))
    if not match:
        raise CellError("不是季度，应填 1–4、一季度、第一季度 或 Q1")
    digit = match.group(1) or match.group(2)
    return _CN_QUARTERS.get(digit) or int(digit)


def items(value: object) -> list[str]:
    """A list typed in one cell, separated by 、，,;； or new lines."""
    return [part.strip(BLANKS) for part in LIST_SEPARATORS.split(text(value)) if part.strip(BLANKS)]


def mobile(value: object) -> str:
    shown = re.sub(r"[\s\-]", "", text(value))
    if not MOBILE.match(shown):
        raise CellError("不是11位手机号（应以1开头，共11位数字）")
    return shown


def phone(value: object) -> str:
    shown = text(value)
    if not PHONE.match(shown):
        raise CellError("不是电话号码（应为7位以上数字，可含区号和“-”）")
    return shown


def choice(value: object, options: tuple[str, ...]) -> str:
    shown = text(value)
    if shown not in options:
        raise CellError("不在可选值中，应为：" + "、".join(options))
    return shown


# Scores repeat (a sheet of 40,000 holds a few thousand values): each float is read once.
_FLOATS: dict[float, Decimal] = {}
_FLOATS_KEPT = 100_000


def _number(value: object, message: str) -> Decimal:
    if isinstance(value, bool):
        raise CellError(message)
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        known = _FLOATS.get(value)
        if known is not None:
            return known
        if value != value or value in (float("inf"), float("-inf")):
            raise CellError(message)
        # repr gives the shortest text that reads back as the same float: 89.95 stays 89.95
        number = Decimal(repr(value))
        if len(_FLOATS) < _FLOATS_KEPT and value:  # not 0.0, which −0.0 would find
            _FLOATS[value] = number
        return number
    shown = text(value).replace("，", ".").replace("．", ".")
    try:
        number = Decimal(shown)
    except InvalidOperation:
        raise CellError(message) from None
    if not number.is_finite():
        raise CellError(message)
    return number


def _range_text(low: int | None, high: int | None, noun: str) -> str:
    if low is not None and high is not None:
        return f"超出范围，应为 {low}–{high} 之间的{noun}"
    if low is not None:
        return f"超出范围，应为不小于 {low} 的{noun}"
    return f"超出范围，应为不大于 {high} 的{noun}"
