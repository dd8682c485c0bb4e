from django.urls import path

from yidang.backups import views

app_name = "backups"
urlpatterns = [path("", views.status, name="status")]
