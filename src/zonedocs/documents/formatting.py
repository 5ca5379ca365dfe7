"""How values read in Chinese documents: dates, numbers, lists."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

CN_NUMBERS = "零一二三四五六七八九十"
BLANK_DATE = "　　年　　月　　日"


def cn_date(value: dt.date | None) -> str:
    """2026年3月5日 — Arabic numerals, no padding (GB/T 9704)."""
    return f"{value.year}年{value.month}月{value.day}日" if value else BLANK_DATE


def da_date(value: dt.date | None) -> str:
    """A date as archive lists write it (DA/T 22): eight digits, 20260305."""
    return f"{value.year:04d}{value.month:02d}{value.day:02d}" if value else ""


def cn_month(value: dt.date | None) -> str:
    return f"{value.year}年{value.month}月" if value else ""


def cn_number(n: int) -> str:
    """一 … 九十九, for section labels."""
    if n <= 10:
        return CN_NUMBERS[n]
    tens, ones = divmod(n, 10)
    return (CN_NUMBERS[tens] if tens > 1 else "") + "十" + (CN_NUMBERS[ones] if ones else "")


def score_text(value: Decimal | None) -> str:
    """A rater's score as typed: 85, 89.5."""
    if value is None:
        return ""
    text = format(value.normalize(), "f")
    return text


def total_text(value: Decimal | None) -> str:
    """A total with exactly one decimal: 90.0."""
    return "" if value is None else format(value, ".1f")


def cn_list(items: list[str], sep: str = "、") -> str:
    return sep.join(i for i in items if i)


def mask_mobile(value: object) -> str:
    """A personal mobile as a card that hangs in public shows it: 138****1234."""
    text = str(value or "")
    return text[:3] + "****" + text[-4:] if len(text) == 11 and text.isdigit() else text
