from django.apps import AppConfig


class ImportsConfig(AppConfig):
    name = "yidang.imports"
    verbose_name = "导入导出"
