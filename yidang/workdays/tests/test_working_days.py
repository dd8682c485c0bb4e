"""Working-day arithmetic: Monday–Friday, minus holidays, plus 调休 weekends; the start day never counts."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from yidang.workdays.models import CalendarDay
from yidang.workdays.queries import add_working_days, end_of_working_day, is_workday, working_days_between

SH = ZoneInfo("Asia/Shanghai")


def at(*args: int) -> datetime:
    return datetime(*args, tzinfo=SH)  # type: ignore[misc,arg-type]


def test_holidays_are_off_and_swapped_weekends_are_worked(calendar):
    assert not is_workday(date(2025, 10, 1))  # National Day, a Wednesday
    assert is_workday(date(2025, 9, 28))  # Sunday worked for National Day (调休)
    assert not is_workday(date(2025, 9, 27)) and is_workday(date(2025, 9, 26))  # a plain Saturday, Friday


def test_three_working_days_from_a_monday_end_on_thursday_evening(calendar):
    assert add_working_days(at(2026, 11, 16, 9), 3) == at(2026, 11, 19, 18)
    assert add_working_days(at(2026, 11, 20, 17), 1) == at(2026, 11, 23, 18)  # Friday → Monday


def test_counting_across_national_day_skips_the_holiday_and_counts_the_swapped_saturday(calendar):
    assert add_working_days(at(2025, 9, 30, 10), 1) == at(2025, 10, 9, 18)
    assert add_working_days(at(2025, 9, 30, 10), 3) == at(2025, 10, 11, 18)  # Saturday 11 October is worked
    assert add_working_days(at(2025, 9, 27, 10), 1) == at(2025, 9, 28, 18)  # Saturday → the worked Sunday


def test_the_end_of_the_working_day_moves_to_the_next_one_after_hours_or_on_a_day_off(calendar):
    assert end_of_working_day(at(2026, 11, 16, 9)) == at(2026, 11, 16, 18)
    assert end_of_working_day(at(2026, 11, 16, 18)) == at(2026, 11, 17, 18)
    assert end_of_working_day(at(2026, 11, 21, 11)) == at(2026, 11, 23, 18)  # Saturday → Monday
    assert end_of_working_day(at(2025, 10, 1, 11)) == at(2025, 10, 9, 18)
    assert add_working_days(at(2026, 11, 16, 9), 0) == at(2026, 11, 16, 18)


def test_the_working_day_ends_when_the_setting_says(calendar, settings):
    settings.YIDANG_WORKDAY_END = "17:30"
    assert add_working_days(at(2026, 11, 16, 9), 1) == at(2026, 11, 17, 17, 30)


def test_a_utc_start_is_counted_on_its_local_date(calendar):
    # 2026-11-15 17:00 UTC is Monday 16 November 01:00 in Shanghai.
    assert add_working_days(datetime(2026, 11, 15, 17, tzinfo=ZoneInfo("UTC")), 1) == at(2026, 11, 17, 18)


def test_working_days_between_counts_after_the_first_up_to_the_last(calendar):
    assert working_days_between(date(2025, 9, 30), date(2025, 10, 11)) == 3
    assert working_days_between(date(2025, 10, 11), date(2025, 9, 30)) == -3
    assert working_days_between(date(2026, 11, 16), date(2026, 11, 16)) == 0
    assert working_days_between(at(2026, 11, 16, 9), at(2026, 11, 23, 8)) == 5


@pytest.mark.parametrize("n", [1, 2, 3, 5, 10, 30])
def test_between_undoes_add(calendar, n):
    for start in (at(2025, 9, 30, 10), at(2025, 1, 24, 10), at(2026, 2, 13, 10)):
        assert working_days_between(start, add_working_days(start, n)) == n


def test_each_answer_costs_one_query(calendar, django_assert_num_queries):
    with django_assert_num_queries(1):
        add_working_days(at(2026, 2, 13, 10), 5)  # across the Spring Festival
    with django_assert_num_queries(1):
        working_days_between(date(2025, 1, 1), date(2025, 12, 31))


def test_a_year_the_package_does_not_know_is_monday_to_friday_until_the_admin_adds_its_days(calendar):
    assert is_workday(date(2030, 10, 1))  # a Tuesday, no calendar entry yet
    CalendarDay.objects.create(date=date(2030, 10, 1), is_workday=False, name="国庆节")
    assert not is_workday(date(2030, 10, 1))
    assert add_working_days(at(2030, 9, 30, 10), 1) == at(2030, 10, 2, 18)


def test_negative_days_are_a_programming_error(calendar):
    with pytest.raises(ValueError):
        add_working_days(at(2026, 11, 16, 9), -1)
