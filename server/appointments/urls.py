from django.urls import path

from appointments import api

urlpatterns = [
    path("services", api.ServiceListApi.as_view()),
    path("resources", api.ResourceListApi.as_view()),
    path("availability", api.AvailabilityApi.as_view()),
    path("appointments", api.AppointmentListApi.as_view()),
    path("appointments/<int:pk>", api.AppointmentDetailApi.as_view()),
    path("appointments/<int:pk>/confirm", api.AppointmentActionApi.as_view(action_name="confirm"), name="appointment-confirm"),
    path("appointments/<int:pk>/cancel", api.AppointmentActionApi.as_view(action_name="cancel", customer_may=True), name="appointment-cancel"),
    path("appointments/<int:pk>/complete", api.AppointmentActionApi.as_view(action_name="complete"), name="appointment-complete"),
    path("appointments/<int:pk>/no-show", api.AppointmentActionApi.as_view(action_name="no_show"), name="appointment-no-show"),
    path("appointments/<int:pk>/reschedule", api.AppointmentRescheduleApi.as_view()),
    path("dashboard", api.DashboardApi.as_view()),
]
