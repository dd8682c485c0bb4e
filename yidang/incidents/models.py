"""Loss and damage of file papers (档案遗失、损坏): the report, its cause, what was done, until closed.

The one model of loss and damage in the project: a loan's return check that finds papers missing or
damaged files one of these reports (``loan`` set), as does anyone who finds a loss on the shelf.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class IncidentKind(models.TextChoices):
    MISSING = "missing", _("缺失")
    DAMAGED = "damaged", _("损坏")


class Cause(models.TextChoices):
    NATURAL = "natural", _("自然损坏（潮湿、虫蛀、老化）")
    THEFT = "theft", _("被盗")
    NEGLIGENCE = "negligence", _("保管或使用不当")
    UNKNOWN = "unknown", _("原因待查")


class IncidentStatus(models.TextChoices):
    OPEN = "open", _("处理中")
    CLOSED = "closed", _("已结案")


class StepKind(models.TextChoices):
    REPAIR = "repair", _("修复")
    REPLACE = "replace", _("补充（如向业主重新取得复印件）")
    POLICE = "police", _("报警")
    MANAGEMENT = "management", _("上报管理层")
    CAUSE = "cause", _("认定原因")
    NOTE = "note", _("情况补充")
    CLOSE = "close", _("结案")


class IncidentReport(models.Model):
    """One loss or damage of papers of one file: what, when found, by whom, why, and what was done."""

    project = models.ForeignKey("places.Project", verbose_name=_("项目"), on_delete=models.PROTECT, related_name="+")
    archive = models.ForeignKey(
        "archive.Archive", verbose_name=_("档案"), on_delete=models.PROTECT, related_name="incidents"
    )
    loan = models.ForeignKey(
        "loans.Loan",
        verbose_name=_("借阅"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="incidents",
        help_text=_("归还检查时发现的缺损"),
    )
    kind = models.CharField(_("类型"), max_length=10, choices=IncidentKind.choices)
    cause = models.CharField(_("原因"), max_length=12, choices=Cause.choices, default=Cause.UNKNOWN)
    documents = models.ManyToManyField("archive.Document", verbose_name=_("涉及文件"), related_name="+")
    note = models.CharField(_("情况说明"), max_length=500)
    found_at = models.DateTimeField(_("发现时间"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("报告人"), on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("登记时间"))
    status = models.CharField(_("状态"), max_length=8, choices=IncidentStatus.choices, default=IncidentStatus.OPEN)
    police_report_no = models.CharField(_("报警回执号"), max_length=60, blank=True)
    management_reported_at = models.DateTimeField(_("上报管理层时间"), null=True, blank=True)
    closed_at = models.DateTimeField(_("结案时间"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("结案人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("档案缺损报告")
        verbose_name_plural = _("档案缺损报告")
        ordering = ["-recorded_at", "-id"]
        indexes = [models.Index(fields=["project", "status", "-recorded_at"], name="incident_project_status")]
        permissions = [("handle_incidentreport", _("可处理档案缺损报告（认定原因、处理措施、结案）"))]

    def __str__(self) -> str:
        return f"{self.archive} {self.get_kind_display()}"


class IncidentStep(models.Model):
    """One thing done about a report: a repair, a replacement, a police report, a report to management…"""

    report = models.ForeignKey(
        IncidentReport, verbose_name=_("缺损报告"), on_delete=models.PROTECT, related_name="steps"
    )
    kind = models.CharField(_("措施"), max_length=12, choices=StepKind.choices)
    note = models.CharField(_("说明"), max_length=500)
    at = models.DateTimeField(_("时间"))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("经办人"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("缺损处理记录")
        verbose_name_plural = _("缺损处理记录")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.report_id} {self.get_kind_display()}"
