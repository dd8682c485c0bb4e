from django.urls import path

from yidang.retention import views

app_name = "retention"
urlpatterns = [
    path("", views.index, name="index"),
    path("appraisals/<int:pk>/", views.appraisal_detail, name="appraisal"),
    path("appraisals/<int:pk>/items/<int:item_pk>/decide/", views.item_decide, name="decide"),
    path("appraisals/<int:pk>/close/", views.appraisal_close, name="close"),
    path("lists/<int:pk>/", views.list_detail, name="list"),
    path("lists/<int:pk>/approve/", views.list_approve, name="approve"),
    path("lists/<int:pk>/reject/", views.list_reject, name="reject"),
    path("lists/<int:pk>/execute/", views.list_execute, name="execute"),
    path("lists/<int:pk>/record.pdf", views.list_pdf, name="pdf"),
    path("holds/", views.holds, name="holds"),
    path("holds/<int:pk>/release/", views.hold_release, name="release"),
]
