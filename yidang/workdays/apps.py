from django.apps import AppConfig


class WorkdaysConfig(AppConfig):
    name = "yidang.workdays"
    verbose_name = "工作日历"
