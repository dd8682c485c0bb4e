"""The owner archive: one file per household room, its checklist, documents and scans."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from yidang.places.models import Project, Room


class Category(models.Model):
    """A section of the file (入伙, 装修, 过户…), configurable in the admin."""

    code = models.SlugField(_("编码"), max_length=30, unique=True)
    name = models.CharField(_("名称"), max_length=50)
    sort = models.PositiveSmallIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = _("档案类别")
        verbose_name_plural = _("档案类别")
        ordering = ["sort", "code"]

    def __str__(self) -> str:
        return self.name


class RetentionClass(models.TextChoices):
    """DA/T 22-2015 classes; DOMAIN.md maps short → 10 years, medium → 30 years, long → permanent."""

    PERMANENT = "permanent", _("永久")
    Y30 = "y30", _("定期30年")
    Y10 = "y10", _("定期10年")
    CUSTOM = "custom", _("自定义年限")


RETENTION_YEARS = {RetentionClass.Y30: 30, RetentionClass.Y10: 10, RetentionClass.PERMANENT: None}


class RetentionTrigger(models.TextChoices):
    """From when a document's retention period runs (see ``yidang.retention.expiry``)."""

    DOC_DATE = "doc_date", _("自文件日期起算")
    MOVE_OUT = "move_out", _("自住户迁出起算")


class Condition(models.TextChoices):
    """When a required document type applies to a file."""

    ALWAYS = "always", _("所有住户")
    HAS_TENANT = "has_tenant", _("有租户时")
    COMPANY_OWNER = "company_owner", _("单位业主时")
    HAS_RENOVATION = "has_renovation", _("有装修时")
    HAS_TRANSFER = "has_transfer", _("有过户时")


class RequiredForm(models.TextChoices):
    PAPER = "paper", _("纸质")
    SCAN = "scan", _("扫描件")
    BOTH = "both", _("纸质和扫描件")
    EITHER = "either", _("纸质或扫描件")


class DocumentType(models.Model):
    category = models.ForeignKey(Category, verbose_name=_("类别"), on_delete=models.PROTECT, related_name="types")
    code = models.SlugField(_("编码"), max_length=40, unique=True)
    name = models.CharField(_("名称"), max_length=80)
    required = models.BooleanField(_("目录必备"), default=False)
    condition = models.CharField(_("适用条件"), max_length=20, choices=Condition.choices, default=Condition.ALWAYS)
    original_required = models.BooleanField(_("须原件"), default=False)
    required_form = models.CharField(
        _("应存形式"), max_length=10, choices=RequiredForm.choices, default=RequiredForm.EITHER
    )
    retention_class = models.CharField(
        _("保管期限"), max_length=10, choices=RetentionClass.choices, default=RetentionClass.PERMANENT
    )
    retention_years = models.PositiveSmallIntegerField(_("自定义年限"), null=True, blank=True)
    retention_trigger = models.CharField(
        _("保管期限起算"), max_length=10, choices=RetentionTrigger.choices, default=RetentionTrigger.DOC_DATE
    )
    confidentiality = models.PositiveSmallIntegerField(
        _("密级"), default=1, choices=[(1, _("一级保密")), (2, _("二级")), (3, _("一般"))]
    )
    sort = models.PositiveSmallIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = _("文件类型")
        verbose_name_plural = _("文件类型")
        ordering = ["category__sort", "sort", "code"]

    def __str__(self) -> str:
        return self.name


class ArchiveStatus(models.TextChoices):
    ACTIVE = "active", _("在用")
    CLOSED = "closed", _("已结档")
    TRANSFERRED = "transferred", _("已移交")


class Archive(models.Model):
    """The one file of one household room (一户一档): catalogue, electronic record and paper folder."""

    room = models.OneToOneField(Room, verbose_name=_("房屋"), on_delete=models.PROTECT, related_name="archive")
    # no index of its own: archive_project_status (project, status) leads with it
    project = models.ForeignKey(
        Project, verbose_name=_("项目"), on_delete=models.PROTECT, related_name="archives", db_index=False
    )
    number = models.CharField(_("档案号"), max_length=60)  # unique: archive_number_unique
    status = models.CharField(_("状态"), max_length=12, choices=ArchiveStatus.choices, default=ArchiveStatus.ACTIVE)
    opened_at = models.DateTimeField(_("建档时间"))
    closed_at = models.DateTimeField(_("结档时间"), null=True, blank=True)
    has_renovation = models.BooleanField(_("有装修"), default=False)
    has_transfer = models.BooleanField(_("有过户"), default=False)
    required_count = models.PositiveSmallIntegerField(_("必备文件数"), default=0)
    satisfied_count = models.PositiveSmallIntegerField(_("已齐文件数"), default=0)
    location = models.ForeignKey(
        "shelving.Location",
        verbose_name=_("存放位置"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="archives",
    )
    note = models.CharField(_("备注"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("业户档案")
        verbose_name_plural = _("业户档案")
        indexes = [models.Index(fields=["project", "status"], name="archive_project_status")]
        # a constraint rather than unique=True: that would add a LIKE-pattern twin of the index, which
        # nothing uses (numbers are searched through households.SearchToken)
        constraints = [models.UniqueConstraint(fields=["number"], name="archive_number_unique")]
        permissions = [
            ("view_archive_file", _("可查阅业户档案")),
            ("manage_archive", _("可归档、上传和整理业户档案")),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def is_complete(self) -> bool:
        return self.satisfied_count >= self.required_count


class ChecklistItem(models.Model):
    """One required document type that applies to a file, and whether the file holds it.

    The table is derived: ``archive.checklist.checklist_refresh`` rebuilds a file's items from its
    conditions and documents (``manage.py checklist_rebuild`` for a project or all). Like the search
    tokens, its columns are therefore not foreign keys in the database (``db_constraint=False``): a
    bulk import opens about nine items per household, and their two foreign-key checks each were a
    quarter of the database's work of an import (docs/benchmarks.md). Django still deletes items with
    their file or type (``on_delete=CASCADE`` runs in Python); ``checklist_rebuild --check`` finds
    items whose file or type is gone and files whose counts disagree with their items.
    """

    # no index of its own: checklist_item_unique (archive, doc_type) serves lookups by file, and one
    # index fewer to maintain is ~10 checklist rows cheaper per household opened in bulk
    archive = models.ForeignKey(
        Archive, on_delete=models.CASCADE, related_name="checklist", db_index=False, db_constraint=False
    )
    # no index either: nothing reads items by type alone but the rare deletion of a type
    doc_type = models.ForeignKey(
        DocumentType, on_delete=models.CASCADE, related_name="+", db_index=False, db_constraint=False
    )
    satisfied = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("目录项")
        verbose_name_plural = _("目录项")
        constraints = [models.UniqueConstraint(fields=["archive", "doc_type"], name="checklist_item_unique")]
        indexes = [models.Index(fields=["satisfied", "doc_type"], name="checklist_missing")]

    def __str__(self) -> str:
        return f"{self.archive} {self.doc_type}"


_SCAN_DESTRUCTION: ContextVar[bool] = ContextVar("scan_destruction", default=False)
NEVER_DELETED = "档案文件不能删除：到期文件只能经总经理批准的销毁清单销毁（yidang.retention）"


@contextmanager
def scan_rows_destruction() -> Iterator[None]:
    """The one place scan rows may be deleted: ``retention.actions.destruction_execute``."""
    token = _SCAN_DESTRUCTION.set(True)
    try:
        yield
    finally:
        _SCAN_DESTRUCTION.reset(token)


class DocumentQuerySet(models.QuerySet["Document"]):
    def delete(self) -> tuple[int, dict[str, int]]:
        raise RuntimeError(NEVER_DELETED)


class ScanQuerySet(models.QuerySet["Scan"]):
    def delete(self) -> tuple[int, dict[str, int]]:
        if not _SCAN_DESTRUCTION.get():
            raise RuntimeError(NEVER_DELETED)
        return super().delete()


class Document(models.Model):
    """One item (件) of the file, numbered within it DA/T 22 style.

    Never deleted (``delete()`` raises; on PostgreSQL a trigger refuses too): a destroyed document
    keeps its row, with ``destroyed_at`` set and its ghost in ``retention.DocumentGhost``.
    """

    archive = models.ForeignKey(Archive, verbose_name=_("档案"), on_delete=models.PROTECT, related_name="documents")
    doc_type = models.ForeignKey(DocumentType, verbose_name=_("文件类型"), on_delete=models.PROTECT)
    item_no = models.PositiveIntegerField(_("件号"))
    title = models.CharField(_("题名"), max_length=200)
    doc_date = models.DateField(_("文件日期"), null=True, blank=True)
    source = models.CharField(_("来源（交件人）"), max_length=100, blank=True)
    is_original = models.BooleanField(_("原件"), default=True)
    original_location = models.CharField(_("原件存放处"), max_length=200, blank=True)
    pages = models.PositiveSmallIntegerField(_("页数"), default=1)
    note = models.CharField(_("备注"), max_length=500, blank=True)
    retention_class = models.CharField(_("保管期限"), max_length=10, choices=RetentionClass.choices)
    retention_years = models.PositiveSmallIntegerField(_("自定义年限"), null=True, blank=True)
    retention_reason = models.CharField(_("期限调整理由"), max_length=200, blank=True)
    paper_present = models.BooleanField(_("纸质在袋"), default=True)
    scan_count = models.PositiveSmallIntegerField(_("扫描件版本数"), default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("归档人"), null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("归档时间"), auto_now_add=True)
    destroyed_at = models.DateTimeField(_("销毁时间"), null=True, blank=True)

    objects = DocumentQuerySet.as_manager()

    class Meta:
        verbose_name = _("档案文件")
        verbose_name_plural = _("档案文件")
        ordering = ["archive", "item_no"]
        constraints = [
            models.UniqueConstraint(fields=["archive", "item_no"], name="document_item_no_unique"),
            models.CheckConstraint(
                condition=Q(is_original=True) | ~Q(original_location=""), name="document_copy_names_original"
            ),
        ]
        indexes = [models.Index(fields=["archive", "doc_type"], name="document_archive_type")]

    def __str__(self) -> str:
        return f"{self.item_no}. {self.title}"

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise RuntimeError(NEVER_DELETED)


class Scan(models.Model):
    """One version of a document's scan. Bytes are content-addressed and never overwritten."""

    document = models.ForeignKey(Document, verbose_name=_("文件"), on_delete=models.PROTECT, related_name="scans")
    version = models.PositiveSmallIntegerField(_("版本"))
    sha256 = models.CharField(_("SHA-256"), max_length=64, db_index=True)
    size = models.PositiveBigIntegerField(_("大小（字节）"))
    content_type = models.CharField(_("类型"), max_length=40)
    original_name = models.CharField(_("原文件名"), max_length=200)
    storage_name = models.CharField(_("存储路径"), max_length=200)
    thumbnail_name = models.CharField(_("缩略图路径"), max_length=200, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("上传人"), null=True, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now_add=True)
    last_fixity_at = models.DateTimeField(_("最近校验"), null=True, blank=True)
    fixity_ok = models.BooleanField(_("校验通过"), null=True)

    objects = ScanQuerySet.as_manager()

    class Meta:
        verbose_name = _("扫描件")
        verbose_name_plural = _("扫描件")
        ordering = ["document", "-version"]
        constraints = [models.UniqueConstraint(fields=["document", "version"], name="scan_version_unique")]

    def __str__(self) -> str:
        return f"{self.document} v{self.version}"

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        if not _SCAN_DESTRUCTION.get():
            raise RuntimeError(NEVER_DELETED)
        return super().delete(*args, **kwargs)
