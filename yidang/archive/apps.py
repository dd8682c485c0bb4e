from django.apps import AppConfig


class ArchiveConfig(AppConfig):
    name = "yidang.archive"
    verbose_name = "业户档案"
