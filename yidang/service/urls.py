"""/service/: the desk's ticket list, registering, a ticket's page and steps, 我的工单, 回访."""

from django.urls import path

from yidang.service.views import callbacks, printouts, steps, tickets, worker

app_name = "service"

urlpatterns = [
    path("", tickets.ticket_list, name="list"),
    path("new/", tickets.ticket_new, name="new"),
    path("new/rooms/", tickets.room_pick, name="room-pick"),
    path("mine/", worker.mine, name="mine"),
    path("callbacks/", callbacks.callbacks, name="callbacks"),
    path("<int:pk>/", tickets.ticket_detail, name="detail"),
    path("<int:pk>/signature.png", tickets.signature, name="signature"),
    path("<int:pk>/print.pdf", printouts.ticket_print, name="print"),
    path("<int:pk>/<slug:step>/", steps.take, name="step"),
]
