from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class Department(models.TextChoices):
    CUSTOMER_SERVICE = "cs", _("客服部")
    ENGINEERING = "engineering", _("工程部")
    SECURITY = "security", _("秩序维护部")
    CLEANING = "cleaning", _("保洁部")
    FINANCE = "finance", _("财务部")
    MANAGEMENT = "management", _("管理层")
    SALES = "sales", _("销售部")


class User(AbstractUser):
    """A member of staff. Works in one or more projects; sees nothing of the others."""

    display_name = models.CharField(_("姓名"), max_length=50, blank=True)
    department = models.CharField(
        _("部门"), max_length=20, choices=Department.choices, default=Department.CUSTOMER_SERVICE
    )
    projects = models.ManyToManyField("places.Project", verbose_name=_("所属项目"), blank=True, related_name="staff")

    class Meta:
        verbose_name = _("用户")
        verbose_name_plural = _("用户")

    def __str__(self) -> str:
        return self.display_name or self.username
