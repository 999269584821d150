from datetime import datetime

import pytest
from django.core.cache import cache
from django.utils import timezone


@pytest.fixture(autouse=True)
def _fresh_throttles():
    """Request throttles count in the cache; each test starts with none used."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def clock(monkeypatch):
    """Set the server's "now": every service and selector reads django.utils.timezone.now."""

    def set_now(instant: datetime) -> datetime:
        assert instant.tzinfo is not None
        monkeypatch.setattr(timezone, "now", lambda: instant)
        return instant

    return set_now
