"""Expiry from the retention class and trigger: DA/T 22 counts from 1 January after the document's year."""

from __future__ import annotations

from datetime import date

from yidang.archive.models import RetentionTrigger
from yidang.households.models import OccupantRole
from yidang.retention.expiry import Stay, expiry_date, moved_out_on, retention_years

TODAY = date(2026, 12, 4)


def test_a_ten_year_paper_dated_mid_2015_expires_on_new_year_2026():
    due = expiry_date(
        years=10, trigger=RetentionTrigger.DOC_DATE, doc_date=date(2015, 6, 30), filed_on=TODAY, moved_out_on=None
    )
    assert due == date(2026, 1, 1)


def test_a_paper_without_a_date_counts_from_when_it_was_filed():
    due = expiry_date(
        years=10, trigger=RetentionTrigger.DOC_DATE, doc_date=None, filed_on=date(2020, 2, 29), moved_out_on=None
    )
    assert due == date(2031, 1, 1)


def test_permanent_never_expires_and_custom_years_are_used():
    assert retention_years("permanent", None) is None
    assert retention_years("y30", None) == 30
    assert retention_years("custom", 7) == 7
    assert (
        expiry_date(years=None, trigger="doc_date", doc_date=date(1990, 1, 1), filed_on=TODAY, moved_out_on=None)
        is None
    )


def test_a_move_out_paper_has_no_expiry_until_the_household_left():
    def due(out: date | None) -> date | None:
        return expiry_date(
            years=10, trigger=RetentionTrigger.MOVE_OUT, doc_date=date(2010, 1, 1), filed_on=TODAY, moved_out_on=out
        )

    assert due(None) is None
    assert due(date(2012, 8, 1)) == date(2023, 1, 1)


def test_the_move_out_is_the_last_end_of_the_stays_current_on_the_papers_date():
    stays = [
        Stay(OccupantRole.OWNER, date(2008, 1, 1), None),
        Stay(OccupantRole.TENANT, date(2010, 1, 1), date(2012, 8, 1)),
        Stay(OccupantRole.TENANT, date(2013, 1, 1), date(2014, 1, 1)),
    ]
    assert moved_out_on(stays, date(2011, 5, 5), tenants_only=True, today=TODAY) == date(2012, 8, 1)
    assert moved_out_on(stays, date(2011, 5, 5), tenants_only=False, today=TODAY) is None  # the owner is still there
    assert moved_out_on(stays, date(2016, 1, 1), tenants_only=True, today=TODAY) is None  # no tenant then


def test_a_stay_ending_in_the_future_is_not_a_move_out_yet():
    stays = [Stay(OccupantRole.TENANT, date(2020, 1, 1), date(2027, 6, 30))]
    assert moved_out_on(stays, date(2021, 1, 1), tenants_only=True, today=TODAY) is None
