"""The lockout check in front of Django's password backend."""

from __future__ import annotations

from typing import Any

from axes.backends import AxesStandaloneBackend


class LockoutBackend(AxesStandaloneBackend):
    """django-axes' lockout check for every sign-in that comes with a request.

    Every web and API sign-in passes its request (LoginView, the admin, the token endpoint);
    ``authenticate()`` without one comes only from code on the server (the test client's
    ``login()``, a shell), which no outsider can repeat, so it is let through to the next backend
    instead of raising as axes' own backend does.
    """

    def authenticate(self, request: Any, username: str | None = None, password: str | None = None, **kwargs: Any):  # type: ignore[no-untyped-def]
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)
