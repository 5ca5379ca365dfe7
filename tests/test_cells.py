from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from zonedocs.workbook import cells


@pytest.mark.parametrize(("raw", "expected"), [
    (1001.0, "1001"), (1001, "1001"), ("  M01\u3000", "M01"), (None, ""), (12.5, "12.5"),
    (dt.datetime(2026, 3, 5), "2026-03-05"),
])
def test_text(raw, expected):
    assert cells.text(raw) == expected


@pytest.mark.parametrize("raw", ["2026-03-05", "2026/3/5", "2026年3月5日", dt.date(2026, 3, 5),
                                 dt.datetime(2026, 3, 5, 0, 0)])
def test_date_forms(raw):
    assert cells.date(raw) == dt.date(2026, 3, 5)


@pytest.mark.parametrize("raw", ["2026-02-30", "三月五日", "20260305", 45000])
def test_bad_dates(raw):
    with pytest.raises(cells.CellError):
        cells.date(raw)


@pytest.mark.parametrize(("raw", "expected"), [
    (1, 1), (4.0, 4), ("2", 2), ("一季度", 1), ("第三季度", 3), ("Q4", 4), ("q2", 2), ("第2季度", 2),
])
def test_quarter_forms(raw, expected):
    assert cells.quarter(raw) == expected


@pytest.mark.parametrize("raw", [0, 5, "五季度", "Q5", 1.5])
def test_bad_quarters(raw):
    with pytest.raises(cells.CellError):
        cells.quarter(raw)


def test_list_separators():
    assert cells.items("T1、T2，T3,T4;T5；T6\nT7") == [f"T{i}" for i in range(1, 8)]
    assert cells.items("") == []


def test_mobile():
    assert cells.mobile(13800000001.0) == "13800000001"
    assert cells.mobile("138-0000-0001") == "13800000001"
    for bad in ("1381234", "23800000001", "138000000011"):
        with pytest.raises(cells.CellError):
            cells.mobile(bad)


def test_decimal_keeps_typed_value():
    assert cells.decimal(89.95, 0, 100) == Decimal("89.95")
    with pytest.raises(cells.CellError):
        cells.decimal("abc")
    with pytest.raises(cells.CellError):
        cells.decimal(float("nan"))
