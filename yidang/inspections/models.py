"""Quality inspections of the owner files (质量检查): proposals, samples, plans, records, findings, chase tasks.

- ``InspectionProposal``: the system proposes a full check of a building's move-in and renovation
  files when it reaches the occupancy threshold or one year after its first move-in (once per building).
- ``Inspection``: one check — a full check of a building, or a six-monthly random sample of a project's
  files (stratified by building, drawn from a recorded seed: the population and the draw are stored).
- ``InspectionRecord`` (质量检查记录): one file's check, with its typed ``Finding`` rows.
- ``ChaseTask``: each finding becomes one task with an owner and a due date on the working calendar.
- ``InspectionPlan``: the project's checks of a year; approved only with at least two.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class InspectionKind(models.TextChoices):
    FULL = "full", _("全面检查")
    SAMPLE = "sample", _("抽样检查")


class ProposalReason(models.TextChoices):
    OCCUPANCY = "occupancy", _("入住率达到标准")
    ANNIVERSARY = "anniversary", _("首户入伙满一年")


class ProposalStatus(models.TextChoices):
    OPEN = "open", _("待安排")
    STARTED = "started", _("已安排检查")


class InspectionProposal(models.Model):
    """A full check of a building's move-in and renovation files, proposed once per building."""

    project = models.ForeignKey("places.Project", verbose_name=_("项目"), on_delete=models.PROTECT, related_name="+")
    building = models.ForeignKey(
        "places.Building", verbose_name=_("楼栋"), on_delete=models.PROTECT, related_name="inspection_proposals"
    )
    reason = models.CharField(_("触发原因"), max_length=12, choices=ProposalReason.choices)
    proposed_at = models.DateTimeField(_("提出时间"))
    rooms = models.PositiveIntegerField(_("房屋数"))
    occupied = models.PositiveIntegerField(_("已入住"))
    first_move_in = models.DateField(_("首户入伙日期"), null=True, blank=True)
    status = models.CharField(_("状态"), max_length=10, choices=ProposalStatus.choices, default=ProposalStatus.OPEN)

    class Meta:
        verbose_name = _("全面检查提议")
        verbose_name_plural = _("全面检查提议")
        ordering = ["-proposed_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["building"], name="inspection_proposal_once_per_building")]
        indexes = [models.Index(fields=["project", "status"], name="inspection_proposal_open")]

    def __str__(self) -> str:
        return f"{self.building} {self.get_reason_display()}"

    @property
    def occupancy_percent(self) -> float:
        return round(100 * self.occupied / self.rooms, 1) if self.rooms else 0.0


class InspectionStatus(models.TextChoices):
    OPEN = "open", _("检查中")
    DONE = "done", _("已完成")


class Inspection(models.Model):
    """One check: every file of a building (full), or a random sample of a project's files."""

    project = models.ForeignKey(
        "places.Project", verbose_name=_("项目"), on_delete=models.PROTECT, related_name="inspections"
    )
    kind = models.CharField(_("检查类型"), max_length=10, choices=InspectionKind.choices)
    building = models.ForeignKey(
        "places.Building", verbose_name=_("楼栋"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    proposal = models.OneToOneField(
        InspectionProposal,
        verbose_name=_("提议"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="inspection",
    )
    period = models.CharField(_("抽样周期"), max_length=7, blank=True, help_text=_("半年，如 2026H2"))
    seed = models.BigIntegerField(_("随机种子"), null=True, blank=True)
    rate = models.DecimalField(_("抽样比例"), max_digits=5, decimal_places=4, null=True, blank=True)
    # The draw as made: {building id: [archive ids of the population, in draw order]} and what was drawn.
    population = models.JSONField(_("抽样总体"), default=dict, blank=True)
    strata = models.JSONField(_("分层结果"), default=list, blank=True)
    status = models.CharField(_("状态"), max_length=10, choices=InspectionStatus.choices, default=InspectionStatus.OPEN)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("发起人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    started_at = models.DateTimeField(_("发起时间"))
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("质量检查")
        verbose_name_plural = _("质量检查")
        ordering = ["-started_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "period"], condition=Q(kind="sample"), name="inspection_one_sample_per_period"
            ),
            models.CheckConstraint(
                condition=Q(kind="full", building__isnull=False) | Q(kind="sample", seed__isnull=False),
                name="inspection_kind_fields",
            ),
        ]
        indexes = [models.Index(fields=["project", "status"], name="inspection_project_status")]
        permissions = [
            ("run_inspection", _("可进行档案质量检查")),
            ("approve_inspectionplan", _("可批准档案检查计划")),
        ]

    def __str__(self) -> str:
        if self.kind == InspectionKind.SAMPLE:
            return _("%(p)s 抽样检查") % {"p": self.period}
        return _("%(b)s 全面检查") % {"b": self.building}

    @property
    def rate_percent(self) -> int | None:
        """The sample's share of each building, in percent (as drawn)."""
        return int(self.rate * 100) if self.rate is not None else None


class RecordStatus(models.TextChoices):
    PENDING = "pending", _("待检查")
    DONE = "done", _("已检查")


class InspectionRecord(models.Model):
    """质量检查记录: one file's check within an inspection."""

    inspection = models.ForeignKey(
        Inspection, verbose_name=_("质量检查"), on_delete=models.PROTECT, related_name="records"
    )
    archive = models.ForeignKey(
        "archive.Archive", verbose_name=_("档案"), on_delete=models.PROTECT, related_name="inspection_records"
    )
    project = models.ForeignKey("places.Project", verbose_name=_("项目"), on_delete=models.PROTECT, related_name="+")
    status = models.CharField(_("状态"), max_length=10, choices=RecordStatus.choices, default=RecordStatus.PENDING)
    items_checked = models.PositiveSmallIntegerField(_("检查项数"), default=0)
    inspector = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("检查人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    inspected_at = models.DateTimeField(_("检查时间"), null=True, blank=True)
    note = models.CharField(_("检查意见"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("质量检查记录")
        verbose_name_plural = _("质量检查记录")
        ordering = ["inspection", "archive__number"]
        constraints = [models.UniqueConstraint(fields=["inspection", "archive"], name="inspection_record_unique")]

    def __str__(self) -> str:
        return f"{self.inspection} {self.archive}"


class FindingKind(models.TextChoices):
    MISSING = "missing", _("缺失")
    WRONG = "wrong", _("文件错误/不符")
    ILLEGIBLE = "illegible", _("字迹不清")
    UNSIGNED = "unsigned", _("未签字盖章")
    EXPIRED = "expired", _("证件过期")
    NOT_ORIGINAL = "not_original", _("应为原件")
    OTHER = "other", _("其他问题")


FAULTY_KINDS = [k for k in FindingKind if k != FindingKind.MISSING]


class Finding(models.Model):
    """One checklist item of a file found missing or faulty."""

    record = models.ForeignKey(
        InspectionRecord, verbose_name=_("检查记录"), on_delete=models.PROTECT, related_name="findings"
    )
    doc_type = models.ForeignKey(
        "archive.DocumentType", verbose_name=_("文件类型"), on_delete=models.PROTECT, related_name="+"
    )
    document = models.ForeignKey(
        "archive.Document",
        verbose_name=_("涉及文件"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    kind = models.CharField(_("问题类型"), max_length=12, choices=FindingKind.choices)
    note = models.CharField(_("说明"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("检查发现")
        verbose_name_plural = _("检查发现")
        ordering = ["record", "id"]
        constraints = [models.UniqueConstraint(fields=["record", "doc_type"], name="finding_one_per_item")]

    def __str__(self) -> str:
        return f"{self.doc_type} {self.get_kind_display()}"


class ChaseStatus(models.TextChoices):
    OPEN = "open", _("待整改")
    CLOSED = "closed", _("已整改")


class ChaseTask(models.Model):
    """The follow-up of one finding: an owner (CS staff of the project) brings the item in by the due date."""

    finding = models.OneToOneField(
        Finding, verbose_name=_("检查发现"), on_delete=models.PROTECT, related_name="chase_task"
    )
    project = models.ForeignKey("places.Project", verbose_name=_("项目"), on_delete=models.PROTECT, related_name="+")
    archive = models.ForeignKey("archive.Archive", verbose_name=_("档案"), on_delete=models.PROTECT, related_name="+")
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("责任人"), on_delete=models.PROTECT, related_name="chase_tasks"
    )
    due_at = models.DateTimeField(_("整改期限"))
    status = models.CharField(_("状态"), max_length=10, choices=ChaseStatus.choices, default=ChaseStatus.OPEN)
    created_at = models.DateTimeField(_("下达时间"))
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("办结人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    closed_at = models.DateTimeField(_("办结时间"), null=True, blank=True)
    resolution = models.CharField(_("整改情况"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("整改追办")
        verbose_name_plural = _("整改追办")
        ordering = ["due_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="open") | ~Q(resolution=""), name="chase_task_closed_says_what_was_done"
            )
        ]
        indexes = [
            models.Index(fields=["project", "status", "due_at"], name="chase_project_open_due"),
            models.Index(fields=["owner", "status", "due_at"], name="chase_owner_open_due"),
        ]

    def __str__(self) -> str:
        return f"{self.archive} {self.finding}"


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("草拟")
    APPROVED = "approved", _("已批准")


class InspectionPlan(models.Model):
    """档案检查计划: a project's checks of one year; approved only with at least two checks."""

    project = models.ForeignKey(
        "places.Project", verbose_name=_("项目"), on_delete=models.PROTECT, related_name="inspection_plans"
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    status = models.CharField(_("状态"), max_length=10, choices=PlanStatus.choices, default=PlanStatus.DRAFT)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("编制人"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("编制时间"))
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("批准人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    approved_at = models.DateTimeField(_("批准时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("档案检查计划")
        verbose_name_plural = _("档案检查计划")
        ordering = ["-year", "project"]
        constraints = [models.UniqueConstraint(fields=["project", "year"], name="inspection_plan_one_per_year")]

    def __str__(self) -> str:
        return _("%(p)s %(y)s 年档案检查计划") % {"p": self.project, "y": self.year}


class PlannedCheck(models.Model):
    plan = models.ForeignKey(InspectionPlan, verbose_name=_("计划"), on_delete=models.CASCADE, related_name="checks")
    month = models.PositiveSmallIntegerField(_("月份"))
    kind = models.CharField(_("检查类型"), max_length=10, choices=InspectionKind.choices)
    scope = models.CharField(_("检查范围"), max_length=200)

    class Meta:
        verbose_name = _("计划检查")
        verbose_name_plural = _("计划检查")
        ordering = ["plan", "month", "id"]
        constraints = [models.CheckConstraint(condition=Q(month__gte=1, month__lte=12), name="planned_check_month")]

    def __str__(self) -> str:
        return _("%(m)s 月 %(k)s") % {"m": self.month, "k": self.get_kind_display()}
