from typing import Any

from rest_framework import serializers


class FetchEventsEvent(serializers.Serializer[Any]):
    stream = serializers.CharField(max_length=64)
    after = serializers.IntegerField(min_value=0)
    until = serializers.IntegerField(min_value=0, required=False, allow_null=True)


class ResumeEvent(serializers.Serializer[Any]):
    after = serializers.IntegerField(min_value=0)
