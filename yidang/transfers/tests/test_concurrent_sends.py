"""Ten colleagues put the same folder on a sheet at once: one sheet is sent, nine are refused clearly."""

from __future__ import annotations

import threading

import pytest
from django.apps import apps
from django.db import connection

from tests.world import build_world, make_user
from yidang.accounts.roles import Role
from yidang.archive.models import Archive
from yidang.archive.seed import load as load_document_types
from yidang.core.errors import DomainError
from yidang.transfers.actions import ItemRef, SheetData, transfer_sheet_send
from yidang.transfers.models import TransferItem, TransferSheet

THREADS = 10


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_ten_simultaneous_sheets_of_one_folder_give_one_open_sheet_and_nine_refusals():
    load_document_types(apps)
    world = build_world()
    archive = Archive.objects.get(room=world.rooms["hy1503"])
    senders = [make_user(f"sender{i}", Role.CS_ASSISTANT, [world.hy]) for i in range(THREADS)]
    start = threading.Barrier(THREADS)
    outcomes: list[str] = []
    lock = threading.Lock()

    def send(sender) -> None:
        try:
            start.wait()
            data = SheetData(project=world.hy, items=(ItemRef(archive),), receiver=world.archivist)
            try:
                transfer_sheet_send(data=data, actor=sender)
                result = "sent"
            except DomainError as exc:
                result = exc.message
            except Exception as exc:  # a deadlock or a duplicate sheet number would land here and fail the test
                result = f"{type(exc).__name__}: {exc}"
            with lock:
                outcomes.append(result)
        finally:
            connection.close()

    threads = [threading.Thread(target=send, args=(s,)) for s in senders]
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    assert outcomes.count("sent") == 1, outcomes
    assert all("已在待签收的移交单" in o for o in outcomes if o != "sent"), outcomes
    assert TransferSheet.objects.count() == 1 and TransferItem.objects.count() == 1
