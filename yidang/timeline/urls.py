from django.urls import path

from yidang.timeline import views

app_name = "timeline"
urlpatterns = [
    path("<int:room_id>/", views.household_timeline, name="household"),
]
