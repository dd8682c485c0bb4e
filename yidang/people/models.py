from __future__ import annotations

from django.db import models

from yidang.people.idnumbers import ID_TYPE_LABELS, IdType


class Sex(models.TextChoices):
    MALE = "M", "男"
    FEMALE = "F", "女"
    UNKNOWN = "", "未知"


class Person(models.Model):
    """A natural person: owner, tenant, family member or contact.

    The ID number is only ever stored encrypted (``id_number_enc``), with a keyed hash for exact
    look-up and a masked form for display; see ``yidang.people.crypto``.
    """

    name = models.CharField("姓名", max_length=50)
    sex = models.CharField("性别", max_length=1, choices=Sex.choices, blank=True)
    id_type = models.CharField(
        "证件类型",
        max_length=10,
        choices=[(t.value, label) for t, label in ID_TYPE_LABELS.items()],
        default=IdType.RESIDENT.value,
    )
    id_number_enc = models.TextField("证件号码(密文)", blank=True)
    id_hash = models.CharField("证件号码哈希", max_length=64, blank=True, db_index=True)
    id_masked = models.CharField("证件号码", max_length=30, blank=True)
    phone = models.CharField("联系电话", max_length=30, blank=True)
    phone2 = models.CharField("备用电话", max_length=30, blank=True)
    native_place = models.CharField("籍贯", max_length=50, blank=True)
    hukou_place = models.CharField("户口所在地", max_length=100, blank=True)
    birthday = models.DateField("出生日期", null=True, blank=True)
    nationality = models.CharField("国籍", max_length=30, default="中国", blank=True)
    note = models.CharField("备注", max_length=500, blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "人员"
        verbose_name_plural = "人员"

    def __str__(self) -> str:
        return self.name


class Organization(models.Model):
    """A company that owns or occupies a room."""

    name = models.CharField("单位名称", max_length=100)
    uscc = models.CharField("统一社会信用代码", max_length=18, blank=True, db_index=True)
    contact_name = models.CharField("联系人", max_length=50, blank=True)
    contact_phone = models.CharField("联系电话", max_length=30, blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "单位业户"
        verbose_name_plural = "单位业户"

    def __str__(self) -> str:
        return self.name
