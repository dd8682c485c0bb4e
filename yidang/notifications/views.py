"""The bell's page: the user's notices, newest first, and marking them read."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from yidang.notifications.actions import notifications_mark_read
from yidang.notifications.badge import UnreadBadge
from yidang.notifications.queries import notifications_of

PAGE_SIZE = 50


@login_required
def notification_list(request: HttpRequest) -> HttpResponse:
    """Newest first, a page at a time: the next page starts below the last id shown (no counting)."""
    rows = notifications_of(request.user).order_by("-id")
    before = request.GET.get("before", "")
    if before.isdigit() and len(before) < 19:
        rows = rows.filter(pk__lt=int(before))
    shown = list(rows[: PAGE_SIZE + 1])
    more = len(shown) > PAGE_SIZE
    shown = shown[:PAGE_SIZE]
    context = {"notifications": shown, "next_before": shown[-1].pk if more else None, "continued": bool(before)}
    return render(request, "notifications/list.html", context)


@require_POST
@login_required
def read(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark one notice read. With ``go``, continue to what it is about; from htmx, answer the row and the badge."""
    notice = notifications_of(request.user).filter(pk=pk).first()
    if notice is None:
        raise Http404("没有这条通知")
    notifications_mark_read(user=request.user, ids=[notice.pk])
    if request.POST.get("go") and _ours(request, notice.url):
        return redirect(notice.url)
    if request.headers.get("HX-Request") == "true":
        notice.refresh_from_db()
        context = {"n": notice, "unread_notifications": UnreadBadge(request.user), "oob": True}
        return render(request, "notifications/_row.html", context)
    return redirect("notifications:list")


@require_POST
@login_required
def read_all(request: HttpRequest) -> HttpResponse:
    notifications_mark_read(user=request.user)
    return redirect("notifications:list")


def _ours(request: HttpRequest, url: str) -> bool:
    return bool(url) and url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()})
