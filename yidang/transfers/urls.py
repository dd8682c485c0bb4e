from django.urls import path

from yidang.transfers import views

app_name = "transfers"
urlpatterns = [
    path("", views.sheet_list, name="list"),
    path("new/", views.sheet_new, name="new"),
    path("export.xlsx", views.sheets_export, name="export"),
    path("<int:pk>/", views.sheet_detail, name="detail"),
    path("<int:pk>/acknowledge/", views.sheet_acknowledge, name="acknowledge"),
    path("<int:pk>/refuse/", views.sheet_refuse, name="refuse"),
    path("<int:pk>/cancel/", views.sheet_cancel, name="cancel"),
    path("<int:pk>/print.pdf", views.sheet_print, name="print"),
]
