from django.urls import path

from yidang.incidents import views

app_name = "incidents"
urlpatterns = [
    path("", views.incident_list, name="list"),
    path("new/<int:archive_id>/", views.incident_new, name="new"),
    path("<int:pk>/", views.incident_detail, name="detail"),
    path("<int:pk>/cause/", views.incident_cause, name="cause"),
    path("<int:pk>/step/", views.incident_step, name="step"),
    path("<int:pk>/close/", views.incident_close, name="close"),
]
