from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "yidang.people"
    verbose_name = "人员"
