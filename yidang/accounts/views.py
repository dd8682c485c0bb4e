"""Sign-in pages: login (with the lockout message), password change, the second factor."""

from __future__ import annotations

from base64 import b32encode
from typing import Any

import segno
from axes.helpers import get_cool_off
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.html import format_html
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django_otp import login as otp_login

from yidang.accounts.actions import user_totp_confirm, user_totp_start, user_totp_verify
from yidang.accounts.forms import CodeForm, PasswordChangeForm
from yidang.accounts.middleware import session_two_step_facts
from yidang.accounts.queries import totp_device_of
from yidang.accounts.signals import client_ip
from yidang.core.errors import DomainError

LOGIN_TEMPLATE = "core/login.html"


class LoginView(auth_views.LoginView):
    template_name = LOGIN_TEMPLATE

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(login_failure_limit=settings.AXES_FAILURE_LIMIT, **kwargs)


def lockout_message() -> str:
    minutes = int(get_cool_off().total_seconds() // 60) if get_cool_off() else 0
    return _("登录失败次数过多，该账号在这台设备上已被暂时锁定。请 %(minutes)d 分钟后再试，或请系统管理员解锁。") % {
        "minutes": minutes
    }


def lockout_response(request: HttpRequest, original_response: Any = None, credentials: Any = None) -> HttpResponse:
    """What a locked-out sign-in sees (AXES_LOCKOUT_CALLABLE): the login page with the reason, HTTP 429."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": lockout_message()}, status=429)
    username = (credentials or {}).get("username") or request.POST.get("username", "")
    context = {
        "locked_out": lockout_message(),
        "username": username,
        "next": request.POST.get("next", ""),
        "login_failure_limit": settings.AXES_FAILURE_LIMIT,
    }
    return render(request, LOGIN_TEMPLATE, context, status=429)


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "registration/password_change_form.html"
    form_class = PasswordChangeForm
    success_url = reverse_lazy("home")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(max_age_days=settings.YIDANG_PASSWORD_MAX_AGE_DAYS, **kwargs)

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        messages.success(self.request, _("密码已修改。下次登录请使用新密码。"))
        return response


def _next_url(request: HttpRequest) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return str(reverse_lazy("home"))


@login_required
def otp_verify(request: HttpRequest) -> HttpResponse:
    """The second step of a sign-in: the 6-digit code of the user's authenticator app."""
    device = totp_device_of(request.user)  # type: ignore[arg-type]
    if device is None or request.user.is_verified():  # type: ignore[union-attr]
        session_two_step_facts(request, refresh=True)  # e.g. an admin removed the device meanwhile
        return redirect(_next_url(request))
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user_totp_verify(device=device, code=form.cleaned_data["code"], ip=client_ip(request))
        except DomainError as error:
            form.add_error("code", error.message)
        else:
            otp_login(request, device)
            return redirect(_next_url(request))
    return render(request, "registration/otp_verify.html", {"form": form, "next": _next_url(request)})


@login_required
def otp_setup(request: HttpRequest) -> HttpResponse:
    """Enrol an authenticator app: scan the QR code (or type the key), then confirm with one code."""
    user: Any = request.user
    if totp_device_of(user) is not None:
        return render(request, "registration/otp_setup.html", {"enrolled": True})
    device = user_totp_start(user=user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user_totp_confirm(device=device, code=form.cleaned_data["code"])
        except DomainError as error:
            form.add_error("code", error.message)
        else:
            otp_login(request, device)
            session_two_step_facts(request, refresh=True)
            messages.success(request, _("两步验证已启用。以后登录时，输入密码后还需输入手机上的验证码。"))
            return redirect(_next_url(request))
    context = {"form": form, "qr": _qr_svg(device.config_url), "key": _manual_key(device.bin_key)}
    return render(request, "registration/otp_setup.html", context | {"next": _next_url(request)})


def _qr_svg(url: str) -> SafeString:
    svg = segno.make(url, error="m").svg_inline(
        scale=5, border=4, omitsize=True, light="#fff", title=_("用手机验证器扫描")
    )
    return format_html("{}", SafeString(svg))


def _manual_key(key: bytes) -> str:
    """The secret as authenticator apps expect it typed: base32, in groups of four."""
    text = b32encode(key).decode().rstrip("=")
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))
