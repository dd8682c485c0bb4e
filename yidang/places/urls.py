from django.urls import path

from yidang.places import views

app_name = "places"
urlpatterns = [
    path("", views.project_list, name="projects"),
    path("p/<str:code>/", views.project_detail, name="project"),
    path("buildings/<int:pk>/", views.building_map, name="building"),
]
