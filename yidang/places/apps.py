from django.apps import AppConfig


class PlacesConfig(AppConfig):
    name = "yidang.places"
    verbose_name = "房产"
