from django.apps import AppConfig


class PrintingConfig(AppConfig):
    name = "yidang.printing"
    verbose_name = "打印"
