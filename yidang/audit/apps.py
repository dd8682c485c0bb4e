from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "yidang.audit"
    verbose_name = "审计"
