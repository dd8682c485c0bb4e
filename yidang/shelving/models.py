"""Where paper folders are: storage rooms → cabinets → shelves / drawers → boxes, and folder moves."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from yidang.places.models import Project


class LocationKind(models.TextChoices):
    ROOM = "room", _("档案室")
    CABINET = "cabinet", _("档案柜")
    SHELF = "shelf", _("层架/抽屉")
    BOX = "box", _("档案盒")


class Location(models.Model):
    """A place a folder can be, in a tree. ``code`` is printed as a QR label and unique per project."""

    project = models.ForeignKey(Project, verbose_name=_("项目"), on_delete=models.PROTECT, related_name="locations")
    parent = models.ForeignKey(
        "self", verbose_name=_("上级位置"), null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    kind = models.CharField(_("类型"), max_length=10, choices=LocationKind.choices)
    code = models.CharField(_("编码"), max_length=40)
    name = models.CharField(_("名称"), max_length=100, blank=True)
    # Boxes carry category, year and the first–last archive numbers they hold.
    category = models.ForeignKey(
        "archive.Category", verbose_name=_("类别"), null=True, blank=True, on_delete=models.PROTECT
    )
    year = models.PositiveSmallIntegerField(_("年度"), null=True, blank=True)
    first_number = models.CharField(_("起始档案号"), max_length=60, blank=True)
    last_number = models.CharField(_("终止档案号"), max_length=60, blank=True)
    # The codes from the storage room down to this place joined by "/": orders the shelf ledger
    # by place (room, cabinet, shelf, box) and finds a subtree by prefix. Kept by the actions.
    path = models.CharField(_("路径"), max_length=250, blank=True, editable=False)

    class Meta:
        verbose_name = _("存放位置")
        verbose_name_plural = _("存放位置")
        ordering = ["project", "path"]
        constraints = [models.UniqueConstraint(fields=["project", "code"], name="location_code_unique_in_project")]
        indexes = [models.Index(fields=["project", "path"], name="location_project_path")]

    def __str__(self) -> str:
        return f"{self.code} {self.name}".strip()

    @property
    def display_name(self) -> str:
        """The name, or the kind and the last part of the code (``档案盒 B005``)."""
        return self.name or f"{self.get_kind_display()} {self.code.rsplit('-', 1)[-1]}"


class FolderMove(models.Model):
    """One move of a paper folder: the location history."""

    archive = models.ForeignKey(
        "archive.Archive", verbose_name=_("档案"), on_delete=models.PROTECT, related_name="moves"
    )
    from_location = models.ForeignKey(
        Location, verbose_name=_("原位置"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    to_location = models.ForeignKey(
        Location, verbose_name=_("新位置"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    moved_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("经办人"), on_delete=models.PROTECT)
    moved_at = models.DateTimeField(_("时间"))
    reason = models.CharField(_("原因"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("档案袋移位记录")
        verbose_name_plural = _("档案袋移位记录")
        indexes = [models.Index(fields=["archive", "-moved_at"], name="foldermove_archive_recent")]

    def __str__(self) -> str:
        return f"{self.archive} → {self.to_location}"
