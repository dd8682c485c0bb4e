from django.urls import path

from yidang.access import views

app_name = "access"
urlpatterns = [
    path("", views.mine, name="mine"),
    path("new/<str:kind>/", views.new, name="new"),
    path("approvals/", views.approvals, name="approvals"),
    path("desk/", views.desk, name="desk"),
    path("register/", views.register, name="register"),
    path("register/export.xlsx", views.register_export, {"fmt": "xlsx"}, name="register-xlsx"),
    path("register/export.pdf", views.register_export, {"fmt": "pdf"}, name="register-pdf"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/approve/", views.approve, name="approve"),
    path("<int:pk>/reject/", views.reject, name="reject"),
    path("<int:pk>/cancel/", views.cancel, name="cancel"),
    path("<int:pk>/session/start/", views.session_start, name="session-start"),
    path("<int:pk>/session/end/", views.session_end, name="session-end"),
    path("<int:pk>/receipt/", views.receipt, name="receipt"),
    path("<int:pk>/proof/", views.proof, name="proof"),
    path("<int:pk>/copy.pdf", views.copy_pdf, name="copy"),
    path("read/<int:request_id>/", views.read, name="read"),
    path("read/<int:request_id>/<int:archive_id>/", views.read_file, name="read-file"),
    path("read/<int:request_id>/<int:archive_id>/<int:document_id>/", views.read_document, name="read-document"),
    path(
        "read/<int:request_id>/<int:archive_id>/scans/<int:scan_id>/<int:page>.jpg",
        views.read_page,
        name="read-page",
    ),
    path(
        "read/<int:request_id>/<int:archive_id>/scans/<int:scan_id>/thumbnail.jpg",
        views.read_thumbnail,
        name="read-thumbnail",
    ),
]
