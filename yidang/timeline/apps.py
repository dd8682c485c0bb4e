from django.apps import AppConfig


class TimelineConfig(AppConfig):
    name = "yidang.timeline"
    verbose_name = "住户时间线"
