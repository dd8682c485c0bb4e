"""Sends a signed-in user to the step they owe before anything else (code, enrolment, new password)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.urls import reverse

from yidang.accounts.queries import AccountStep, TwoStepFacts, account_step_due, two_step_facts

STEP_URL_NAMES = {
    AccountStep.OTP_VERIFY: "accounts:otp_verify",
    AccountStep.OTP_SETUP: "accounts:otp_setup",
    AccountStep.PASSWORD_CHANGE: "accounts:password_change",
}
FACTS_SESSION_KEY = "yidang_two_step"


def session_two_step_facts(request: HttpRequest, *, user: Any = None, refresh: bool = False) -> TwoStepFacts:
    """The signed-in user's second-factor facts, read at sign-in and kept in the session.

    Sign-in, enrolment and the code page refresh them; a device an admin adds or removes counts
    from the user's next sign-in (a removed one is noticed at once by the code page).
    """
    stored = request.session.get(FACTS_SESSION_KEY)
    if refresh or not isinstance(stored, dict):
        facts = two_step_facts(user or request.user)  # type: ignore[arg-type]
        request.session[FACTS_SESSION_KEY] = asdict(facts)
        return facts
    return TwoStepFacts(**stored)


class AccountStepMiddleware:
    """Redirects pages (403 JSON for the API) until the user has done the step ``account_step_due`` names.

    Always open: the step's own page, logout, the language switch, static files and ``/healthz``.
    API calls with a token are checked by ``AccountTokenAuthentication`` instead.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not self._always_open(request.path) and request.user.is_authenticated:
            verified = request.user.is_verified()  # type: ignore[union-attr,attr-defined]
            facts = session_two_step_facts(request)
            step = account_step_due(request.user, otp_verified=verified, facts=facts)  # type: ignore[arg-type]
            if step is not None and request.path != reverse(STEP_URL_NAMES[step]):
                return self._send_to(request, step)
        return self.get_response(request)

    @staticmethod
    def _always_open(path: str) -> bool:
        open_prefixes = (settings.STATIC_URL, reverse("logout"), reverse("healthz"), "/i18n/")
        return path.startswith(open_prefixes)

    @staticmethod
    def _send_to(request: HttpRequest, step: AccountStep) -> HttpResponse:
        if request.path.startswith("/api/"):
            return JsonResponse({"detail": step.message, "code": step.value}, status=403)
        url = reverse(STEP_URL_NAMES[step])
        if request.method == "GET" and request.path != "/":
            url += "?" + urlencode({"next": request.get_full_path()})
        if request.headers.get("HX-Request"):
            return HttpResponse(status=204, headers={"HX-Redirect": url})
        if step is not AccountStep.OTP_VERIFY:  # the code page says what to do itself
            messages.warning(request, step.message)
        return HttpResponseRedirect(url)
