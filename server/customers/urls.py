from django.urls import path

from customers import api

urlpatterns = [
    path("auth/csrf", api.CsrfApi.as_view()),
    path("auth/register", api.RegisterApi.as_view()),
    path("auth/login", api.LoginApi.as_view()),
    path("auth/logout", api.LogoutApi.as_view()),
    path("auth/me", api.MeApi.as_view()),
    path("auth/password", api.PasswordChangeApi.as_view()),
    path("auth/password-reset", api.PasswordResetApi.as_view()),
    path("auth/password-reset/confirm", api.PasswordResetConfirmApi.as_view()),
    path("staff", api.StaffListApi.as_view()),
    path("customers", api.CustomerListApi.as_view()),
]
