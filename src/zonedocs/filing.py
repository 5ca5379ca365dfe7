"""When a branch's 档案卷 is filed (立卷日期): the date set in 单位, or else the latest date the
volume's contents carry — the day the last scored quarter ends, or the opinion's 印发/成文 date,
whichever is later — so a volume is never dated before the papers it holds."""

from __future__ import annotations

import datetime as dt

from .model import Roster

QUARTER_ENDS = {1: (3, 31), 2: (6, 30), 3: (9, 30), 4: (12, 31)}


def contents_date(roster: Roster) -> dt.date | None:
    """The latest date among the volume's contents; None when nothing carries one."""
    company = roster.company
    dates = [d for d in (company.doc_date, company.print_date) if d is not None]
    quarters = {score.quarter for score in roster.scores}
    if quarters and dt.MINYEAR <= company.year <= dt.MAXYEAR:  # (a workbook with errors may lack one)
        month, day = QUARTER_ENDS[max(quarters)]
        dates.append(dt.date(company.year, month, day))
    return max(dates, default=None)


def filing_date(roster: Roster) -> dt.date | None:
    return roster.company.filing_date or contents_date(roster)
