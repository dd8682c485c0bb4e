from django.urls import path

from yidang.accounts import views

app_name = "accounts"

urlpatterns = [
    path("password/", views.PasswordChangeView.as_view(), name="password_change"),
    path("two-step/", views.otp_verify, name="otp_verify"),
    path("two-step/setup/", views.otp_setup, name="otp_setup"),
]
