"""Time-driven events: a new business day reaches connected dashboards without a reconnect."""
import asyncio
import logging

from asgiref.sync import sync_to_async

from appointments.hours import business_today
from appointments.services import appointments_day_rollover

logger = logging.getLogger(__name__)

# The day changes at most once a day; checking every 30 s keeps the lag under a minute.
DAY_CHECK_SECONDS = 30.0


async def day_rollover_forever() -> None:
    seen = await sync_to_async(business_today)()
    while True:
        await asyncio.sleep(DAY_CHECK_SECONDS)
        try:
            today = await sync_to_async(business_today)()
            if today != seen:
                # Idempotent across processes: only the first one to see the new day publishes.
                await sync_to_async(appointments_day_rollover)()
                seen = today
        except Exception:
            logger.exception("day rollover check failed")
