"""The usage ledger (档案利用登记): one row per use of a file — who, as what, when, why, what."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class UsageKind(models.TextChoices):
    VIEW_FILE = "view_file", _("查阅档案")
    VIEW_DOCUMENT = "view_document", _("查阅文件")
    DOWNLOAD = "download", _("下载扫描件")
    PRINT = "print", _("打印")
    EXPORT = "export", _("导出")
    COPY = "copy", _("复制")
    REVEAL_ID = "reveal_id", _("查看证件号")
    LOAN = "loan", _("借出纸质档案")


class UsageRecord(models.Model):
    """Append-only. ``request`` names the approved request the use rests on, when it rests on one."""

    at = models.DateTimeField(_("时间"), db_index=True)
    kind = models.CharField(_("利用方式"), max_length=20, choices=UsageKind.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("利用人"), null=True, on_delete=models.PROTECT, related_name="+"
    )
    role = models.CharField(_("角色"), max_length=40, blank=True)
    department = models.CharField(_("部门"), max_length=40, blank=True)
    # An owner or outsider reading at the front desk has no account: who they are, as checked.
    visitor = models.CharField(_("来访人"), max_length=100, blank=True)
    purpose = models.CharField(_("目的"), max_length=200, blank=True)
    request = models.ForeignKey(
        "access.AccessRequest",
        verbose_name=_("申请"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="uses",
    )
    project = models.ForeignKey("places.Project", verbose_name=_("项目"), null=True, on_delete=models.PROTECT)
    archive = models.ForeignKey(
        "archive.Archive", verbose_name=_("档案"), null=True, blank=True, on_delete=models.PROTECT, related_name="uses"
    )
    document = models.ForeignKey(
        "archive.Document", verbose_name=_("文件"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    category = models.CharField(_("档案类别"), max_length=40, blank=True)
    what = models.CharField(_("利用内容"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("利用登记")
        verbose_name_plural = _("利用登记")
        indexes = [
            models.Index(fields=["project", "at"], name="usage_project_at"),
            models.Index(fields=["archive", "at"], name="usage_archive_at"),
            models.Index(fields=["user", "kind", "at"], name="usage_user_kind_at"),
        ]
        permissions = [("reveal_id_number", _("可查看完整证件号码（须说明原因，留痕并限次）"))]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.get_kind_display()} {self.what}"
