"""China's official holidays and 调休 workdays, as published by the State Council (``chinesecalendar``).

Only the exceptions to Monday–Friday are kept: a holiday that falls on a weekday, and a weekend
day that is worked in exchange. A holiday on a weekend changes nothing and is left out.
"""

from __future__ import annotations

from datetime import date
from typing import NamedTuple


class OfficialDay(NamedTuple):
    date: date
    is_workday: bool
    name: str


def _chinese(english: str) -> str:
    from chinese_calendar.constants import Holiday

    try:
        return str(Holiday(english).chinese)
    except ValueError:
        return english


def official_days() -> list[OfficialDay]:
    """Every exception the installed ``chinesecalendar`` knows (2004 to its last published year)."""
    import chinese_calendar

    days = [OfficialDay(d, False, _chinese(name)) for d, name in chinese_calendar.holidays.items() if d.weekday() < 5]
    days += [
        OfficialDay(d, True, f"{_chinese(name)}调休")
        for d, name in chinese_calendar.workdays.items()
        if d.weekday() >= 5
    ]
    return sorted(days)


def official_years() -> tuple[int, int]:
    """The first and last year the installed ``chinesecalendar`` covers."""
    import chinese_calendar

    years = [d.year for d in chinese_calendar.holidays]
    return min(years), max(years)
