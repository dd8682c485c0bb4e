from django.urls import path

from yidang.inspections import views

app_name = "inspections"
urlpatterns = [
    path("", views.index, name="index"),
    path("proposals/", views.proposals, name="proposals"),
    path("proposals/<int:pk>/start/", views.proposal_start, name="proposal-start"),
    path("sample/", views.sample_draw, name="sample"),
    path("<int:pk>/", views.inspection_detail, name="detail"),
    path("records/<int:pk>/", views.record, name="record"),
    path("records/<int:pk>/print.pdf", views.record_print, name="record-print"),
    path("chase/", views.chase, name="chase"),
    path("chase/<int:pk>/close/", views.chase_close, name="chase-close"),
    path("plans/", views.plans, name="plans"),
    path("plans/<int:pk>/", views.plan_detail, name="plan"),
    path("plans/<int:pk>/approve/", views.plan_approve, name="plan-approve"),
]
