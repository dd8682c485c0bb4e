from django.apps import AppConfig


class HouseholdsConfig(AppConfig):
    name = "yidang.households"
    verbose_name = "住户"
