"""API plumbing shared by every app: the exception handler that turns a DomainError into a 400 — or a 403
when the refusal is about who may do it (``code="forbidden"``: a role, a project, not one's own)."""

from __future__ import annotations

from typing import Any

from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from yidang.core.errors import DomainError


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, DomainError):
        body: dict[str, Any] = {"detail": str(exc.message), "code": exc.code}
        if exc.field:
            body["field"] = exc.field
        return Response(body, status=403 if exc.code == "forbidden" else 400)
    return drf_exception_handler(exc, context)
