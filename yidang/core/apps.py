from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "yidang.core"
    verbose_name = "核心"
