from django.urls import path

from appointments import api, public_api

urlpatterns = [
    path("services", api.ServiceListApi.as_view()),
    path("resources", api.ResourceListApi.as_view()),
    path("availability", api.AvailabilityApi.as_view()),
    path("availability/days", public_api.AvailabilityDaysApi.as_view()),
    path("availability/next", public_api.NextAvailableApi.as_view()),
    path("business", public_api.BusinessApi.as_view()),
    path("appointments", api.AppointmentListApi.as_view()),
    path("appointments/<int:pk>", api.AppointmentDetailApi.as_view()),
    path("appointments/<int:pk>/confirm", api.AppointmentActionApi.as_view(action_name="confirm"), name="appointment-confirm"),
    path("appointments/<int:pk>/cancel", api.AppointmentActionApi.as_view(action_name="cancel"), name="appointment-cancel"),
    path("appointments/<int:pk>/complete", api.AppointmentActionApi.as_view(action_name="complete"), name="appointment-complete"),
    path("appointments/<int:pk>/no-show", api.AppointmentActionApi.as_view(action_name="no_show"), name="appointment-no-show"),
    path("appointments/<int:pk>/reschedule", api.AppointmentRescheduleApi.as_view()),
    path("appointments/<int:pk>/history", api.AppointmentHistoryApi.as_view()),
    path("appointments/<int:pk>/calendar.ics", api.AppointmentIcsApi.as_view()),
    path("appointments/pending", api.PendingRequestsApi.as_view()),
    path("appointments/bulk", api.AppointmentBulkApi.as_view()),
    path("calendar", api.CalendarApi.as_view()),
    path("dashboard", api.DashboardApi.as_view()),
]
