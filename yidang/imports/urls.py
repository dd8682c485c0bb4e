from django.urls import path

from yidang.imports import views

app_name = "imports"
urlpatterns = [
    path("", views.import_list, name="list"),
    path("upload/", views.import_upload, name="upload"),
    path("template.xlsx", views.import_template, name="template"),
    path("export.xlsx", views.households_export_view, name="export"),
    path("<int:pk>/", views.import_job, name="job"),
    path("<int:pk>/progress/", views.import_job_progress, name="progress"),
    path("<int:pk>/confirm/", views.import_job_confirm, name="confirm"),
    path("<int:pk>/annotated.xlsx", views.import_job_annotated, name="annotated"),
]
