"""/service/: the desk's ticket list, registering, a ticket's page and steps, 我的工单, 回访, 统计, 满意度调查."""

from django.urls import path

from yidang.service.views import callbacks, printouts, stats, steps, surveys, tickets, worker

app_name = "service"

urlpatterns = [
    path("", tickets.ticket_list, name="list"),
    path("new/", tickets.ticket_new, name="new"),
    path("new/rooms/", tickets.room_pick, name="room-pick"),
    path("mine/", worker.mine, name="mine"),
    path("callbacks/", callbacks.callbacks, name="callbacks"),
    path("stats/", stats.stats, name="stats"),
    path("stats/export.xlsx", stats.stats_export, name="stats-export"),
    path("surveys/", surveys.survey_list, name="surveys"),
    path("surveys/new/", surveys.survey_new, name="survey-new"),
    path("surveys/<int:pk>/", surveys.survey_detail, name="survey"),
    path("surveys/<int:pk>/rooms/", surveys.survey_rooms, name="survey-rooms"),
    path("surveys/<int:pk>/answer/<int:room_pk>/", surveys.survey_answer, name="survey-answer"),
    path("surveys/<int:pk>/questions/", surveys.survey_questions, name="survey-questions"),
    path("surveys/<int:pk>/close/", surveys.survey_close, name="survey-close"),
    path("surveys/<int:pk>/report/", surveys.survey_report_page, name="survey-report"),
    path("surveys/<int:pk>/report.pdf", surveys.survey_report_pdf_view, name="survey-report-pdf"),
    path("surveys/<int:pk>/report.xlsx", surveys.survey_report_xlsx, name="survey-report-xlsx"),
    path("<int:pk>/", tickets.ticket_detail, name="detail"),
    path("<int:pk>/signature.png", tickets.signature, name="signature"),
    path("<int:pk>/print.pdf", printouts.ticket_print, name="print"),
    path("<int:pk>/<slug:step>/", steps.take, name="step"),
]
