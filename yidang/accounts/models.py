from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models


class Department(models.TextChoices):
    CUSTOMER_SERVICE = "cs", "客服部"
    ENGINEERING = "engineering", "工程部"
    SECURITY = "security", "秩序维护部"
    CLEANING = "cleaning", "保洁部"
    FINANCE = "finance", "财务部"
    MANAGEMENT = "management", "管理层"
    SALES = "sales", "销售部"


class User(AbstractUser):
    """A member of staff. Works in one or more projects; sees nothing of the others."""

    display_name = models.CharField("姓名", max_length=50, blank=True)
    department = models.CharField(
        "部门", max_length=20, choices=Department.choices, default=Department.CUSTOMER_SERVICE
    )
    projects = models.ManyToManyField("places.Project", verbose_name="所属项目", blank=True, related_name="staff")

    class Meta:
        verbose_name = "用户"
        verbose_name_plural = "用户"

    def __str__(self) -> str:
        return self.display_name or self.username
