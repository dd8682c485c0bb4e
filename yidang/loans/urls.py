from django.urls import path

from yidang.loans import views

app_name = "loans"
urlpatterns = [
    path("", views.my_loans, name="mine"),
    path("request/", views.loan_request, name="request"),
    path("approvals/", views.approvals, name="approvals"),
    path("desk/", views.desk, name="desk"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("register/", views.register, name="register"),
    path("register/export.xlsx", views.register_export, name="register-export"),
    path("register/print.pdf", views.register_print, name="register-print"),
    path("<int:pk>/", views.loan_detail, name="detail"),
    path("<int:pk>/approve/", views.loan_approve, name="approve"),
    path("<int:pk>/reject/", views.loan_reject, name="reject"),
    path("<int:pk>/cancel/", views.loan_cancel, name="cancel"),
    path("<int:pk>/checkout/", views.loan_checkout, name="checkout"),
    path("<int:pk>/renew/", views.loan_renew, name="renew"),
    path("<int:pk>/return/", views.loan_return, name="return"),
]
