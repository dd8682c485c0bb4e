from django.urls import path

from yidang.archive import views

app_name = "archive"
urlpatterns = [
    path("", views.archive_index, name="list"),
    path("missing/", views.missing_index, name="missing"),
    path("missing/export.xlsx", views.missing_export, name="missing-export"),
    path("completeness/", views.completeness, name="completeness"),
    path("completeness/<str:code>/", views.completeness, name="completeness-project"),
    path("room/<int:room_pk>/", views.room_archive, name="room"),
    path("scans/<int:scan_pk>/download/", views.scan_download, name="scan-download"),
    path("scans/<int:scan_pk>/thumbnail/", views.scan_thumbnail, name="scan-thumbnail"),
    path("<int:pk>/", views.archive_detail, name="detail"),
    path("<int:pk>/documents/", views.document_add, name="document-add"),
    path("<int:pk>/documents/<int:doc_pk>/", views.document_edit, name="document-edit"),
    path("<int:pk>/documents/<int:doc_pk>/form/", views.document_edit_form, name="document-edit-form"),
    path("<int:pk>/scans/", views.scan_upload, name="scan-upload"),
    path("<int:pk>/flags/", views.flags_set, name="flags"),
]
