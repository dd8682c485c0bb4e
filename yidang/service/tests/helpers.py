"""A little service-desk world on top of the shared one: categories, a worker, ticket builders."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from yidang.service.actions import TicketData, ticket_register
from yidang.service.models import Ticket, TicketCategory


def category(name: str = "给排水") -> TicketCategory:
    return TicketCategory.objects.get(name=name)


def repair(world: Any, *, priority: str = "ordinary", at: datetime | None = None, cat: str = "给排水") -> Ticket:
    data = TicketData(
        kind="repair",
        channel="phone",
        category=category(cat),
        content="厨房水管漏水",
        reporter_name="张伟",
        reporter_phone="13812345678",
        room=world.rooms["hy1503"],
        priority=priority,
    )
    return ticket_register(data=data, project=world.hy, actor=world.assistant, at=at)


def complaint(world: Any, *, priority: str = "ordinary", at: datetime | None = None) -> Ticket:
    data = TicketData(
        kind="complaint",
        channel="walk_in",
        category=category("噪音"),
        content="楼上夜间装修噪音",
        reporter_name="张伟",
        room=world.rooms["hy1503"],
        priority=priority,
    )
    return ticket_register(data=data, project=world.hy, actor=world.assistant, at=at)
