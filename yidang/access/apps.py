from django.apps import AppConfig


class AccessConfig(AppConfig):
    name = "yidang.access"
    verbose_name = "查阅申请"
