"""A household: a room and who lives there — occupancies over time, contacts, vehicles, parking."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from yidang.people.models import Organization, Person
from yidang.places.models import Project, Room


class OccupantRole(models.TextChoices):
    OWNER = "owner", _("业主")
    CO_OWNER = "co_owner", _("共有人")
    TENANT = "tenant", _("租户")
    FAMILY = "family", _("家庭成员")
    COMMERCIAL = "commercial", _("商户")


class Occupancy(models.Model):
    """Who holds a room in what role, from when to when. ``end_date`` empty = current.

    A transfer of ownership closes the owner's occupancy and opens the new owner's, so the
    history is kept; a tenancy is registered the same way.
    """

    # no index of its own: occupancy_room_current (room, end_date) leads with it
    room = models.ForeignKey(
        Room, verbose_name=_("房屋"), on_delete=models.PROTECT, related_name="occupancies", db_index=False
    )
    person = models.ForeignKey(
        Person, verbose_name=_("人员"), on_delete=models.PROTECT, null=True, blank=True, related_name="occupancies"
    )
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("单位"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="occupancies",
    )
    role = models.CharField(_("业户类型"), max_length=12, choices=OccupantRole.choices)
    start_date = models.DateField(_("开始日期"), null=True, blank=True)
    end_date = models.DateField(_("结束日期"), null=True, blank=True)
    note = models.CharField(_("备注"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("入住记录")
        verbose_name_plural = _("入住记录")
        indexes = [models.Index(fields=["room", "end_date"], name="occupancy_room_current")]
        constraints = [
            models.CheckConstraint(
                condition=(Q(person__isnull=False) & Q(organization__isnull=True))
                | (Q(person__isnull=True) & Q(organization__isnull=False)),
                name="occupancy_person_xor_organization",
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(end_date__gte=models.F("start_date")),
                name="occupancy_ends_after_start",
            ),
        ]
        permissions = [
            ("view_household", _("可查看住户资料")),
            ("change_household", _("可登记和修改住户资料")),
            ("import_households", _("可导入业户基本情况汇总表")),
            ("export_households", _("可导出业户基本情况汇总表")),
        ]

    def __str__(self) -> str:
        return f"{self.room} {self.get_role_display()} {self.occupant}"

    @property
    def occupant(self) -> Person | Organization:
        return self.person or self.organization  # type: ignore[return-value]


class EmergencyContact(models.Model):
    room = models.ForeignKey(Room, verbose_name=_("房屋"), on_delete=models.CASCADE, related_name="emergency_contacts")
    name = models.CharField(_("紧急联系人"), max_length=50)
    phone = models.CharField(_("紧急联系电话"), max_length=30)
    relation = models.CharField(_("关系"), max_length=20, blank=True)

    class Meta:
        verbose_name = _("紧急联系人")
        verbose_name_plural = _("紧急联系人")

    def __str__(self) -> str:
        return self.name


class Vehicle(models.Model):
    class Kind(models.TextChoices):
        MOTOR = "motor", _("机动车")
        NON_MOTOR = "non_motor", _("非机动车")

    # no index of its own: vehicle_plate_unique_in_room (room, plate) leads with it
    room = models.ForeignKey(
        Room, verbose_name=_("房屋"), on_delete=models.CASCADE, related_name="vehicles", db_index=False
    )
    plate = models.CharField(_("车牌号"), max_length=20)
    kind = models.CharField(_("类型"), max_length=10, choices=Kind.choices, default=Kind.MOTOR)
    owner = models.ForeignKey(Person, verbose_name=_("车主"), on_delete=models.SET_NULL, null=True, blank=True)
    note = models.CharField(_("备注"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("车辆")
        verbose_name_plural = _("车辆")
        constraints = [models.UniqueConstraint(fields=["room", "plate"], name="vehicle_plate_unique_in_room")]

    def __str__(self) -> str:
        return self.plate


class ParkingSpace(models.Model):
    class Tenure(models.TextChoices):
        OWNED = "owned", _("产权车位")
        RENTED = "rented", _("租赁车位")

    project = models.ForeignKey(
        Project, verbose_name=_("项目"), on_delete=models.PROTECT, related_name="parking_spaces"
    )
    code = models.CharField(_("车位编号"), max_length=20)
    room = models.ForeignKey(
        Room,
        verbose_name=_("使用房屋"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="parking_spaces",
    )
    tenure = models.CharField(_("性质"), max_length=10, choices=Tenure.choices, default=Tenure.RENTED)
    permit_no = models.CharField(_("停车证号"), max_length=30, blank=True)
    valid_until = models.DateField(_("有效期至"), null=True, blank=True)

    class Meta:
        verbose_name = _("车位")
        verbose_name_plural = _("车位")
        constraints = [models.UniqueConstraint(fields=["project", "code"], name="parking_code_unique_in_project")]

    def __str__(self) -> str:
        return self.code


class VipProfile(models.Model):
    """Personal profile of a VIP household. Only customer-service roles may see it."""

    room = models.OneToOneField(Room, verbose_name=_("房屋"), on_delete=models.CASCADE, related_name="vip_profile")
    birthday = models.DateField(_("生日"), null=True, blank=True)
    character = models.CharField(_("性格特点"), max_length=200, blank=True)
    preferences = models.CharField(_("爱好偏好"), max_length=200, blank=True)
    skills = models.CharField(_("特长"), max_length=200, blank=True)
    special_requests = models.TextField(_("特殊需求"), blank=True)

    class Meta:
        verbose_name = _("VIP 个人档案")
        verbose_name_plural = _("VIP 个人档案")

    def __str__(self) -> str:
        return f"{self.room} VIP"


class TokenKind(models.IntegerChoices):
    ROOM = 1, _("房号")
    NAME = 2, _("姓名")
    PINYIN = 3, _("全拼")
    INITIALS = 4, _("拼音首字母")
    PHONE = 5, _("电话尾号")
    PLATE = 6, _("车牌")
    ID_HASH = 7, _("证件号")
    ARCHIVE = 8, _("档案号")
    DOCUMENT = 9, _("档案文件题名和备注")


class SearchToken(models.Model):
    """One searchable token of a household, kept up to date by the actions layer.

    Lookups are equality or prefix ranges (``token >= q AND token < q || U+10FFFF``) on the
    composite index, which both SQLite (binary collation) and PostgreSQL (the column is given
    the "C" collation by migration) serve as an index range scan — unlike LIKE or trigrams,
    which cannot match two-character Chinese names. Phone numbers are stored reversed so that
    a phone-tail search is a prefix search.

    The table is derived: everything in it is rebuilt from the rooms, occupants, vehicles and
    files (``households.search.search_reindex``; ``manage.py search_rebuild`` for a project or
    all). Its columns are therefore not foreign keys in the database (``db_constraint=False``):
    a bulk import writes about ten tokens per household, and the two foreign-key checks per
    token row were a third of the database's work of an import (docs/benchmarks.md). Django
    still deletes a room's tokens with the room (``on_delete=CASCADE`` runs in Python), and
    ``search_rebuild --check`` finds tokens whose room is gone.
    """

    project = models.ForeignKey(Project, on_delete=models.CASCADE, db_index=False, db_constraint=False)
    token = models.CharField(max_length=64)
    kind = models.SmallIntegerField(choices=TokenKind.choices)
    room = models.ForeignKey(Room, on_delete=models.CASCADE, related_name="search_tokens", db_constraint=False)

    class Meta:
        verbose_name = _("检索词")
        verbose_name_plural = _("检索词")
        indexes = [models.Index(fields=["project", "token", "kind", "room"], name="searchtoken_lookup")]
