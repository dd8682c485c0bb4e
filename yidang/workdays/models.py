"""The working calendar: the days that break the Monday–Friday rule (法定节假日 and 调休 workdays)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class CalendarDay(models.Model):
    """One exception to Monday–Friday: a holiday on a weekday, or a weekend day worked (调休).

    Days not listed follow the rule: Monday to Friday are working days, Saturday and Sunday are not.
    Loaded from the ``chinesecalendar`` package (``manage.py load_holidays``); editable in the admin
    for years the package does not know yet or for a local arrangement.
    """

    date = models.DateField(_("日期"), unique=True)
    is_workday = models.BooleanField(_("上班"), help_text=_("勾选：该日上班（如周末调休）；不勾选：该日放假"))
    name = models.CharField(_("名称"), max_length=50, blank=True, help_text=_("如：国庆节、春节调休"))

    class Meta:
        verbose_name = _("工作日历例外日")
        verbose_name_plural = _("工作日历例外日")
        ordering = ["date"]

    def __str__(self) -> str:
        kind = _("上班") if self.is_workday else _("放假")
        return f"{self.date:%Y-%m-%d} {self.name} {kind}".replace("  ", " ")
