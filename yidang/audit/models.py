from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AppendOnlyQuerySet(models.QuerySet["AuditEvent"]):
    """Bulk ``update()`` and ``delete()`` would bypass the model's guard; they are refused too."""

    def update(self, **kwargs: Any) -> int:
        raise RuntimeError("audit events are append-only")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise RuntimeError("audit events are append-only")


class AuditEvent(models.Model):
    """One append-only row per change of state, written in the change's own transaction.

    ``seq`` orders the rows, and the rows form a hash chain in that order: ``prev_hash`` is the
    ``row_hash`` of the row before (64 zeros for the first), ``row_hash`` the SHA-256 of
    ``prev_hash`` and the row's content (``yidang.audit.chain``); ``manage.py audit_verify``
    walks it.
    """

    seq = models.BigAutoField(primary_key=True)
    at = models.DateTimeField(_("时间"), db_index=True)
    actor = models.ForeignKey(  # no index of its own: (actor, at) below leads with it
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        db_index=False,
    )
    actor_label = models.CharField(_("操作人标识"), max_length=150, blank=True)
    action = models.CharField(_("动作"), max_length=80)
    object_type = models.CharField(_("对象类型"), max_length=80)
    object_id = models.CharField(_("对象编号"), max_length=64, blank=True)
    object_label = models.CharField(_("对象"), max_length=200, blank=True)
    project_id = models.BigIntegerField(_("项目"), null=True, blank=True)
    before = models.JSONField(_("变更前"), null=True, blank=True)
    after = models.JSONField(_("变更后"), null=True, blank=True)
    prev_hash = models.CharField(max_length=64, blank=True)
    row_hash = models.CharField(max_length=64, blank=True)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        verbose_name = _("审计记录")
        verbose_name_plural = _("审计记录")
        indexes = [
            models.Index(fields=["object_type", "object_id"]),
            models.Index(fields=["actor", "at"]),
            # the audit search page: by action, and every non-superuser's rows by project, newest first
            models.Index(fields=["action", "at"], name="audit_action_at"),
            models.Index(fields=["project_id", "at"], name="audit_project_at"),
        ]
        permissions = [
            ("view_audit_search", "可查询审计日志（所属项目）"),
            ("view_company_events", "可查询不属于任何项目的审计记录（账号、人员、日历等）"),
        ]

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise RuntimeError("audit events are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise RuntimeError("audit events are append-only")
