from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "yidang.audit"
    verbose_name = "审计"

    def ready(self) -> None:
        from django.core import checks

        from yidang.audit.chain import check_sqlite_serialises_writers

        checks.register(check_sqlite_serialises_writers)
