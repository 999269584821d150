"""The event store: every real-time event, kept so clients can replay what they missed.

See docs/protocol.md ("Streams and sequence numbers").
"""
from django.db import models


class Stream(models.Model):
    """One ordered feed of events (`appointments`, `board:42`, `customer:7`)."""

    name = models.CharField(max_length=64, primary_key=True)
    last_seq = models.BigIntegerField(default=0)


class StreamEvent(models.Model):
    stream = models.CharField(max_length=64)
    seq = models.BigIntegerField()
    event = models.CharField(max_length=32)
    # The whole envelope exactly as it was sent, so a replay is byte-for-byte the original.
    envelope = models.JSONField()
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["stream", "seq"], name="unique_seq_per_stream")]
        ordering = ["stream", "seq"]
