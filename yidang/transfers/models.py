"""Transfers of custody (移交): a sheet of folders and documents handed from one custodian to another.

The sender signs when sending (``sent_at``); custody (``Custody``) changes only when the receiver
acknowledges (``received_at``), and only for the items they found in the bundle. Times are kept to
the minute, as signed on the paper sheet.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class TransferRoute(models.TextChoices):
    BUYER_FILE = "buyer_file", _("销售 → 资料员（购房档案，24 小时内）")
    SALES_TO_ARCHIVE = "sales_archive", _("销售 → 公司档案室（每周）")
    ARCHIVE_TO_PROPERTY = "to_property", _("公司档案室 → 物业公司（入伙后）")
    STAFF_TO_ARCHIVIST = "to_archivist", _("客服专员 → 档案管理员（每月）")
    OTHER = "other", _("其他移交")


class TransferStatus(models.TextChoices):
    SENT = "sent", _("待签收")
    RECEIVED = "received", _("已签收")
    DISCREPANCY = "discrepancy", _("已签收（有差异）")
    REFUSED = "refused", _("已拒收")
    CANCELLED = "cancelled", _("已撤回")


OPEN_STATUSES = [TransferStatus.SENT]


class TransferSheet(models.Model):
    """One hand-over: from a user or an outside party, to a user or an outside party."""

    project = models.ForeignKey("places.Project", verbose_name=_("项目"), on_delete=models.PROTECT, related_name="+")
    number = models.CharField(_("移交单号"), max_length=40, unique=True)
    route = models.CharField(_("移交类别"), max_length=16, choices=TransferRoute.choices, default=TransferRoute.OTHER)
    sender = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("移交人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    sender_name = models.CharField(_("移交方（外部单位、人员）"), max_length=100, blank=True)
    receiver = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("接收人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    receiver_name = models.CharField(_("接收方（外部单位、人员）"), max_length=100, blank=True)
    note = models.CharField(_("备注"), max_length=500, blank=True)
    status = models.CharField(_("状态"), max_length=12, choices=TransferStatus.choices, default=TransferStatus.SENT)
    sent_at = models.DateTimeField(_("移交时间"))
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("登记人"), on_delete=models.PROTECT, related_name="+"
    )
    received_at = models.DateTimeField(_("签收时间"), null=True, blank=True)
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("签收登记人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    received_signer = models.CharField(_("签收人（外部）"), max_length=100, blank=True)
    receiver_note = models.CharField(_("接收意见"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("移交单")
        verbose_name_plural = _("移交单")
        ordering = ["-sent_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(sender__isnull=False) & Q(sender_name="")) | (Q(sender__isnull=True) & ~Q(sender_name="")),
                name="transfer_one_sender",
            ),
            models.CheckConstraint(
                condition=(Q(receiver__isnull=False) & Q(receiver_name=""))
                | (Q(receiver__isnull=True) & ~Q(receiver_name="")),
                name="transfer_one_receiver",
            ),
        ]
        indexes = [
            models.Index(fields=["project", "-sent_at"], name="transfer_project_sent"),
            models.Index(fields=["receiver", "status"], name="transfer_receiver_status"),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def sender_label(self) -> str:
        return str(self.sender) if self.sender_id else self.sender_name

    @property
    def receiver_label(self) -> str:
        return str(self.receiver) if self.receiver_id else self.receiver_name

    @property
    def is_open(self) -> bool:
        return self.status == TransferStatus.SENT


class TransferItem(models.Model):
    """One line of a sheet: a whole folder (``document`` empty) or one document (件) of it."""

    sheet = models.ForeignKey(TransferSheet, verbose_name=_("移交单"), on_delete=models.PROTECT, related_name="items")
    archive = models.ForeignKey("archive.Archive", verbose_name=_("档案"), on_delete=models.PROTECT, related_name="+")
    document = models.ForeignKey(
        "archive.Document", verbose_name=_("文件"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    received = models.BooleanField(_("已收到"), null=True, help_text=_("签收前为空"))
    missing_note = models.CharField(_("差异说明"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("移交明细")
        verbose_name_plural = _("移交明细")
        ordering = ["sheet", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["sheet", "archive"], condition=Q(document__isnull=True), name="transfer_item_folder_once"
            ),
            models.UniqueConstraint(
                fields=["sheet", "document"], condition=Q(document__isnull=False), name="transfer_item_document_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.archive} #{self.document.item_no}" if self.document is not None else str(self.archive)


class Custody(models.Model):
    """Who holds a folder, or a document held apart from its folder, since which acknowledged sheet.

    No row for a folder: it has not been handed over since it was filed (with the project's archivist).
    """

    archive = models.ForeignKey("archive.Archive", verbose_name=_("档案"), on_delete=models.PROTECT, related_name="+")
    document = models.ForeignKey(
        "archive.Document", verbose_name=_("文件"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    holder = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("保管人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    holder_name = models.CharField(_("保管方（外部）"), max_length=100, blank=True)
    since = models.DateTimeField(_("保管起始"))
    sheet = models.ForeignKey(TransferSheet, verbose_name=_("依据移交单"), on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("保管")
        verbose_name_plural = _("保管")
        constraints = [
            models.UniqueConstraint(fields=["archive"], condition=Q(document__isnull=True), name="custody_one_folder"),
            models.UniqueConstraint(
                fields=["document"], condition=Q(document__isnull=False), name="custody_one_document"
            ),
        ]

    def __str__(self) -> str:
        return self.holder_label

    @property
    def holder_label(self) -> str:
        return str(self.holder) if self.holder_id else self.holder_name


def open_sheet_holding(archive_id: int) -> TransferSheet | None:
    """The sheet awaiting signature on which the whole folder is being handed over, if any: while it is
    in transit the folder is neither on its shelf nor lent."""
    return (
        TransferSheet.objects.filter(
            status=TransferStatus.SENT, items__archive_id=archive_id, items__document__isnull=True
        )
        .order_by("sent_at")
        .first()
    )
