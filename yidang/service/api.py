"""Service-desk API: ``/api/v1/tickets/`` (list, read, register, one POST per step) and ``/api/v1/callbacks/``.

Every write calls the same actions as the pages (``step_calls.STEP_CALLS``); a DomainError is a 400 with its
Chinese message (``yidang.core.api.exception_handler``). Reads go through ``tickets_visible_to`` /
``callbacks_visible_to``, so a ticket of another project, or one not dispatched to a worker, answers 404.
The ticket list is a cursor page on (registered_at, id): it never counts the table.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_field
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from yidang.accounts.models import Department, User
from yidang.accounts.queries import project_ids_of, projects_of
from yidang.core.errors import DomainError
from yidang.places.models import Room
from yidang.service import actions
from yidang.service.listing import TicketFilter, sla_view, status_ranges, ticket_page, tickets_filtered
from yidang.service.models import (
    Callback,
    CallbackMethod,
    Channel,
    Priority,
    Satisfaction,
    SlaClock,
    Ticket,
    TicketCategory,
    TicketKind,
    TicketStep,
)
from yidang.service.present import clock_view, month_of, month_span, signature_path, worst_clock
from yidang.service.queries import callbacks_visible_to, steps_open_to, ticket_get, tickets_visible_to
from yidang.service.stats import callback_figures
from yidang.service.step_calls import STEP_CALLS, callback_take

# ---- reading ---------------------------------------------------------------------------------------------


class ClockSerializer(serializers.Serializer[Any]):
    name = serializers.CharField(help_text="clock: arrival / completion / feedback / closure")
    due_at = serializers.DateTimeField()
    state = serializers.ChoiceField(choices=["ok", "warn", "late", "paused", "met", "missed"])
    text = serializers.CharField(help_text="time left or overdue, in words")


class TicketSerializer(serializers.ModelSerializer[Ticket]):
    project = serializers.CharField(source="project.code", read_only=True)
    room = serializers.CharField(source="room.code", default=None, read_only=True)
    category = serializers.CharField(source="category.name", read_only=True)
    assignee = serializers.CharField(source="assignee.username", default=None, read_only=True)
    paused = serializers.SerializerMethodField()
    sla = serializers.SerializerMethodField(help_text="the running clock closest to its deadline (or past it)")

    class Meta:
        model = Ticket
        fields = [
            "id",
            "number",
            "project",
            "room",
            "place",
            "kind",
            "channel",
            "category",
            "priority",
            "status",
            "reporter_name",
            "registered_at",
            "department",
            "assignee",
            "paused",
            "sla",
        ]

    def get_paused(self, obj: Ticket) -> bool:
        return obj.paused_since is not None

    @extend_schema_field(ClockSerializer(allow_null=True))
    def get_sla(self, obj: Ticket) -> dict[str, Any] | None:
        running = getattr(obj, "running", None)
        if running is None:
            running = list(obj.clocks.filter(stopped_at__isnull=True))
        clock = worst_clock(running, timezone.now(), obj.paused_since)
        return ClockSerializer(clock).data if clock else None


class StepSerializer(serializers.ModelSerializer[TicketStep]):
    actor = serializers.CharField(source="actor.username", default=None)

    class Meta:
        model = TicketStep
        fields = ["at", "action", "actor", "from_status", "to_status", "note"]


class CallbackSerializer(serializers.ModelSerializer[Callback]):
    ticket_number = serializers.CharField(source="ticket.number", read_only=True)
    done_by = serializers.CharField(source="done_by.username", default=None)

    class Meta:
        model = Callback
        fields = [
            "id",
            "ticket",
            "ticket_number",
            "created_at",
            "due_at",
            "visit_required",
            "method",
            "result",
            "comment",
            "done_by",
            "done_at",
            "escalated",
        ]


class TicketDetailSerializer(TicketSerializer):
    reporter_phone = serializers.SerializerMethodField(help_text="in full for CS staff and the worker, else masked")
    registered_by = serializers.CharField(source="registered_by.username")
    confirmation = serializers.SerializerMethodField(help_text="the code entered, or 'signature'")
    clocks = serializers.SerializerMethodField()
    steps = StepSerializer(many=True, read_only=True)
    callbacks = CallbackSerializer(many=True, read_only=True)
    steps_open = serializers.SerializerMethodField(help_text="the steps the caller may take now")

    class Meta(TicketSerializer.Meta):
        fields = [
            *TicketSerializer.Meta.fields,
            "content",
            "reporter_phone",
            "registered_by",
            "valid",
            "explanation",
            "deadline_at",
            "dispatched_at",
            "acknowledged_at",
            "arrived_at",
            "work_record",
            "completed_at",
            "confirmed_at",
            "confirmation",
            "returned_at",
            "feedback_at",
            "verified_at",
            "closed_at",
            "reopen_count",
            "pause_reason",
            "clocks",
            "steps",
            "callbacks",
            "steps_open",
        ]

    def _user(self) -> User:
        return self.context["request"].user  # type: ignore[no-any-return]

    def get_reporter_phone(self, obj: Ticket) -> str:
        from yidang.people.phones import mask_phone

        user = self._user()
        full = obj.assignee_id == user.pk or user.has_perm("service.handle_ticket")
        return obj.reporter_phone if full else mask_phone(obj.reporter_phone)

    def get_confirmation(self, obj: Ticket) -> str:
        return "signature" if signature_path(obj) else obj.confirmation

    @extend_schema_field(ClockSerializer(many=True))
    def get_clocks(self, obj: Ticket) -> list[dict[str, Any]]:
        now = timezone.now()
        clocks: QuerySet[SlaClock] = obj.clocks.order_by("started_at", "name")
        return [dict(ClockSerializer(clock_view(c, now, obj.paused_since)).data) for c in clocks]

    def get_steps_open(self, obj: Ticket) -> list[str]:
        return steps_open_to(self._user(), obj)


# ---- input -----------------------------------------------------------------------------------------------


class TicketInputSerializer(serializers.Serializer[Any]):
    """A new ticket. ``room`` is a household's id (GET /api/v1/households/); leave it out for a common area and
    give ``place``. ``category`` is a category id; ``priority`` defaults to the kind's first."""

    project = serializers.CharField(help_text="project code, e.g. HY")
    kind = serializers.ChoiceField(choices=TicketKind.choices)
    channel = serializers.ChoiceField(choices=Channel.choices)
    category = serializers.PrimaryKeyRelatedField(queryset=TicketCategory.objects.filter(active=True))
    priority = serializers.ChoiceField(choices=Priority.choices, required=False, allow_blank=True, default="")
    content = serializers.CharField(max_length=2000)
    reporter_name = serializers.CharField(max_length=50)
    reporter_phone = serializers.CharField(max_length=20, required=False, allow_blank=True, default="")
    room = serializers.IntegerField(required=False, allow_null=True, default=None)
    place = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")

    def ticket_data(self, user: User) -> tuple[Any, actions.TicketData]:
        d = self.validated_data
        project = projects_of(user).filter(code=d["project"]).first()
        if project is None:
            raise DomainError("只能在本人所属项目登记工单", field="project")
        room = None
        if d["room"] is not None:
            room = Room.objects.filter(pk=d["room"], project=project).first()  # project: one of the user's
            if room is None:
                raise DomainError("房屋不在该项目中", field="room")
        data = actions.TicketData(
            kind=d["kind"],
            channel=d["channel"],
            category=d["category"],
            content=d["content"],
            reporter_name=d["reporter_name"],
            reporter_phone=d["reporter_phone"],
            room=room,
            place=d["place"],
            priority=d["priority"],
        )
        return project, data


class NoInput(serializers.Serializer[Any]):
    pass


class AcceptInput(serializers.Serializer[Any]):
    deadline_at = serializers.DateTimeField(required=False, allow_null=True, default=None, help_text="major: required")


class RejectInput(serializers.Serializer[Any]):
    explanation = serializers.CharField(max_length=500, allow_blank=True)


class DispatchInput(serializers.Serializer[Any]):
    department = serializers.ChoiceField(choices=Department.choices)
    assignee = serializers.SlugRelatedField(
        slug_field="username", queryset=User.objects.filter(is_active=True), help_text="the worker's username"
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:  # only people of the caller's projects can be named
            field: Any = self.fields["assignee"]
            field.queryset = User.objects.filter(is_active=True, projects__in=project_ids_of(request.user)).distinct()


class CompleteInput(serializers.Serializer[Any]):
    work_record = serializers.CharField(max_length=2000, allow_blank=True)


class ConfirmInput(serializers.Serializer[Any]):
    code = serializers.CharField(max_length=20, required=False, allow_blank=True, default="")
    signature = serializers.CharField(
        required=False, allow_blank=True, default="", help_text="the owner's signature as data:image/png;base64,…"
    )


class CallbackInput(serializers.Serializer[Any]):
    method = serializers.ChoiceField(choices=CallbackMethod.choices)
    result = serializers.ChoiceField(choices=Satisfaction.choices)
    comment = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")
    reopen = serializers.BooleanField(required=False, default=False, help_text="dissatisfied: reopen (else escalate)")


class NoteInput(serializers.Serializer[Any]):
    note = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")


class ReasonInput(serializers.Serializer[Any]):
    reason = serializers.CharField(max_length=200, allow_blank=True)


_ERRORS = {
    400: OpenApiResponse(description="输入有误，或流程不允许这一步：detail 说明原因（DomainError）"),
    404: OpenApiResponse(description="工单不存在，或不在您的项目中 / 未派给您"),
}


class TicketListSerializer(serializers.Serializer[Any]):
    next = serializers.URLField(allow_null=True, help_text="the next page, or null on the last")
    results = TicketSerializer(many=True)


def _step_endpoint(name: str, input_cls: type[serializers.Serializer[Any]], doc: str) -> Any:
    """The POST route of one step (``/tickets/{id}/<step>/``): validate the input, call the step's action,
    answer the ticket. The method is named ``step_<name>`` (``dispatch`` is taken by DRF)."""

    def endpoint(self: TicketViewSet, request: Request, pk: str | None = None) -> Response:
        ticket = self.ticket()
        data = input_cls(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        STEP_CALLS[name](ticket, dict(data.validated_data), request.user)
        return self.answer(ticket.pk)

    endpoint.__name__ = endpoint.__qualname__ = f"step_{name}"
    endpoint.__doc__ = doc
    route = name.replace("_", "-")
    routed = action(detail=True, methods=["post"], url_path=route, url_name=route)(endpoint)
    request_schema = None if input_cls is NoInput else input_cls
    return extend_schema(request=request_schema, responses={200: TicketDetailSerializer, **_ERRORS})(routed)


class TicketViewSet(viewsets.GenericViewSet[Ticket]):
    """Repairs, complaints, enquiries, suggestions and praise of the caller's projects (CS), or dispatched to
    the caller (workers)."""

    serializer_class = TicketSerializer
    queryset = Ticket.objects.none()  # every read goes through tickets_visible_to

    def wanted(self) -> TicketFilter:
        user: User = self.request.user  # type: ignore[assignment]
        params = self.request.query_params
        return TicketFilter(
            status=params.get("status", "") or "open",
            kind=params.get("kind", ""),
            category_id=_int(params.get("category")),
            building_id=_int(params.get("building")),
            sla=sla_view(params.get("sla", "")),
            query=params.get("q", "").strip()[:50],
            assignee_id=user.pk if params.get("assignee") == "me" else None,
        )

    def ticket(self) -> Ticket:
        pk = str(self.kwargs.get("pk", ""))
        return ticket_get(self.request.user, int(pk) if pk.isdigit() and len(pk) < 19 else -1)  # type: ignore[arg-type]

    def answer(self, pk: int, code: int = status.HTTP_200_OK) -> Response:
        fresh = ticket_get(self.request.user, pk)  # type: ignore[arg-type]
        return Response(TicketDetailSerializer(fresh, context={"request": self.request}).data, status=code)

    @extend_schema(
        responses={200: TicketListSerializer},
        parameters=[
            OpenApiParameter("after", str, description="the cursor of the next page (from next)"),
            OpenApiParameter("status", str, description="a status, or open (default) / dispatch (waiting) / all"),
            OpenApiParameter("kind", str, enum=TicketKind.values),
            OpenApiParameter("category", int, description="category id"),
            OpenApiParameter("building", int, description="building id"),
            OpenApiParameter(
                "sla",
                str,
                enum=["on", "late"],
                description="on (or 1 / true): only tickets with a running clock about to break or broken; "
                "late: only those with a running clock past its deadline",
            ),
            OpenApiParameter("q", str, description="ticket number (or its start), room, owner or reporter name"),
            OpenApiParameter("assignee", str, enum=["me"], description="only tickets dispatched to me"),
        ],
    )
    def list(self, request: Request) -> Response:
        """Newest first, a page at a time; ``next`` continues after the last ticket (the list is never counted)."""
        user: User = request.user  # type: ignore[assignment]
        wanted = self.wanted()
        page = ticket_page(
            tickets_filtered(tickets_visible_to(user), wanted, user),
            ranges=status_ranges(wanted),
            project_ids=project_ids_of(user),
            after=request.query_params.get("after", ""),
        )
        following = None
        if page.next_cursor:
            query = request.query_params.copy()
            query["after"] = page.next_cursor
            following = request.build_absolute_uri(f"{request.path}?{query.urlencode()}")
        return Response({"next": following, "results": TicketSerializer(page.tickets, many=True).data})

    @extend_schema(responses={200: TicketDetailSerializer, 404: _ERRORS[404]})
    def retrieve(self, request: Request, pk: str | None = None) -> Response:
        return self.answer(self.ticket().pk)

    @extend_schema(request=TicketInputSerializer, responses={201: TicketDetailSerializer, **_ERRORS})
    def create(self, request: Request) -> Response:
        """Register a ticket (customer-service staff of the project)."""
        data = TicketInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        project, ticket_data = data.ticket_data(request.user)  # type: ignore[arg-type]
        ticket = actions.ticket_register(data=ticket_data, project=project, actor=request.user)
        return self.answer(ticket.pk, status.HTTP_201_CREATED)

    step_accept = _step_endpoint(
        "accept", AcceptInput, "A complaint is valid; a major one needs deadline_at (CS manager)."
    )
    step_reject = _step_endpoint(
        "reject", RejectInput, "A complaint does not stand: the explanation given, and it closes."
    )
    step_dispatch = _step_endpoint(
        "dispatch", DispatchInput, "Send the ticket to a department and a worker of the project."
    )
    step_acknowledge = _step_endpoint("acknowledge", NoInput, "The dispatched worker takes the ticket.")
    step_arrive = _step_endpoint("arrive", NoInput, "The worker is on site (stops the arrival clock).")
    step_complete = _step_endpoint("complete", CompleteInput, "The work is done, with its record.")
    step_confirm = _step_endpoint("confirm", ConfirmInput, "The owner confirms: a signature (PNG data URL) or a code.")
    step_return_slip = _step_endpoint("return_slip", NoInput, "The slip is back with CS; the callback task is created.")
    step_callback = _step_endpoint("callback", CallbackInput, "Record the ticket's callback.")
    step_feedback = _step_endpoint(
        "feedback", NoteInput, "Feedback to the complainant (the first stops the 24 h clock)."
    )
    step_verify = _step_endpoint("verify", NoteInput, "The CS manager verifies a complaint's handling.")
    step_close = _step_endpoint("close", NoteInput, "Close the ticket.")
    step_reopen = _step_endpoint("reopen", ReasonInput, "Reopen, with the reason.")
    step_pause = _step_endpoint(
        "pause", ReasonInput, "Pause the clocks (waiting for the owner or parts), with the reason."
    )
    step_resume = _step_endpoint("resume", NoInput, "Resume the clocks.")


def _int(raw: str | None) -> int | None:
    return int(raw) if raw and raw.isdigit() and len(raw) < 19 else None


class CallbackFiguresSerializer(serializers.Serializer[Any]):
    month = serializers.CharField(help_text="YYYY-MM")
    due = serializers.IntegerField(help_text="callbacks created (slips back) in the month")
    done = serializers.IntegerField()
    visits = serializers.IntegerField()
    satisfied = serializers.IntegerField(help_text="satisfied + basically satisfied")
    callback_rate = serializers.FloatField(allow_null=True, help_text="target 1.0")
    visit_share = serializers.FloatField(allow_null=True, help_text="target ≥ 0.70")
    satisfaction = serializers.FloatField(allow_null=True, help_text="target ≥ 0.95")


class CallbackViewSet(viewsets.GenericViewSet[Callback]):
    """The callbacks of the caller's projects (CS staff): due, overdue, done; recording one; the month's figures."""

    serializer_class = CallbackSerializer
    queryset = Callback.objects.none()  # every read goes through callbacks_visible_to

    def get_queryset(self) -> QuerySet[Callback]:
        rows = callbacks_visible_to(self.request.user).select_related("ticket", "done_by")  # type: ignore[arg-type]
        show, now = self.request.query_params.get("state", ""), timezone.now()
        if show == "due":
            return rows.filter(done_at__isnull=True, due_at__gte=now).order_by("due_at", "id")
        if show == "overdue":
            return rows.filter(done_at__isnull=True, due_at__lt=now).order_by("due_at", "id")
        if show == "done":
            return rows.filter(done_at__isnull=False).order_by("-done_at", "-id")
        return rows.order_by("-created_at", "-id")

    def callback(self) -> Callback:
        from django.http import Http404

        pk = str(self.kwargs.get("pk", ""))
        found = self.get_queryset().filter(pk=int(pk) if pk.isdigit() and len(pk) < 19 else -1).first()
        if found is None:
            raise Http404("没有找到该回访")
        return found

    @extend_schema(parameters=[OpenApiParameter("state", str, enum=["due", "overdue", "done"])])
    def list(self, request: Request) -> Response:
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(CallbackSerializer(page, many=True).data)

    @extend_schema(responses={200: CallbackSerializer, 404: _ERRORS[404]})
    def retrieve(self, request: Request, pk: str | None = None) -> Response:
        return Response(CallbackSerializer(self.callback()).data)

    @extend_schema(request=CallbackInput, responses={200: CallbackSerializer, **_ERRORS})
    @action(detail=True, methods=["post"])
    def record(self, request: Request, pk: str | None = None) -> Response:
        """Record the callback's method and result; dissatisfied reopens the ticket or goes to the CS manager."""
        callback = self.callback()  # another project's callback is a 404 before its body is read
        data = CallbackInput(data=request.data)
        data.is_valid(raise_exception=True)
        done = callback_take(callback, dict(data.validated_data), request.user)
        return Response(CallbackSerializer(done).data)

    @extend_schema(
        parameters=[OpenApiParameter("month", OpenApiTypes.STR, description="YYYY-MM, this month by default")],
        responses={200: CallbackFiguresSerializer},
    )
    @action(detail=False, methods=["get"])
    def figures(self, request: Request) -> Response:
        """Callback rate, visit share and satisfaction over the callbacks created in the month."""
        first = month_of(request.query_params.get("month", ""))
        start, end = month_span(first)
        month = callbacks_visible_to(request.user).filter(created_at__gte=start, created_at__lt=end)  # type: ignore[arg-type]
        f = callback_figures(month)
        body = {
            "month": f"{first:%Y-%m}",
            "due": f.due,
            "done": f.done,
            "visits": f.visits,
            "satisfied": f.satisfied,
            "callback_rate": f.callback_rate,
            "visit_share": f.visit_share,
            "satisfaction": f.satisfaction,
        }
        return Response(CallbackFiguresSerializer(body).data)
