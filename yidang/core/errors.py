"""The one exception a user can cause. Web and API layers turn it into a form error / HTTP 400."""

from __future__ import annotations

from typing import Any


class DomainError(Exception):
    """A rule the user broke, with a translatable message that says what to fix."""

    def __init__(self, message: str, *, field: str | None = None, code: str = "invalid") -> None:
        super().__init__(message)
        self.message = message
        self.field = field
        self.code = code

    def add_to(self, form: Any) -> None:
        """Show the error on a form: beside its field when the form has that field, else above the form."""
        form.add_error(self.field if self.field in form.fields else None, self.message)
