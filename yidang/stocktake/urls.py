from django.urls import path

from yidang.stocktake import views

app_name = "stocktake"
urlpatterns = [
    path("", views.index, name="index"),
    path("p/<str:code>/", views.project_page, name="project"),
    path("p/<str:code>/start/", views.start, name="start"),
    path("p/<str:code>/report/<int:year>/", views.report, name="report"),
    path("p/<str:code>/report/<int:year>/report.pdf", views.report_print, name="report-pdf"),
    path("p/<str:code>/report/<int:year>/report.xlsx", views.report_export, name="report-xlsx"),
    path("p/<str:code>/care/", views.care, name="care"),
    path("care/<int:pk>/resolve/", views.care_resolve, name="care-resolve"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/scan/", views.scan, name="scan"),
    path("<int:pk>/tick/<int:archive_pk>/", views.tick, name="tick"),
    path("<int:pk>/scans/<int:stocktake_scan_pk>/put-back/", views.put_back, name="put-back"),
    path("<int:pk>/scans/<int:stocktake_scan_pk>/rehome/", views.rehome, name="rehome"),
    path("<int:pk>/close/", views.close, name="close"),
]
