"""The one exception a user can cause. Web and API layers turn it into a form error / HTTP 400."""

from __future__ import annotations


class DomainError(Exception):
    """A rule the user broke, with a translatable message that says what to fix."""

    def __init__(self, message: str, *, field: str | None = None, code: str = "invalid") -> None:
        super().__init__(message)
        self.message = message
        self.field = field
        self.code = code
