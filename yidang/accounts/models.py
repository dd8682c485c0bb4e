from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone
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
    # Starts the password's age clock (YIDANG_PASSWORD_MAX_AGE_DAYS); a new user's clock starts at creation.
    password_changed_at = models.DateTimeField(_("密码修改时间"), default=timezone.now)

    class Meta:
        verbose_name = _("用户")
        verbose_name_plural = _("用户")

    def __str__(self) -> str:
        return self.display_name or self.username

    def set_password(self, raw_password: str | None) -> None:
        self._outgoing_password = self.password  # kept in PasswordHistory once the new one is saved
        super().set_password(raw_password)

    def save(self, *args: Any, **kwargs: Any) -> None:
        """Restart the password's age clock whenever a new password is saved (not on a hash upgrade).

        Django sets ``_password`` in ``set_password`` and clears it for hash upgrades, so this
        catches every form, admin page and command that sets a password.
        """
        if self._password is not None:  # type: ignore[attr-defined]
            self.password_changed_at = timezone.now()
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "password_changed_at"}
        super().save(*args, **kwargs)


class PasswordHistory(models.Model):
    """The hash of a password the user had before the current one, so the last few cannot be chosen again."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("用户"), on_delete=models.CASCADE, related_name="password_history"
    )
    password = models.CharField(_("密码哈希"), max_length=128)
    created_at = models.DateTimeField(_("设置时间"), default=timezone.now)

    class Meta:
        verbose_name = _("历史密码")
        verbose_name_plural = _("历史密码")
        indexes = [models.Index(fields=["user", "-created_at"], name="pwhistory_user_recent")]

    def __str__(self) -> str:
        return f"{self.user} @ {self.created_at:%Y-%m-%d}"
