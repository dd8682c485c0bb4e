from django.urls import path

from yidang.shelving import print_views, views

app_name = "shelving"
urlpatterns = [
    path("", views.storage_index, name="index"),
    path("p/<str:code>/", views.storage_tree_page, name="tree"),
    path("p/<str:code>/add/", views.location_add, name="room-add"),
    path("p/<str:code>/ledger/", views.shelf_ledger_page, name="ledger"),
    path("p/<str:code>/ledger.xlsx", views.shelf_ledger_export, name="ledger-export"),
    path("locations/<int:pk>/", views.location_detail, name="location"),
    path("locations/<int:pk>/add/", views.location_add, name="location-add"),
    path("locations/<int:pk>/edit/", views.location_edit, name="location-edit"),
    path("archives/<int:pk>/move/", views.folder_move_page, name="move"),
    path("print/archives/<int:pk>/label.pdf", print_views.folder_label, name="folder-label"),
    path("print/archives/<int:pk>/file-list.pdf", print_views.file_list, name="file-list"),
    path("print/buildings/<int:pk>/catalogue.pdf", print_views.catalogue, name="catalogue"),
    path("print/jobs/<str:key>/", print_views.print_job, name="print-job"),
    path("print/buildings/<int:pk>/catalogue.xlsx", print_views.catalogue_export, name="catalogue-xlsx"),
    path("print/locations/<int:pk>/box-label.pdf", print_views.box_label, name="box-label"),
    path("print/locations/<int:pk>/labels.pdf", print_views.location_labels, name="location-labels"),
]
