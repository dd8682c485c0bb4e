"""What every page of the desk shares."""

from __future__ import annotations

from django.contrib.auth.decorators import permission_required
from django.http import HttpRequest
from django.utils.http import url_has_allowed_host_and_scheme

from yidang.accounts.models import User

view_required = permission_required("service.view_ticket", raise_exception=True)
handle_required = permission_required("service.handle_ticket", raise_exception=True)


def user_of(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


def safe_next(request: HttpRequest, fallback: str) -> str:
    """Where to go after a step: the page's ``next`` when it is one of ours, else ``fallback``."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    ok = url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure())
    return target if target and ok else fallback
