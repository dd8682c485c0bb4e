from django.urls import path

from yidang.usage import views

app_name = "usage"
urlpatterns = [
    path("", views.ledger, name="ledger"),
    path("export.xlsx", views.ledger_export, name="ledger-export"),
    path("monthly/", views.monthly, name="monthly"),
    path("monthly/export.xlsx", views.monthly_export, name="monthly-export"),
    path("reveal/<int:room_pk>/<int:person_pk>/", views.reveal_id, name="reveal-id"),
]
