from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "yidang.demo"
    verbose_name = "演示数据"
