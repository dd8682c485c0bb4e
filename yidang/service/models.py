"""The service desk: repairs, complaints and other tickets, their steps and their SLA clocks."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class TicketKind(models.TextChoices):
    REPAIR = "repair", _("报修")
    COMPLAINT = "complaint", _("投诉")
    ENQUIRY = "enquiry", _("咨询")
    SUGGESTION = "suggestion", _("建议")
    PRAISE = "praise", _("表扬")


class Channel(models.TextChoices):
    PHONE = "phone", _("电话")
    WALK_IN = "walk_in", _("来访")
    WRITTEN = "written", _("书面")
    PORTAL = "portal", _("业主端")


class Priority(models.TextChoices):
    URGENT = "urgent", _("紧急")
    MINOR = "minor", _("小修")
    ORDINARY = "ordinary", _("一般")
    MAJOR = "major", _("重大")


# Which priorities a kind of ticket may carry; the first is its default.
PRIORITIES_OF = {
    TicketKind.REPAIR: [Priority.ORDINARY, Priority.MINOR, Priority.URGENT],
    TicketKind.COMPLAINT: [Priority.ORDINARY, Priority.MAJOR],
    TicketKind.ENQUIRY: [Priority.ORDINARY],
    TicketKind.SUGGESTION: [Priority.ORDINARY],
    TicketKind.PRAISE: [Priority.ORDINARY],
}


class TicketStatus(models.TextChoices):
    REGISTERED = "registered", _("已登记")
    ACCEPTED = "accepted", _("投诉成立")
    DISPATCHED = "dispatched", _("已派工")
    ACKNOWLEDGED = "acknowledged", _("已接单")
    ARRIVED = "arrived", _("已到场")
    COMPLETED = "completed", _("已完工")
    CONFIRMED = "confirmed", _("业主已确认")
    RETURNED = "returned", _("已回单")
    CALLED_BACK = "called_back", _("已回访")
    VERIFIED = "verified", _("经理已核实")
    REOPENED = "reopened", _("已重开")
    CLOSED = "closed", _("已关闭")


OPEN_STATUSES = [s for s in TicketStatus if s != TicketStatus.CLOSED]


class TicketCategory(models.Model):
    """What a ticket is about (水、电、门锁、电梯…). ``visit_callback``: its callback must be a visit."""

    name = models.CharField(_("名称"), max_length=40, unique=True)
    kinds = models.CharField(_("适用类型"), max_length=80, help_text=_("逗号分隔：repair,complaint,…"))
    visit_callback = models.BooleanField(_("须上门回访"), default=False)
    department = models.CharField(_("默认处理部门"), max_length=20, blank=True)
    order = models.PositiveSmallIntegerField(_("排序"), default=100)
    active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("工单类别")
        verbose_name_plural = _("工单类别")
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name


class Ticket(models.Model):
    """One repair, complaint, enquiry, suggestion or praise, from registration to close."""

    number = models.CharField(_("工单号"), max_length=24, unique=True)
    project = models.ForeignKey("places.Project", verbose_name=_("项目"), on_delete=models.PROTECT)
    room = models.ForeignKey(
        "places.Room", verbose_name=_("房屋"), null=True, blank=True, on_delete=models.PROTECT, related_name="tickets"
    )
    place = models.CharField(_("地点"), max_length=100, blank=True)
    kind = models.CharField(_("类型"), max_length=12, choices=TicketKind.choices)
    channel = models.CharField(_("渠道"), max_length=10, choices=Channel.choices)
    category = models.ForeignKey(TicketCategory, verbose_name=_("类别"), on_delete=models.PROTECT)
    priority = models.CharField(_("级别"), max_length=10, choices=Priority.choices, default=Priority.ORDINARY)
    content = models.TextField(_("内容"), max_length=2000)
    reporter_name = models.CharField(_("报告人"), max_length=50)
    reporter_phone = models.CharField(_("联系电话"), max_length=20, blank=True)
    status = models.CharField(_("状态"), max_length=14, choices=TicketStatus.choices, default=TicketStatus.REGISTERED)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("登记人"), on_delete=models.PROTECT, related_name="+"
    )
    registered_at = models.DateTimeField(_("登记时间"))
    valid = models.BooleanField(_("投诉成立"), null=True)
    explanation = models.CharField(_("解释说明"), max_length=500, blank=True)
    deadline_at = models.DateTimeField(_("处理期限"), null=True, blank=True)
    department = models.CharField(_("处理部门"), max_length=20, blank=True)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("处理人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="assigned_tickets",
    )
    dispatched_at = models.DateTimeField(_("派工时间"), null=True, blank=True)
    acknowledged_at = models.DateTimeField(_("接单时间"), null=True, blank=True)
    arrived_at = models.DateTimeField(_("到场时间"), null=True, blank=True)
    work_record = models.TextField(_("处理记录"), max_length=2000, blank=True)
    completed_at = models.DateTimeField(_("完工时间"), null=True, blank=True)
    confirmed_at = models.DateTimeField(_("业主确认时间"), null=True, blank=True)
    confirmation = models.CharField(_("确认方式"), max_length=200, blank=True)
    # Issued at completion, read to the owner by customer service; the owner's reading it back confirms the work.
    confirm_code = models.CharField(_("业主确认码"), max_length=8, blank=True)
    returned_at = models.DateTimeField(_("回单时间"), null=True, blank=True)
    feedback_at = models.DateTimeField(_("首次反馈时间"), null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("核实人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    verified_at = models.DateTimeField(_("核实时间"), null=True, blank=True)
    closed_at = models.DateTimeField(_("关闭时间"), null=True, blank=True)
    reopen_count = models.PositiveSmallIntegerField(_("重开次数"), default=0)
    paused_since = models.DateTimeField(_("暂停自"), null=True, blank=True)
    pause_reason = models.CharField(_("暂停原因"), max_length=200, blank=True)
    # The repair slip / complaint handling report filed into the household's file (服务记录) at close.
    document = models.OneToOneField(
        "archive.Document",
        verbose_name=_("归档文件"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="ticket",
    )

    class Meta:
        verbose_name = _("工单")
        verbose_name_plural = _("工单")
        ordering = ["-registered_at"]
        indexes = [
            models.Index(fields=["project", "status", "-registered_at"], name="ticket_project_status"),
            models.Index(fields=["assignee", "status"], name="ticket_assignee_status"),
            models.Index(fields=["room", "-registered_at"], name="ticket_room_recent"),
        ]
        permissions = [
            ("handle_ticket", _("可登记和处理工单")),
            ("verify_complaint", _("可核实投诉并设定重大投诉期限")),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.get_kind_display()}"


class TicketStep(models.Model):
    """One step of a ticket's flow, as it happened: the history shown on the ticket page."""

    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="steps")
    at = models.DateTimeField(_("时间"))
    action = models.CharField(_("操作"), max_length=30)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("操作人"), null=True, on_delete=models.PROTECT)
    from_status = models.CharField(max_length=14, blank=True)
    to_status = models.CharField(max_length=14, blank=True)
    note = models.CharField(_("说明"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("工单步骤")
        verbose_name_plural = _("工单步骤")
        ordering = ["ticket", "at", "id"]

    def __str__(self) -> str:
        return f"{self.ticket} {self.action}"


class ClockName(models.TextChoices):
    ARRIVAL = "arrival", _("到场")
    COMPLETION = "completion", _("完工")
    FEEDBACK = "feedback", _("反馈")
    CLOSURE = "closure", _("结案")


class SlaPolicy(models.Model):
    """How long a clock may run for a kind and priority of ticket. ``minutes`` empty: the manager sets it."""

    kind = models.CharField(_("工单类型"), max_length=12, choices=TicketKind.choices)
    priority = models.CharField(_("级别"), max_length=10, choices=Priority.choices)
    clock = models.CharField(_("时限"), max_length=12, choices=ClockName.choices)
    minutes = models.PositiveIntegerField(_("时限（分钟）"), null=True, blank=True)
    same_day = models.BooleanField(_("当日完成"), default=False)
    working_calendar = models.BooleanField(_("按工作日历计"), default=False)
    active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("服务时限")
        verbose_name_plural = _("服务时限")
        constraints = [
            models.UniqueConstraint(fields=["kind", "priority", "clock"], name="sla_policy_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}·{self.get_priority_display()}·{self.get_clock_display()}"


class SlaClock(models.Model):
    """One running deadline of a ticket. ``next_check_at`` is the sweep's claim column (empty when settled)."""

    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="clocks")
    name = models.CharField(_("时限"), max_length=12, choices=ClockName.choices)
    started_at = models.DateTimeField(_("开始"))
    due_at = models.DateTimeField(_("到期"))
    warn_at = models.DateTimeField(_("预警时间"))
    paused_seconds = models.PositiveIntegerField(_("暂停累计（秒）"), default=0)
    stopped_at = models.DateTimeField(_("完成时间"), null=True, blank=True)
    warned_at = models.DateTimeField(_("已预警"), null=True, blank=True)
    breached_at = models.DateTimeField(_("超时"), null=True, blank=True)
    breach_reason = models.CharField(_("超时原因"), max_length=200, blank=True)
    next_check_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("时限计时")
        verbose_name_plural = _("时限计时")
        constraints = [models.UniqueConstraint(fields=["ticket", "name"], name="sla_clock_unique")]
        indexes = [
            models.Index(fields=["next_check_at"], name="sla_clock_due", condition=Q(next_check_at__isnull=False))
        ]

    def __str__(self) -> str:
        return f"{self.ticket} {self.get_name_display()}"


class CallbackMethod(models.TextChoices):
    VISIT = "visit", _("上门回访")
    PHONE = "phone", _("电话回访")
    ON_SITE = "on_site", _("现场回访")


class Satisfaction(models.TextChoices):
    SATISFIED = "satisfied", _("满意")
    BASIC = "basic", _("基本满意")
    DISSATISFIED = "dissatisfied", _("不满意")


class Callback(models.Model):
    """The callback every repair and complaint gets once its slip is back with customer service."""

    ticket = models.ForeignKey(Ticket, verbose_name=_("工单"), on_delete=models.CASCADE, related_name="callbacks")
    project = models.ForeignKey("places.Project", verbose_name=_("项目"), on_delete=models.PROTECT)
    created_at = models.DateTimeField(_("生成时间"))
    due_at = models.DateTimeField(_("应回访时间"))
    visit_required = models.BooleanField(_("须上门"), default=False)
    method = models.CharField(_("回访方式"), max_length=10, choices=CallbackMethod.choices, blank=True)
    result = models.CharField(_("回访结果"), max_length=12, choices=Satisfaction.choices, blank=True)
    comment = models.CharField(_("业主意见"), max_length=500, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("回访人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    done_at = models.DateTimeField(_("回访时间"), null=True, blank=True)
    escalated = models.BooleanField(_("已转经理"), default=False)

    class Meta:
        verbose_name = _("回访")
        verbose_name_plural = _("回访")
        ordering = ["due_at"]
        indexes = [
            models.Index(fields=["project", "done_at"], name="callback_project_done"),
            models.Index(fields=["project", "due_at"], name="callback_open_due", condition=Q(done_at__isnull=True)),
        ]

    def __str__(self) -> str:
        return f"{self.ticket} {self.get_result_display() or _('待回访')}"


class CampaignStatus(models.TextChoices):
    OPEN = "open", _("进行中")
    CLOSED = "closed", _("已结束")


class SurveyCampaign(models.Model):
    """A satisfaction survey over a project's occupied households (twice a year, ≥ 95 % coverage)."""

    project = models.ForeignKey("places.Project", verbose_name=_("项目"), on_delete=models.PROTECT)
    name = models.CharField(_("名称"), max_length=100)
    starts_on = models.DateField(_("开始日期"))
    ends_on = models.DateField(_("结束日期"))
    status = models.CharField(_("状态"), max_length=8, choices=CampaignStatus.choices, default=CampaignStatus.OPEN)
    household_count = models.PositiveIntegerField(_("应调查户数"), default=0)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("发起人"), on_delete=models.PROTECT)
    created_at = models.DateTimeField(_("发起时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("满意度调查")
        verbose_name_plural = _("满意度调查")
        ordering = ["-starts_on"]
        constraints = [models.CheckConstraint(condition=Q(ends_on__gte=models.F("starts_on")), name="survey_dates")]

    def __str__(self) -> str:
        return self.name


class QuestionKind(models.TextChoices):
    RATING = "rating", _("满意度（满意 / 基本满意 / 不满意）")
    SCORE = "score", _("评分 1–5")
    TEXT = "text", _("意见建议")


class SurveyQuestion(models.Model):
    campaign = models.ForeignKey(SurveyCampaign, on_delete=models.CASCADE, related_name="questions")
    order = models.PositiveSmallIntegerField(_("序号"))
    text = models.CharField(_("题目"), max_length=200)
    kind = models.CharField(_("题型"), max_length=8, choices=QuestionKind.choices, default=QuestionKind.RATING)

    class Meta:
        verbose_name = _("调查题目")
        verbose_name_plural = _("调查题目")
        ordering = ["campaign", "order"]
        constraints = [models.UniqueConstraint(fields=["campaign", "order"], name="survey_question_order")]

    def __str__(self) -> str:
        return self.text


class SurveyMethod(models.TextChoices):
    PHONE = "phone", _("电话")
    VISIT = "visit", _("上门")
    PAPER = "paper", _("纸质问卷录入")


class SurveyResponse(models.Model):
    """One household's answers to one campaign (one per household)."""

    campaign = models.ForeignKey(SurveyCampaign, on_delete=models.PROTECT, related_name="responses")
    room = models.ForeignKey("places.Room", verbose_name=_("房屋"), on_delete=models.PROTECT, related_name="+")
    method = models.CharField(_("方式"), max_length=8, choices=SurveyMethod.choices)
    respondent = models.CharField(_("受访人"), max_length=50)
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("录入人"), on_delete=models.PROTECT)
    at = models.DateTimeField(_("时间"))

    class Meta:
        verbose_name = _("调查答卷")
        verbose_name_plural = _("调查答卷")
        constraints = [models.UniqueConstraint(fields=["campaign", "room"], name="survey_one_response_per_household")]

    def __str__(self) -> str:
        return f"{self.campaign} {self.room}"


class SurveyAnswer(models.Model):
    response = models.ForeignKey(SurveyResponse, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(SurveyQuestion, on_delete=models.PROTECT, related_name="answers")
    rating = models.CharField(max_length=12, choices=Satisfaction.choices, blank=True)
    score = models.PositiveSmallIntegerField(null=True, blank=True)
    text = models.CharField(max_length=500, blank=True)

    class Meta:
        verbose_name = _("答案")
        verbose_name_plural = _("答案")
        constraints = [
            models.UniqueConstraint(fields=["response", "question"], name="survey_answer_once"),
            models.CheckConstraint(
                condition=Q(score__isnull=True) | Q(score__gte=1, score__lte=5), name="survey_score_range"
            ),
        ]

    def __str__(self) -> str:
        return self.rating or str(self.score or self.text)
