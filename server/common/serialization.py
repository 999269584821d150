"""One representation of times for REST answers, event payloads and the schedule."""
from rest_framework import serializers

_datetime = serializers.DateTimeField()


def iso_datetime(value) -> str | None:
    """ISO 8601 in the business time zone, exactly as DRF renders model fields."""
    return None if value is None else _datetime.to_representation(value)
