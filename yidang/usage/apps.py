from django.apps import AppConfig


class UsageConfig(AppConfig):
    name = "yidang.usage"
    verbose_name = "利用登记"
