from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "yidang.notifications"
    verbose_name = "通知"
