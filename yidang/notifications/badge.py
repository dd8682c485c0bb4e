"""The bell's unread count for the header: counted once per page, and only if the page shows it."""

from __future__ import annotations

from functools import cached_property
from typing import Any

from yidang.notifications.queries import unread_count

SHOWN_MAX = 99


class UnreadBadge:
    """``{{ unread }}`` prints the count (``99+`` beyond 99); ``{% if unread %}`` is false at zero.
    The COUNT runs on first use, on the partial index of unread notices."""

    def __init__(self, user: Any) -> None:
        self.user = user

    @cached_property
    def count(self) -> int:
        return unread_count(self.user)

    def __bool__(self) -> bool:
        return self.count > 0

    def __str__(self) -> str:
        return f"{SHOWN_MAX}+" if self.count > SHOWN_MAX else str(self.count)
