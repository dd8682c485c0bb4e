"""The household timeline: one chronological stream that every app writes into."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from yidang.places.models import Room


class EventKind(models.TextChoices):
    """Kinds of event. Later apps add kinds here (loans, tickets, inspections)."""

    OCCUPANCY_START = "occupancy.start", _("入住登记")
    OCCUPANCY_END = "occupancy.end", _("入住结束")
    ARCHIVE_OPEN = "archive.open", _("建档")
    ARCHIVE_STATUS = "archive.status", _("档案状态变更")
    DOCUMENT_ADD = "document.add", _("文件归档")
    DOCUMENT_CHANGE = "document.change", _("文件信息修改")
    SCAN_ADD = "scan.add", _("扫描件上传")
    FOLDER_MOVE = "folder.move", _("档案袋移位")
    IMPORT = "import", _("批量导入")
    LOAN_REQUEST = "loan.request", _("借阅申请")
    LOAN_OUT = "loan.out", _("档案借出")
    LOAN_RENEW = "loan.renew", _("续借")
    LOAN_RETURN = "loan.return", _("档案归还")
    LOAN_INCIDENT = "loan.incident", _("归还缺损")
    ACCESS_GRANTED = "access.granted", _("查阅获批")
    ACCESS_READ = "access.read", _("档案查阅")
    ACCESS_COPY = "access.copy", _("档案复制")
    TICKET_OPEN = "ticket.open", _("报修投诉登记")
    TICKET_STEP = "ticket.step", _("工单处理")
    TICKET_CLOSE = "ticket.close", _("工单关闭")
    CALLBACK = "callback", _("回访")
    SURVEY = "survey", _("满意度调查")
    RETENTION_HOLD = "retention.hold", _("档案冻结")
    RETENTION_RELEASE = "retention.release", _("解除冻结")
    RETENTION_EXPIRED = "retention.expired", _("保管期满待鉴定")
    RETENTION_KEPT = "retention.kept", _("鉴定继续保存")
    DESTRUCTION_LISTED = "destruction.listed", _("列入销毁清单")
    DESTRUCTION_DECIDED = "destruction.decided", _("销毁清单审批")
    DOCUMENT_DESTROYED = "document.destroyed", _("文件已销毁")
    INSPECTION_RECORD = "inspection.record", _("质量检查")
    INSPECTION_CHASE = "inspection.chase", _("检查整改")
    INCIDENT_REPORT = "incident.report", _("档案缺损报告")
    INCIDENT_STEP = "incident.step", _("档案缺损处理")
    TRANSFER_SENT = "transfer.sent", _("档案移交")
    TRANSFER_RECEIVED = "transfer.received", _("移交签收")
    TRANSFER_REFUSED = "transfer.refused", _("移交拒收")


class TimelineEvent(models.Model):
    # no index of its own: timeline_room_recent (room, -at, -id) leads with it
    room = models.ForeignKey(
        Room, verbose_name=_("房屋"), on_delete=models.CASCADE, related_name="timeline", db_index=False
    )
    at = models.DateTimeField(_("时间"))
    kind = models.CharField(_("类型"), max_length=40)
    summary = models.CharField(_("摘要"), max_length=300)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("操作人"), null=True, blank=True, on_delete=models.SET_NULL
    )
    object_type = models.CharField(max_length=80, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("时间线事件")
        verbose_name_plural = _("时间线事件")
        indexes = [models.Index(fields=["room", "-at", "-id"], name="timeline_room_recent")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.summary}"
