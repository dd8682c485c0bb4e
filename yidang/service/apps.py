from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _seed(app_config: AppConfig, **kwargs: Any) -> None:
    """Load the default categories and SLA policies when missing (also after a test flushes the tables)."""
    if app_config.name != "yidang.service":
        return
    from django.apps import apps

    from yidang.service.seed import document_types_load, load

    load(apps)
    if apps.is_installed("yidang.archive"):
        document_types_load(apps)


class ServiceConfig(AppConfig):
    name = "yidang.service"
    verbose_name = "客服工单"

    def ready(self) -> None:
        post_migrate.connect(_seed, dispatch_uid="yidang.service.seed")
