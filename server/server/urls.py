from django.contrib import admin
from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from realtime.api import OriginCheckApi
from server import views

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("readyz", views.readyz, name="readyz"),
    path("metrics", views.metrics, name="metrics"),
    # The Django admin moves aside: /admin/dashboard is the client's live dashboard.
    path("django-admin/", admin.site.urls),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="schema"), name="api-docs"),
    path("api/", include("customers.urls")),
    path("api/", include("appointments.urls")),
    path("api/", include("workflow.urls")),
    path("api/", include("notifications.urls")),
    path("api/realtime/origin", OriginCheckApi.as_view()),
    re_path(r"^api/", views.api_not_found, name="api-not-found"),
    re_path(r"^(?P<path>.*)$", views.client_app, name="client"),
]
