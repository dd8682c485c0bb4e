"""Transfer and acknowledgement times are kept, shown, printed and exported to the minute."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from yidang.core.errors import DomainError
from yidang.transfers.actions import Acknowledgement, ItemRef, transfer_sheet_acknowledge
from yidang.transfers.tests.sheets import send

SHANGHAI = ZoneInfo("Asia/Shanghai")


def test_the_sent_and_received_times_have_no_seconds(world, files):
    handed = timezone.now() - timedelta(hours=2, seconds=37)
    sheet = send(world, ItemRef(files.a1503), sent_at=handed)
    assert sheet.sent_at == handed.replace(second=0, microsecond=0)
    sheet.refresh_from_db()
    assert sheet.sent_at.second == 0 and sheet.sent_at.microsecond == 0

    items = frozenset(sheet.items.values_list("pk", flat=True))
    sheet = transfer_sheet_acknowledge(sheet=sheet, check=Acknowledgement(received=items), actor=world.archivist)
    sheet.refresh_from_db()
    assert sheet.received_at is not None and sheet.received_at.second == 0 and sheet.received_at.microsecond == 0


def test_a_time_in_the_future_is_refused(world, files):
    with pytest.raises(DomainError, match="移交时间不能晚于现在"):
        send(world, ItemRef(files.a1503), sent_at=timezone.now() + timedelta(minutes=5))


def test_acknowledged_before_it_was_sent_is_refused(world, files):
    sent = datetime(2026, 3, 2, 9, 30, tzinfo=SHANGHAI)
    sheet = send(world, ItemRef(files.a1503), sent_at=sent)
    items = frozenset(sheet.items.values_list("pk", flat=True))
    early = Acknowledgement(received=items, received_at=datetime(2026, 3, 2, 9, 29, tzinfo=SHANGHAI))
    with pytest.raises(DomainError, match="签收时间不能早于移交时间（2026-03-02 09:30）"):
        transfer_sheet_acknowledge(sheet=sheet, check=early, actor=world.archivist)
    ok = Acknowledgement(received=items, received_at=datetime(2026, 3, 2, 9, 30, 59, tzinfo=SHANGHAI))
    sheet = transfer_sheet_acknowledge(sheet=sheet, check=ok, actor=world.archivist)
    assert timezone.localtime(sheet.received_at).strftime("%Y-%m-%d %H:%M:%S") == "2026-03-02 09:30:00"
