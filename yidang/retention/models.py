"""Retention and disposal: holds, appraisal lists (鉴定清单), destruction lists (销毁清单) and ghosts.

A document whose retention has run out is put on its project's open appraisal by the daily sweep;
the panel (archivist, CS supervisor, CS manager) marks each item keep (a new period and a reason)
or destroy; closing the appraisal sends the destroy items to the general manager as a destruction
list; once approved, the archivist destroys them with a supervisor as witness. Each destroyed
document keeps its ``archive.Document`` row (``destroyed_at`` set) and gains a ``DocumentGhost``:
what it was, and when, on whose approval and by which list it was destroyed.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from yidang.archive.models import Archive, Document
from yidang.places.models import Project


class Hold(models.Model):
    """A legal or dispute hold (冻结) on one document, or on the whole file when ``document`` is empty.

    While a hold is active (not released) the document never reaches an appraisal or a destruction
    list, and a hold placed after listing keeps it from being destroyed.
    """

    project = models.ForeignKey(Project, verbose_name=_("项目"), on_delete=models.PROTECT, related_name="+")
    archive = models.ForeignKey(Archive, verbose_name=_("档案"), on_delete=models.PROTECT, related_name="holds")
    document = models.ForeignKey(
        Document, verbose_name=_("文件"), null=True, blank=True, on_delete=models.PROTECT, related_name="holds"
    )
    reason = models.CharField(_("冻结理由"), max_length=300)
    placed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("冻结人"), on_delete=models.PROTECT, related_name="+"
    )
    placed_at = models.DateTimeField(_("冻结时间"))
    released_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("解除人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    released_at = models.DateTimeField(_("解除时间"), null=True, blank=True)
    release_reason = models.CharField(_("解除理由"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("档案冻结")
        verbose_name_plural = _("档案冻结")
        indexes = [models.Index(fields=["archive", "released_at"], name="hold_archive_active")]

    def __str__(self) -> str:
        return f"{self.archive} {self.reason}"

    @property
    def active(self) -> bool:
        return self.released_at is None


class AppraisalStatus(models.TextChoices):
    OPEN = "open", _("鉴定中")
    CLOSED = "closed", _("已完成")


class Appraisal(models.Model):
    """A project's appraisal list (鉴定清单) of expired documents; one open at a time per project."""

    project = models.ForeignKey(Project, verbose_name=_("项目"), on_delete=models.PROTECT, related_name="+")
    number = models.CharField(_("编号"), max_length=40, unique=True)
    status = models.CharField(_("状态"), max_length=10, choices=AppraisalStatus.choices, default=AppraisalStatus.OPEN)
    created_at = models.DateTimeField(_("建立时间"))
    closed_at = models.DateTimeField(_("完成时间"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("完成人"), null=True, blank=True, on_delete=models.PROTECT
    )

    class Meta:
        verbose_name = _("鉴定清单")
        verbose_name_plural = _("鉴定清单")
        constraints = [
            models.UniqueConstraint(fields=["project"], condition=Q(status="open"), name="appraisal_one_open")
        ]

    def __str__(self) -> str:
        return self.number


class Decision(models.TextChoices):
    PENDING = "", _("待鉴定")
    KEEP = "keep", _("继续保存")
    DESTROY = "destroy", _("销毁")
    WITHHELD = "withheld", _("冻结，暂缓销毁")


class AppraisalItem(models.Model):
    """One expired document on an appraisal, and the panel's decision about it."""

    appraisal = models.ForeignKey(Appraisal, verbose_name=_("鉴定清单"), on_delete=models.PROTECT, related_name="items")
    document = models.ForeignKey(Document, verbose_name=_("文件"), on_delete=models.PROTECT, related_name="+")
    expired_on = models.DateField(_("到期日"))
    decision = models.CharField(_("鉴定意见"), max_length=10, choices=Decision.choices, default="", blank=True)
    keep_years = models.PositiveSmallIntegerField(_("延长年限"), null=True, blank=True)
    keep_until = models.DateField(_("延长至"), null=True, blank=True)
    reason = models.CharField(_("理由"), max_length=300, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("鉴定人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("鉴定时间"), null=True, blank=True)
    on_list = models.BooleanField(_("列入销毁清单"), default=False)

    class Meta:
        verbose_name = _("鉴定条目")
        verbose_name_plural = _("鉴定条目")
        ordering = ["appraisal", "document__archive__number", "document__item_no"]
        constraints = [
            # The sweep's idempotency: a document waits on at most one appraisal at a time.
            models.UniqueConstraint(fields=["document"], condition=Q(decision=""), name="appraisal_item_one_pending"),
            models.CheckConstraint(
                condition=~Q(decision="keep") | (Q(keep_until__isnull=False) & ~Q(reason="")),
                name="appraisal_keep_has_period_and_reason",
            ),
        ]
        indexes = [models.Index(fields=["document", "decision"], name="appraisal_item_document")]

    def __str__(self) -> str:
        return f"{self.appraisal} {self.document}"


class ListStatus(models.TextChoices):
    PENDING = "pending", _("待总经理审批")
    APPROVED = "approved", _("已批准，待销毁")
    REJECTED = "rejected", _("已驳回")
    DESTROYED = "destroyed", _("已销毁")


class Method(models.TextChoices):
    SHRED = "shred", _("粉碎")
    BURN = "burn", _("焚烧")


class DestructionList(models.Model):
    """A destruction list (销毁清单) for the general manager; once carried out, the destruction record (销毁记录)."""

    project = models.ForeignKey(Project, verbose_name=_("项目"), on_delete=models.PROTECT, related_name="+")
    number = models.CharField(_("编号"), max_length=40, unique=True)
    appraisal = models.OneToOneField(
        Appraisal, verbose_name=_("鉴定清单"), on_delete=models.PROTECT, related_name="destruction_list"
    )
    status = models.CharField(_("状态"), max_length=10, choices=ListStatus.choices, default=ListStatus.PENDING)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("提交人"), on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField(_("提交时间"))
    due_at = models.DateTimeField(_("审批期限"))
    reminded_at = models.DateTimeField(_("提醒时间"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("审批人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("审批时间"), null=True, blank=True)
    decision_note = models.CharField(_("审批意见"), max_length=300, blank=True)
    method = models.CharField(_("销毁方式"), max_length=10, choices=Method.choices, blank=True)
    witness = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("监销人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    destroyed_at = models.DateTimeField(_("销毁时间"), null=True, blank=True)
    executed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("销毁人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    destroyed_count = models.PositiveIntegerField(_("销毁件数"), default=0)
    destroyed_pages = models.PositiveIntegerField(_("销毁页数"), default=0)
    withheld_count = models.PositiveIntegerField(_("冻结暂缓件数"), default=0)
    record_keep_until = models.DateField(_("销毁记录保管至"), null=True, blank=True)

    class Meta:
        verbose_name = _("销毁清单")
        verbose_name_plural = _("销毁清单")
        indexes = [models.Index(fields=["status", "due_at"], name="destruction_list_due")]
        permissions = [
            ("view_retention", _("可查看保管期限、鉴定与销毁")),
            ("appraise", _("可鉴定到期档案（鉴定小组）")),
            ("approve_destruction", _("可审批销毁清单")),
            ("execute_destruction", _("可执行销毁")),
            ("place_hold", _("可冻结和解冻档案")),
        ]

    def __str__(self) -> str:
        return self.number


class DocumentGhost(models.Model):
    """What a destroyed document was, and when, on whose approval and by which list it was destroyed."""

    document = models.OneToOneField(Document, verbose_name=_("文件"), on_delete=models.PROTECT, related_name="ghost")
    destruction_list = models.ForeignKey(
        DestructionList, verbose_name=_("销毁清单"), on_delete=models.PROTECT, related_name="ghosts"
    )
    project = models.ForeignKey(Project, verbose_name=_("项目"), on_delete=models.PROTECT, related_name="+")
    archive = models.ForeignKey(Archive, verbose_name=_("档案"), on_delete=models.PROTECT, related_name="ghosts")
    archive_number = models.CharField(_("档案号"), max_length=60)
    item_no = models.PositiveIntegerField(_("件号"))
    title = models.CharField(_("题名"), max_length=200)
    doc_type = models.CharField(_("文件类型"), max_length=80)
    category = models.CharField(_("类别"), max_length=50)
    doc_date = models.DateField(_("文件日期"), null=True, blank=True)
    filed_at = models.DateTimeField(_("归档时间"))
    pages = models.PositiveSmallIntegerField(_("页数"))
    is_original = models.BooleanField(_("原件"))
    had_paper = models.BooleanField(_("有纸质"))
    retention = models.CharField(_("保管期限"), max_length=40)
    expired_on = models.DateField(_("到期日"))
    scans = models.JSONField(_("扫描件版本"), default=list, blank=True)
    destroyed_at = models.DateTimeField(_("销毁时间"))
    method = models.CharField(_("销毁方式"), max_length=10, choices=Method.choices)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("批准人"), on_delete=models.PROTECT, related_name="+"
    )
    approved_at = models.DateTimeField(_("批准时间"))

    class Meta:
        verbose_name = _("已销毁文件")
        verbose_name_plural = _("已销毁文件")
        ordering = ["archive_number", "item_no"]

    def __str__(self) -> str:
        return f"{self.archive_number} {self.item_no}. {self.title}"
