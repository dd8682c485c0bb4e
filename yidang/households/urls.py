from django.urls import path

from yidang.households import views

app_name = "households"
urlpatterns = [
    path("", views.household_search, name="search"),
    path("<int:pk>/", views.household_detail, name="detail"),
]
