from django.urls import path

from yidang.usage.api import RevealIdView

urlpatterns = [
    path("people/<int:pk>/reveal-id/", RevealIdView.as_view(), name="person-reveal-id"),
]
