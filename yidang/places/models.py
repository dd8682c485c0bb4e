from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Company(models.Model):
    name = models.CharField(_("公司名称"), max_length=100, unique=True)

    class Meta:
        verbose_name = _("公司")
        verbose_name_plural = _("公司")

    def __str__(self) -> str:
        return self.name


class Project(models.Model):
    """A managed estate (小区), tower (大厦) or park (园区)."""

    class Form(models.TextChoices):
        ESTATE = "estate", _("小区")
        TOWER = "tower", _("大厦")
        PARK = "park", _("园区")

    class Use(models.TextChoices):
        RESIDENTIAL = "residential", _("住宅")
        COMMERCIAL = "commercial", _("商业")
        MIXED = "mixed", _("综合")

    company = models.ForeignKey(Company, verbose_name=_("公司"), on_delete=models.PROTECT, related_name="projects")
    code = models.CharField(_("项目编码"), max_length=20, unique=True)
    name = models.CharField(_("项目名称"), max_length=100)
    form = models.CharField(_("形态"), max_length=10, choices=Form.choices, default=Form.ESTATE)
    use = models.CharField(_("性质"), max_length=12, choices=Use.choices, default=Use.RESIDENTIAL)
    address = models.CharField(_("地址"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("项目")
        verbose_name_plural = _("项目")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class Building(models.Model):
    project = models.ForeignKey(Project, verbose_name=_("项目"), on_delete=models.PROTECT, related_name="buildings")
    code = models.CharField(_("楼栋编码"), max_length=20)
    name = models.CharField(_("楼栋名称"), max_length=50, blank=True)
    floors_above = models.SmallIntegerField(_("地上层数"), default=0)
    floors_below = models.SmallIntegerField(_("地下层数"), default=0)

    class Meta:
        verbose_name = _("楼栋")
        verbose_name_plural = _("楼栋")
        ordering = ["project", "code"]
        constraints = [models.UniqueConstraint(fields=["project", "code"], name="building_code_unique_in_project")]

    def __str__(self) -> str:
        return self.name or _("%(code)s栋") % {"code": self.code}


class Unit(models.Model):
    building = models.ForeignKey(Building, verbose_name=_("楼栋"), on_delete=models.PROTECT, related_name="units")
    code = models.CharField(_("单元编码"), max_length=20)

    class Meta:
        verbose_name = _("单元")
        verbose_name_plural = _("单元")
        ordering = ["building", "code"]
        constraints = [models.UniqueConstraint(fields=["building", "code"], name="unit_code_unique_in_building")]

    def __str__(self) -> str:
        return _("%(code)s单元") % {"code": self.code}


class RoomUse(models.TextChoices):
    RESIDENTIAL = "residential", _("住宅")
    SHOP = "shop", _("商铺")
    OFFICE = "office", _("办公")
    PARKING = "parking", _("车位")
    STORAGE = "storage", _("储藏室")


class Occupancy(models.TextChoices):
    """How a room is lived in now; kept up to date by the households actions (colours the map)."""

    VACANT = "vacant", _("空置")
    OWNER = "owner", _("业主自住")
    RENTED = "rented", _("出租")
    COMMERCIAL = "commercial", _("商户经营")


class Room(models.Model):
    """A room (房号) — with its occupants, a household. ``code`` is unique within the project."""

    # no single-column indexes: room_code_unique_in_project and room_building_floor lead with these
    project = models.ForeignKey(
        Project, verbose_name=_("项目"), on_delete=models.PROTECT, related_name="rooms", db_index=False
    )
    building = models.ForeignKey(
        Building, verbose_name=_("楼栋"), on_delete=models.PROTECT, related_name="rooms", db_index=False
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("单元"), on_delete=models.PROTECT, related_name="rooms", null=True, blank=True
    )
    floor = models.SmallIntegerField(_("楼层"))
    number = models.CharField(_("房号"), max_length=20)
    code = models.CharField(_("房屋编码"), max_length=60)
    area = models.DecimalField(_("建筑面积(m²)"), max_digits=9, decimal_places=2, null=True, blank=True)
    use = models.CharField(_("房屋用途"), max_length=12, choices=RoomUse.choices, default=RoomUse.RESIDENTIAL)
    occupancy = models.CharField(_("入住状态"), max_length=12, choices=Occupancy.choices, default=Occupancy.VACANT)
    move_in_date = models.DateField(_("入伙日期"), null=True, blank=True)
    note = models.CharField(_("备注"), max_length=500, blank=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("房屋")
        verbose_name_plural = _("房屋")
        ordering = ["project", "code"]
        constraints = [models.UniqueConstraint(fields=["project", "code"], name="room_code_unique_in_project")]
        indexes = [models.Index(fields=["building", "floor"], name="room_building_floor")]
        permissions = []

    def __str__(self) -> str:
        return self.code


def room_code(building_code: str, floor: int, number: str) -> str:
    """The archive-style room code: building-floor-room, e.g. ``A2-15-1503``."""
    return f"{building_code}-{floor}-{number}"
