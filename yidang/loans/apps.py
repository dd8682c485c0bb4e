from django.apps import AppConfig


class LoansConfig(AppConfig):
    name = "yidang.loans"
    verbose_name = "档案借阅"
