from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import timezone, translation


class LanguageMiddleware:
    """Chinese unless the user chose otherwise (language cookie set by the menu's switch).

    Django's LocaleMiddleware would follow the browser's Accept-Language, which on many staff
    machines says English although the users work in Chinese.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.supported = {code for code, _ in settings.LANGUAGES}

    def __call__(self, request: HttpRequest) -> HttpResponse:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        language = chosen if chosen in self.supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language  # type: ignore[attr-defined]
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response


class SessionIdleMiddleware:
    """Restarts a signed-in session's idle clock (SESSION_COOKIE_AGE) at most once every
    SESSION_REFRESH_SECONDS instead of writing the session row on every request: a busy desk reads pages
    without a write each. A session still ends after SESSION_COOKIE_AGE of idleness, give or take that much.

    Must come after SessionMiddleware, so it marks the session before that one saves it."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        session = request.session
        if session.session_key and not session.modified and not session.is_empty():
            now = int(timezone.now().timestamp())
            if now - session.get(REFRESHED_KEY, 0) >= settings.SESSION_REFRESH_SECONDS:
                session[REFRESHED_KEY] = now  # modified: SessionMiddleware saves it with a new expiry
        return response


REFRESHED_KEY = "yidang_refreshed"
