"""Builders for the transfer tests."""

from __future__ import annotations

from yidang.transfers.actions import ItemRef, SheetData, transfer_sheet_send


def send(world, *refs: ItemRef, actor=None, receiver=None, **kw):
    """A sheet of HY from ``actor`` (the assistant) to ``receiver`` (the archivist) unless named."""
    actor = actor or world.assistant
    if receiver is None and "receiver_name" not in kw:
        receiver = world.archivist
    data = SheetData(project=world.hy, items=tuple(refs), receiver=receiver, **kw)
    return transfer_sheet_send(data=data, actor=actor)
