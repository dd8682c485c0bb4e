"""Requests to see or copy an owner's file, and the approvals that grant them (DOMAIN.md, 一级保密)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class RequestKind(models.TextChoices):
    STAFF = "staff", _("本公司其他部门查阅")
    OUTSIDER = "outsider", _("外部人员查阅")
    OWNER = "owner", _("业主查阅本户档案")
    COPY = "copy", _("复制、打印、导出、拍照")


class CopyKind(models.TextChoices):
    COPY = "copy", _("复印")
    PRINT = "print", _("打印")
    EXPORT = "export", _("导出")
    PHOTO = "photo", _("拍照")


class CopyFor(models.TextChoices):
    """Whom a copy is made for: the requester's own work, an owner (may carry a fee), an outsider."""

    SELF = "self", _("本人工作需要")
    OWNER = "owner", _("业主本人")
    OUTSIDER = "outsider", _("外部单位或人员")


class RequestStatus(models.TextChoices):
    PENDING = "pending", _("待审批")
    APPROVED = "approved", _("已批准")
    REJECTED = "rejected", _("已驳回")
    CANCELLED = "cancelled", _("已撤回")


class AccessRequest(models.Model):
    """One written request (查阅 / 复制申请): who, why, which files, for which time window.

    ``requester`` is the account that files it: the staff member asking for themselves (kind STAFF),
    or the CS staff registering an owner's or outsider's request at the front desk (``visitor_*``
    then say who is asking). An approved STAFF request lets the requester read exactly ``archives``
    between ``window_start`` and ``window_end``, in the reading view, and nothing else.
    """

    project = models.ForeignKey("places.Project", verbose_name=_("项目"), on_delete=models.PROTECT)
    kind = models.CharField(_("申请类别"), max_length=10, choices=RequestKind.choices)
    copy_kind = models.CharField(_("复制方式"), max_length=10, choices=CopyKind.choices, blank=True)
    requester = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("申请人"), on_delete=models.PROTECT, related_name="access_requests"
    )
    department = models.CharField(_("申请部门"), max_length=40, blank=True)
    visitor_name = models.CharField(_("来访人姓名"), max_length=50, blank=True)
    visitor_org = models.CharField(_("来访人单位"), max_length=100, blank=True)
    visitor_id_hash = models.CharField(max_length=64, blank=True, db_index=True)
    visitor_id_masked = models.CharField(_("来访人证件号"), max_length=40, blank=True)
    proof = models.FileField(_("证明材料"), upload_to="access/proof/%Y/%m/", blank=True)
    purpose = models.CharField(_("查阅目的"), max_length=200)
    archives = models.ManyToManyField("archive.Archive", verbose_name=_("档案"), related_name="access_requests")
    # A copy request names the documents to copy; none named means the catalogue of each file.
    documents = models.ManyToManyField("archive.Document", verbose_name=_("复制文件"), blank=True, related_name="+")
    copy_for = models.CharField(_("复制件用途"), max_length=10, choices=CopyFor.choices, blank=True)
    # The owner or co-owner the ID number typed at the front desk matched (kind OWNER, or a copy for an owner).
    visitor_person = models.ForeignKey(
        "people.Person", verbose_name=_("核验的业主"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    window_start = models.DateTimeField(_("查阅开始"))
    window_end = models.DateTimeField(_("查阅截止"))
    fee = models.DecimalField(_("费用（元）"), max_digits=8, decimal_places=2, default=0)
    accompanied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("陪同人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    status = models.CharField(_("状态"), max_length=10, choices=RequestStatus.choices, default=RequestStatus.PENDING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("审批人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("审批时间"), null=True, blank=True)
    decision_note = models.CharField(_("审批意见"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("申请时间"), auto_now_add=True)
    # The copy the system made on approval (kind COPY), and who signed for it.
    copy_file = models.FileField(_("复制件"), upload_to="access/copies/%Y/%m/", blank=True)
    copy_pages = models.PositiveIntegerField(_("复制件页数"), default=0)
    copy_made_at = models.DateTimeField(_("制作时间"), null=True, blank=True)
    received_by_name = models.CharField(_("签收人"), max_length=50, blank=True)
    received_at = models.DateTimeField(_("签收时间"), null=True, blank=True)
    receipt_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("签收经办人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("查阅申请")
        verbose_name_plural = _("查阅申请")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(condition=Q(window_end__gt=models.F("window_start")), name="access_window_order"),
        ]
        indexes = [
            models.Index(fields=["requester", "status", "window_end"], name="access_requester_open"),
            models.Index(fields=["project", "status", "created_at"], name="access_project_status"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk}"

    @property
    def is_visitor(self) -> bool:
        """An owner or outsider reads at the front desk, accompanied by CS staff; they have no account."""
        return self.kind in (RequestKind.OWNER, RequestKind.OUTSIDER)

    @property
    def visitor_label(self) -> str:
        """``张伟（110***********002X）``: who read, as the ledger and the register show it."""
        if not self.visitor_name:
            return ""
        return f"{self.visitor_name}（{self.visitor_id_masked}）" if self.visitor_id_masked else self.visitor_name


class ReadingSession(models.Model):
    """An owner's or outsider's reading at the front desk, opened and closed by the CS staff who accompanies them.

    While a session is open (and the request's window lasts), the accompanying staff shows the
    named files in the reading view; every page shown is a use by the visitor, recorded under
    the staff member's account.
    """

    request = models.ForeignKey(
        AccessRequest, verbose_name=_("申请"), on_delete=models.PROTECT, related_name="sessions"
    )
    accompanied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("陪同人"), on_delete=models.PROTECT, related_name="+"
    )
    started_at = models.DateTimeField(_("开始时间"))
    ended_at = models.DateTimeField(_("结束时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("陪同查阅")
        verbose_name_plural = _("陪同查阅")
        ordering = ["request", "started_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["request"], condition=Q(ended_at__isnull=True), name="access_one_open_session"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.request} {self.accompanied_by} {self.started_at:%Y-%m-%d %H:%M}"
