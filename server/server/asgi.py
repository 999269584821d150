"""One ASGI app: Socket.IO at /socket.io/, Django (REST API, admin, web client) for the rest."""
import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "server.settings")
django_asgi_app = get_asgi_application()

import socketio  # noqa: E402  (Django must be set up before the realtime package loads)

from realtime.server import on_shutdown, on_startup, sio  # noqa: E402

application = socketio.ASGIApp(
    sio,
    other_asgi_app=django_asgi_app,
    socketio_path="socket.io",
    on_startup=on_startup,
    on_shutdown=on_shutdown,
)
