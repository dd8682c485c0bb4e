"""/api/v1/imports/: POST a workbook, GET a job, POST {id}/commit/; GET export/ and template/."""

from django.urls import path
from rest_framework.routers import SimpleRouter

from yidang.imports.api import ExportView, ImportJobViewSet, TemplateView

router = SimpleRouter()
router.register("", ImportJobViewSet, basename="import-job")

urlpatterns = [
    path("export/", ExportView.as_view(), name="import-export"),
    path("template/", TemplateView.as_view(), name="import-template"),
    *router.urls,
]
