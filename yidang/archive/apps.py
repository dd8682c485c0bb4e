from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _seed_document_types(app_config: AppConfig, **kwargs: Any) -> None:
    """Load the categories and document types of DOMAIN.md when they are missing.

    Migration 0003 loads them once; this also restores them after a test flushes the tables.
    """
    if app_config.name != "yidang.archive":
        return
    from django.apps import apps

    from yidang.archive.seed import load

    load(apps)


class ArchiveConfig(AppConfig):
    name = "yidang.archive"
    verbose_name = "业户档案"

    def ready(self) -> None:
        post_migrate.connect(_seed_document_types, dispatch_uid="yidang.archive.seed_document_types")
