from django.urls import path

from notifications import api

urlpatterns = [
    path("notifications", api.NotificationListApi.as_view()),
    path("notifications/read-all", api.NotificationReadAllApi.as_view()),
    path("notifications/preferences", api.NotificationPreferencesApi.as_view()),
    path("notifications/<int:pk>/read", api.NotificationReadApi.as_view()),
]
