"""The flow's steps as small forms on the ticket's panel: one POST route, one action per step.

A refused step (``DomainError``) comes back as the form's error in Chinese with a 400 and nothing saved.
From htmx the answer is the panel itself (the page's script lets a 400 panel swap in); without it, a
redirect after success and the whole page after a refusal.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from yidang.accounts.models import User
from yidang.core.errors import DomainError
from yidang.service.forms import (
    AcceptForm,
    CallbackForm,
    CloseForm,
    CompleteForm,
    ConfirmForm,
    DispatchForm,
    FeedbackForm,
    NoInputForm,
    PauseForm,
    RejectForm,
    ReopenForm,
    StepForm,
    VerifyForm,
)
from yidang.service.models import Ticket
from yidang.service.present import step_label
from yidang.service.queries import ticket_get
from yidang.service.step_calls import STEP_CALLS
from yidang.service.views.common import is_htmx, safe_next, user_of


@dataclass(frozen=True)
class StepPage:
    """A step on the page: its form, the message after success, and whether it is the step the ticket waits for
    (a big button, unfolded)."""

    form: type[StepForm]
    done: Any
    primary: bool = False


STEP_PAGES: dict[str, StepPage] = {
    "accept": StepPage(AcceptForm, gettext_lazy("投诉已受理"), True),
    "reject": StepPage(RejectForm, gettext_lazy("投诉不成立，已记录解释说明并关闭")),
    "dispatch": StepPage(DispatchForm, gettext_lazy("已派工"), True),
    "acknowledge": StepPage(NoInputForm, gettext_lazy("已接单"), True),
    "arrive": StepPage(NoInputForm, gettext_lazy("已到场"), True),
    "complete": StepPage(CompleteForm, gettext_lazy("已完工"), True),
    "confirm": StepPage(ConfirmForm, gettext_lazy("业主已确认"), True),
    "return_slip": StepPage(NoInputForm, gettext_lazy("已回单，回访任务已生成"), True),
    "callback": StepPage(CallbackForm, gettext_lazy("回访已记录"), True),
    "feedback": StepPage(FeedbackForm, gettext_lazy("反馈已记录")),
    "verify": StepPage(VerifyForm, gettext_lazy("已核实"), True),
    "close": StepPage(CloseForm, gettext_lazy("工单已关闭"), True),
    "reopen": StepPage(ReopenForm, gettext_lazy("工单已重开")),
    "pause": StepPage(PauseForm, gettext_lazy("已暂停计时")),
    "resume": StepPage(NoInputForm, gettext_lazy("已恢复计时")),
}


@dataclass(frozen=True)
class ShownStep:
    """One step as the panel shows it; ``open`` when it came back with an error (shown unfolded)."""

    name: str
    label: str
    form: StepForm
    primary: bool
    open: bool

    @property
    def has_fields(self) -> bool:
        return self.name == "confirm" or any(not f.is_hidden for f in self.form)


@dataclass(frozen=True)
class Refused:
    """A step that came back refused: its name and the form with the errors."""

    step: str
    form: StepForm

    @property
    def messages(self) -> list[str]:
        return [str(m) for errors in self.form.errors.values() for m in errors]


def step_forms(ticket: Ticket, user: User, names: list[str], refused: Refused | None) -> list[ShownStep]:
    shown = []
    for name in names:
        spec = STEP_PAGES[name]
        again = refused is not None and refused.step == name
        form = refused.form if again and refused is not None else spec.form(ticket=ticket, user=user)
        shown.append(ShownStep(name, step_label(name), form, spec.primary, again))
    return shown


@require_POST
@login_required
def take(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    """Take one step of the flow on a ticket the user may see (any other ticket: 404)."""
    user = user_of(request)
    ticket = ticket_get(user, pk)
    spec = STEP_PAGES.get(step)
    if spec is None:
        raise Http404("没有这一步")
    form = spec.form(request.POST, ticket=ticket, user=user)
    if form.is_valid():
        try:
            STEP_CALLS[step](ticket, form.cleaned_data, user)
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            return _done(request, ticket, str(spec.done))
    return _refused(request, ticket, Refused(step, form))


def _done(request: HttpRequest, ticket: Ticket, message: str) -> HttpResponse:
    from yidang.service.views.tickets import detail_context  # the panel is the ticket page's

    if is_htmx(request):
        fresh = ticket_get(user_of(request), ticket.pk)
        return render(request, "service/_panel.html", detail_context(request, fresh, notice=message))
    messages.success(request, message)
    return redirect(safe_next(request, reverse("service:detail", args=[ticket.pk])))


def _refused(request: HttpRequest, ticket: Ticket, refused: Refused) -> HttpResponse:
    from yidang.service.views.tickets import detail_context

    fresh = ticket_get(user_of(request), ticket.pk)
    template = "service/_panel.html" if is_htmx(request) else "service/detail.html"
    return render(request, template, detail_context(request, fresh, refused=refused), status=400)
