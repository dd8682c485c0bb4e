"""/notifications/: the bell's page — the user's notices, marked read one by one or all at once."""

from django.urls import path

from yidang.notifications import views

app_name = "notifications"

urlpatterns = [
    path("", views.notification_list, name="list"),
    path("read-all/", views.read_all, name="read-all"),
    path("<int:pk>/read/", views.read, name="read"),
]
