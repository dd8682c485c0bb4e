"""Stocktakes (清点) of a storage area against the shelf ledger, and the storage-care log (保管检查).

A stocktake compares the folders the ledger puts in an area (a ``shelving.Location`` subtree) with
what the archivist scans or ticks there; closing it writes every line of the result, so the year-end
report reads what was found then, not what the ledger says now.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class StocktakeStatus(models.TextChoices):
    OPEN = "open", _("清点中")
    CLOSED = "closed", _("已完成")


class Outcome(models.TextChoices):
    IN_PLACE = "in_place", _("在架且位置正确")
    MISPLACED = "misplaced", _("在架但错位")
    MISSING = "missing", _("缺失")
    UNKNOWN = "unknown", _("无法识别的编码")
    ON_LOAN = "on_loan", _("借出中")


class Stocktake(models.Model):
    """One count of one storage area. At most one is open per area (a partial unique constraint)."""

    project = models.ForeignKey("places.Project", verbose_name=_("项目"), on_delete=models.PROTECT)
    area = models.ForeignKey(
        "shelving.Location", verbose_name=_("清点范围"), on_delete=models.PROTECT, related_name="stocktakes"
    )
    status = models.CharField(_("状态"), max_length=10, choices=StocktakeStatus.choices, default=StocktakeStatus.OPEN)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("清点人"), on_delete=models.PROTECT, related_name="+"
    )
    started_at = models.DateTimeField(_("开始时间"))
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("完成人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    closed_at = models.DateTimeField(_("完成时间"), null=True, blank=True)
    note = models.CharField(_("说明"), max_length=500, blank=True)
    # The counts of the result, written on closing (the lines hold the detail).
    expected = models.PositiveIntegerField(_("账面档案袋"), default=0)
    in_place = models.PositiveIntegerField(_("在架且位置正确"), default=0)
    misplaced = models.PositiveIntegerField(_("在架但错位"), default=0)
    missing = models.PositiveIntegerField(_("缺失"), default=0)
    unknown = models.PositiveIntegerField(_("无法识别的编码"), default=0)
    on_loan = models.PositiveIntegerField(_("借出中"), default=0)

    class Meta:
        verbose_name = _("档案清点")
        verbose_name_plural = _("档案清点")
        ordering = ["-started_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["area"], condition=Q(status="open"), name="stocktake_one_open_per_area"),
        ]
        indexes = [models.Index(fields=["project", "-started_at"], name="stocktake_project_recent")]

    def __str__(self) -> str:
        return f"{self.area.code} {timezone.localtime(self.started_at):%Y-%m-%d}"

    @property
    def is_open(self) -> bool:
        return self.status == StocktakeStatus.OPEN


class ScanMethod(models.TextChoices):
    SCAN = "scan", _("扫码/输入")
    TICK = "tick", _("勾选")


class StocktakeScan(models.Model):
    """A folder (or an unknown code) found during a stocktake, and where: the place last scanned."""

    stocktake = models.ForeignKey(Stocktake, on_delete=models.CASCADE, related_name="scans")
    code = models.CharField(_("编码"), max_length=200)
    archive = models.ForeignKey(
        "archive.Archive", verbose_name=_("档案"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    found_at = models.ForeignKey(
        "shelving.Location",
        verbose_name=_("发现位置"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # Where the ledger put the folder when it was scanned: the result keeps what was found then.
    expected_at = models.ForeignKey(
        "shelving.Location",
        verbose_name=_("账面位置"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    method = models.CharField(_("方式"), max_length=5, choices=ScanMethod.choices, default=ScanMethod.SCAN)
    scanned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("清点人"), on_delete=models.PROTECT, related_name="+"
    )
    scanned_at = models.DateTimeField(_("时间"))
    # A misplaced folder the archivist put back on its recorded place during the count.
    put_back_at = models.DateTimeField(_("放回原位时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("清点扫描")
        verbose_name_plural = _("清点扫描")
        constraints = [
            models.UniqueConstraint(
                fields=["stocktake", "archive"], condition=Q(archive__isnull=False), name="stocktake_scan_once"
            ),
            models.UniqueConstraint(
                fields=["stocktake", "code"], condition=Q(archive__isnull=True), name="stocktake_unknown_once"
            ),
        ]

    def __str__(self) -> str:
        return self.code


class StocktakeLine(models.Model):
    """One line of a closed stocktake's result: a folder (or an unknown code) and what was found."""

    stocktake = models.ForeignKey(Stocktake, on_delete=models.CASCADE, related_name="lines")
    outcome = models.CharField(_("结果"), max_length=10, choices=Outcome.choices)
    archive = models.ForeignKey(
        "archive.Archive", verbose_name=_("档案"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    code = models.CharField(_("编码/档案号"), max_length=200)
    expected_location = models.ForeignKey(
        "shelving.Location",
        verbose_name=_("账面位置"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    found_location = models.ForeignKey(
        "shelving.Location",
        verbose_name=_("发现位置"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    loan = models.ForeignKey(
        "loans.Loan", verbose_name=_("借阅"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    note = models.CharField(_("备注"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("清点结果")
        verbose_name_plural = _("清点结果")
        indexes = [models.Index(fields=["stocktake", "outcome"], name="stocktakeline_outcome")]

    def __str__(self) -> str:
        return f"{self.code} {self.get_outcome_display()}"


class CareKind(models.TextChoices):
    WEEKLY = "weekly", _("每周巡查")
    MONTHLY = "monthly", _("每月全面检查")


class Condition(models.TextChoices):
    OK = "ok", _("正常")
    PROBLEM = "problem", _("有问题")


class CareCheck(models.Model):
    """One entry of the storage-care log (库房保管检查记录) for a storage room: damp, insects, damage."""

    project = models.ForeignKey("places.Project", verbose_name=_("项目"), on_delete=models.PROTECT)
    room = models.ForeignKey(
        "shelving.Location", verbose_name=_("档案室"), on_delete=models.PROTECT, related_name="care_checks"
    )
    kind = models.CharField(_("检查类型"), max_length=10, choices=CareKind.choices)
    checked_on = models.DateField(_("检查日期"))
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("检查人"), on_delete=models.PROTECT, related_name="+"
    )
    damp = models.CharField(_("防潮"), max_length=10, choices=Condition.choices, default=Condition.OK)
    insects = models.CharField(_("防虫"), max_length=10, choices=Condition.choices, default=Condition.OK)
    damage = models.CharField(_("破损"), max_length=10, choices=Condition.choices, default=Condition.OK)
    temperature = models.DecimalField(_("温度（℃）"), max_digits=4, decimal_places=1, null=True, blank=True)
    humidity = models.PositiveSmallIntegerField(_("相对湿度（%）"), null=True, blank=True)
    findings = models.CharField(_("发现的问题"), max_length=500, blank=True)
    follow_up = models.CharField(_("处理措施"), max_length=500, blank=True)
    # A check with a problem stays open until its follow-up is done.
    resolved_at = models.DateTimeField(_("处理完成时间"), null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("处理完成人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    resolution = models.CharField(_("处理结果"), max_length=500, blank=True)
    recorded_at = models.DateTimeField(_("登记时间"))

    class Meta:
        verbose_name = _("库房保管检查")
        verbose_name_plural = _("库房保管检查")
        ordering = ["-checked_on", "-id"]
        indexes = [models.Index(fields=["room", "kind", "-checked_on"], name="carecheck_room_kind_recent")]

    def __str__(self) -> str:
        return f"{self.room.code} {self.get_kind_display()} {self.checked_on}"

    @property
    def has_problem(self) -> bool:
        return Condition.PROBLEM in (self.damp, self.insects, self.damage)

    @property
    def is_open(self) -> bool:
        return self.has_problem and self.resolved_at is None
