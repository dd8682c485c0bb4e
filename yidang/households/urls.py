from django.urls import path

from yidang.households import views

app_name = "households"
urlpatterns = [
    path("", views.household_search, name="search"),
    path("<int:pk>/", views.household_detail, name="detail"),
    path("<int:pk>/occupants/", views.occupant_add, name="occupant-add"),
    path("<int:pk>/occupants/<int:occupancy_pk>/end/", views.occupancy_end, name="occupancy-end"),
    path("<int:pk>/companies/", views.company_add, name="company-add"),
    path("<int:pk>/parking/", views.parking_assign, name="parking-assign"),
    path("<int:pk>/parking/<int:space_pk>/release/", views.parking_release, name="parking-release"),
    path("<int:pk>/transfer/", views.transfer, name="transfer"),
    path("<int:pk>/contacts/", views.contact_add, name="contact-add"),
    path("<int:pk>/vehicles/", views.vehicle_add, name="vehicle-add"),
    path("<int:pk>/vehicles/<int:vehicle_pk>/remove/", views.vehicle_remove, name="vehicle-remove"),
    path("<int:pk>/room/", views.room_edit, name="room-edit"),
    path("<int:pk>/vip/", views.vip_edit, name="vip-edit"),
]
