"""Loans of paper folders (文件借阅): request, approvals, checkout, renewals, return check, close."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

# Loss and damage found at a return are reports of the incidents app (one model of loss and damage).
from yidang.incidents.models import IncidentKind, IncidentReport

__all__ = ["ACTIVE_STATUSES", "OPEN_STATUSES", "IncidentKind", "IncidentReport", "Loan", "LoanStatus"]


class LoanStatus(models.TextChoices):
    REQUESTED = "requested", _("待审批")
    APPROVED = "approved", _("已批准待借出")
    OUT = "out", _("借出中")
    RETURNED = "returned", _("已归还")
    REJECTED = "rejected", _("已驳回")
    CANCELLED = "cancelled", _("已撤回")


ACTIVE_STATUSES = [LoanStatus.OUT]
# Loans still under way: a borrower may hold one of these per folder at a time.
OPEN_STATUSES = [LoanStatus.REQUESTED, LoanStatus.APPROVED, LoanStatus.OUT]


class Loan(models.Model):
    """One loan of one folder. At most one loan per folder is out at a time (a database constraint)."""

    archive = models.ForeignKey(
        "archive.Archive", verbose_name=_("档案"), on_delete=models.PROTECT, related_name="loans"
    )
    project = models.ForeignKey("places.Project", verbose_name=_("项目"), on_delete=models.PROTECT)
    borrower = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("借阅人"), on_delete=models.PROTECT, related_name="loans"
    )
    purpose = models.CharField(_("借阅目的"), max_length=200)
    out_of_room = models.BooleanField(_("借出档案室"), default=False)
    status = models.CharField(_("状态"), max_length=10, choices=LoanStatus.choices, default=LoanStatus.REQUESTED)
    requested_at = models.DateTimeField(_("申请时间"), auto_now_add=True)
    head_approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("客服主管审批"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    head_approved_at = models.DateTimeField(_("主管审批时间"), null=True, blank=True)
    manager_approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("客服经理审批"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    manager_approved_at = models.DateTimeField(_("经理审批时间"), null=True, blank=True)
    decision_note = models.CharField(_("审批意见"), max_length=200, blank=True)
    checked_out_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("借出经办"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    checked_out_at = models.DateTimeField(_("借出时间"), null=True, blank=True)
    due_at = models.DateTimeField(_("应还时间"), null=True, blank=True)
    same_day = models.BooleanField(
        _("当日归还"), default=False, help_text=_("借出时档案袋中有一级保密文件：当日下班前归还，不能续借")
    )
    documents = models.ManyToManyField(
        "archive.Document",
        verbose_name=_("借出文件"),
        blank=True,
        related_name="+",
        help_text=_("借出时袋中的纸质文件"),
    )
    renewals = models.PositiveSmallIntegerField(_("续借次数"), default=0)
    returned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("归还经办"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    returned_at = models.DateTimeField(_("归还时间"), null=True, blank=True)
    return_note = models.CharField(_("归还检查"), max_length=500, blank=True)
    last_reminded_at = models.DateTimeField(_("最近催还"), null=True, blank=True)
    reminder_count = models.PositiveSmallIntegerField(_("催还次数"), default=0)

    class Meta:
        verbose_name = _("借阅")
        verbose_name_plural = _("借阅")
        ordering = ["-requested_at"]
        constraints = [
            models.UniqueConstraint(fields=["archive"], condition=Q(status="out"), name="loan_one_out_per_folder"),
        ]
        indexes = [
            models.Index(fields=["status", "due_at"], name="loan_status_due"),
            models.Index(fields=["borrower", "status"], name="loan_borrower_status"),
            # The overdue job claims out loans past due and not yet reminded today.
            models.Index(
                fields=["due_at", "last_reminded_at"], condition=Q(status="out"), name="loan_out_due_reminded"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.archive} → {self.borrower}"

    @property
    def waits_for_manager(self) -> bool:
        """Out of the archive room: the CS head has approved, the CS manager has not yet."""
        return self.status == LoanStatus.REQUESTED and self.head_approved_at is not None
