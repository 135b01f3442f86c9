"""Period keys and their dates: months, quarters, windows."""

from __future__ import annotations

import datetime as dt

# Periods


def month_start(period: str) -> dt.date:
    """'2025-10' -> date(2025, 10, 1)."""
    return dt.date(int(period[:4]), int(period[5:7]), 1)


def month_end(period: str) -> dt.date:
    start = month_start(period)
    next_month = dt.date(start.year + start.month // 12, start.month % 12 + 1, 1)
    return next_month - dt.timedelta(days=1)


def period_start(period: str | None) -> dt.date | None:
    """The first day of a period key: jjjj-mm, jjjj-Kn or jjjj."""
    if not period:
        return None
    if len(period) == 7 and period[5] == "K":
        return dt.date(int(period[:4]), int(period[6]) * 3 - 2, 1)
    if len(period) == 7:
        return month_start(period)
    if len(period) == 4 and period.isdigit():
        return dt.date(int(period), 1, 1)
    return None


def months_back(period: str, months: int) -> dt.date:
    """The first day of a window of `months` months that ends with the month `period`."""
    start = month_start(period)
    index = start.year * 12 + start.month - 1 - (months - 1)
    return dt.date(index // 12, index % 12 + 1, 1)


def quarter_of(period: str) -> str:
    """'2025-10' -> '2025-K4'."""
    return f"{period[:4]}-K{(int(period[5:7]) - 1) // 3 + 1}"
