"""The one REST endpoint of the realtime package: may this page's address connect live?

Engine.IO refuses a disallowed Origin at its handshake with a bare HTTP 400, which a
browser's Socket.IO client only sees as "cannot connect" and retries forever. A page
whose connections keep failing asks here once; an `origin_not_allowed` answer is a
refusal that cannot heal, so the page stops retrying and says what to fix.
"""
from django.conf import settings
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.authentication import BaseAuthentication
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from common import errors


class OriginCheckApi(APIView):
    permission_classes = [AllowAny]
    authentication_classes: list[type[BaseAuthentication]] = []

    @extend_schema(
        parameters=[OpenApiParameter("origin", str, required=True, description="The page's origin, e.g. https://desk.example.com")],
        responses={204: None},
    )
    def get(self, request: Request) -> Response:
        origin = request.query_params.get("origin", "")[:200].rstrip("/")
        if origin not in settings.ALLOWED_ORIGINS:
            raise errors.OriginNotAllowed(
                f"This page's address ({origin or 'unknown'}) is not allowed to open live connections to this server: "
                "add it to the server's ALLOWED_ORIGINS."
            )
        return Response(status=204)
