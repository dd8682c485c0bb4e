from django.apps import AppConfig


class BackupsConfig(AppConfig):
    name = "yidang.backups"
    verbose_name = "备份与校验"
