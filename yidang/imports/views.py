from __future__ import annotations

from django.contrib.auth.decorators import login_required, permission_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


@login_required
@permission_required("households.import_households", raise_exception=True)
def import_list(request: HttpRequest) -> HttpResponse:
    return render(request, "base.html")
