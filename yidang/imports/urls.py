from django.urls import path

from yidang.imports import views

app_name = "imports"
urlpatterns = [
    path("", views.import_list, name="list"),
]
