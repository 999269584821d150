from datetime import datetime

import pytest
from django.utils import timezone


@pytest.fixture
def clock(monkeypatch):
    """Set the server's "now": every service and selector reads django.utils.timezone.now."""

    def set_now(instant: datetime) -> datetime:
        assert instant.tzinfo is not None
        monkeypatch.setattr(timezone, "now", lambda: instant)
        return instant

    return set_now
