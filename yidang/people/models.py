from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from yidang.people.idnumbers import ID_TYPE_LABELS, IdType


class Sex(models.TextChoices):
    MALE = "M", _("男")
    FEMALE = "F", _("女")
    UNKNOWN = "", _("未知")


class Person(models.Model):
    """A natural person: owner, tenant, family member or contact.

    The ID number is only ever stored encrypted (``id_number_enc``), with a keyed hash for exact
    look-up and a masked form for display; see ``yidang.people.crypto``.
    """

    name = models.CharField(_("姓名"), max_length=50)
    sex = models.CharField(_("性别"), max_length=1, choices=Sex.choices, blank=True)
    id_type = models.CharField(
        _("证件类型"),
        max_length=10,
        choices=[(t.value, label) for t, label in ID_TYPE_LABELS.items()],
        default=IdType.RESIDENT.value,
    )
    id_number_enc = models.TextField(_("证件号码(密文)"), blank=True)
    id_hash = models.CharField(_("证件号码哈希"), max_length=64, blank=True)  # indexed: person_id_hash
    id_masked = models.CharField(_("证件号码"), max_length=30, blank=True)
    phone = models.CharField(_("联系电话"), max_length=30, blank=True)
    phone2 = models.CharField(_("备用电话"), max_length=30, blank=True)
    native_place = models.CharField(_("籍贯"), max_length=50, blank=True)
    hukou_place = models.CharField(_("户口所在地"), max_length=100, blank=True)
    birthday = models.DateField(_("出生日期"), null=True, blank=True)
    nationality = models.CharField(_("国籍"), max_length=30, default="中国", blank=True)
    note = models.CharField(_("备注"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("人员")
        verbose_name_plural = _("人员")
        # exact look-ups only: db_index=True would add a LIKE-pattern twin nothing uses
        indexes = [models.Index(fields=["id_hash"], name="person_id_hash")]

    def __str__(self) -> str:
        return self.name


class Organization(models.Model):
    """A company that owns or occupies a room."""

    name = models.CharField(_("单位名称"), max_length=100)
    uscc = models.CharField(_("统一社会信用代码"), max_length=18, blank=True, db_index=True)
    contact_name = models.CharField(_("联系人"), max_length=50, blank=True)
    contact_phone = models.CharField(_("联系电话"), max_length=30, blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("单位业户")
        verbose_name_plural = _("单位业户")

    def __str__(self) -> str:
        return self.name
