"""One ASGI app: Socket.IO at /socket.io/, Django (REST API, admin, web client) for the rest."""
import asyncio
import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "server.settings")
django_asgi_app = get_asgi_application()

import socketio  # noqa: E402  (Django must be set up before the realtime package loads)
from django.conf import settings  # noqa: E402

from common.uploads import UploadBodyLimit  # noqa: E402
from notifications import worker as outbox_worker  # noqa: E402
from realtime.server import on_shutdown as realtime_shutdown  # noqa: E402
from realtime.server import on_startup as realtime_startup  # noqa: E402
from realtime.server import sio  # noqa: E402


async def on_startup() -> None:
    await realtime_startup()
    # The outbox worker lives here, not in realtime, which must not import domain apps.
    outbox_worker.start_inline()


async def on_shutdown() -> None:
    # Joining the worker thread blocks (it may be finishing a hand-off): not on the loop.
    await asyncio.to_thread(outbox_worker.stop_inline)
    await realtime_shutdown()


application = socketio.ASGIApp(
    sio,
    # An attachment bigger than allowed is refused before Django reads it (common.uploads).
    other_asgi_app=UploadBodyLimit(
        django_asgi_app, path=r"/api/cards/\d+/attachments", field="file", max_bytes=lambda: settings.ATTACHMENT_MAX_BYTES
    ),
    socketio_path="socket.io",
    on_startup=on_startup,
    on_shutdown=on_shutdown,
)
