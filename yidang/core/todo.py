"""Today's work on the home page: each app says what waits for the user, the home page lists it."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class TodoItem:
    """One line of today's work: ``count`` things waiting behind ``url``; ``urgent`` when a clock is running out."""

    label: str
    count: int
    url: str
    urgent: bool = False


# Each source is ``todo_for(user) -> list[TodoItem]`` in an app's queries; the home page lists them all.
TODO_SOURCES: list[str] = ["yidang.access.queries.todo_for", "yidang.service.queries.todo_for"]


def todo_for(user: object) -> list[TodoItem]:
    """Everything waiting for the user today, urgent first, empty lines left out."""
    from django.utils.module_loading import import_string

    items: list[TodoItem] = []
    for path in TODO_SOURCES:
        items += import_string(path)(user)
    return sorted((i for i in items if i.count), key=lambda i: not i.urgent)
