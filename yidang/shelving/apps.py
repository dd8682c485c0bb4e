from django.apps import AppConfig


class ShelvingConfig(AppConfig):
    name = "yidang.shelving"
    verbose_name = "实体保管"
