"""On SQLite the chain relies on every transaction starting with BEGIN IMMEDIATE (one writer at a
time); the settings do so, and a system check refuses a configuration that does not."""

from __future__ import annotations

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from yidang.audit.actions import Change, audit_record
from yidang.audit.chain import check_sqlite_serialises_writers, sqlite_writer_problems

sqlite_only = pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's write lock")


@sqlite_only
@pytest.mark.django_db(transaction=True)
def test_an_audited_action_opens_its_transaction_with_begin_immediate(world):
    with CaptureQueriesContext(connection) as queries, transaction.atomic():
        audit_record(actor=world.archivist, change=Change("room.touch", world.rooms["hy1503"]))

    assert queries.captured_queries[0]["sql"] == "BEGIN IMMEDIATE"


def test_the_configured_database_passes_the_check():
    assert check_sqlite_serialises_writers() == []


def test_sqlite_without_begin_immediate_fails_the_check():
    for options in ({}, {"transaction_mode": "DEFERRED"}):
        problems = sqlite_writer_problems({"ENGINE": "django.db.backends.sqlite3", "OPTIONS": options})
        assert [e.id for e in problems] == ["audit.E001"]


def test_postgresql_needs_no_such_setting():
    assert sqlite_writer_problems({"ENGINE": "django.db.backends.postgresql"}) == []
