"""Serve the whole product (REST, Socket.IO, web client) from one ASGI process."""
from django.conf import settings
from django.core.management.base import BaseCommand

SERVERS = ("uvicorn", "granian")
# Room for the Engine.IO/Socket.IO framing around a message of the largest allowed size.
WEBSOCKET_FRAME_SLACK = 1024


class Command(BaseCommand):
    help = "Run the ASGI app (server.asgi:application) with uvicorn (default) or granian."

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--server", choices=SERVERS, default="uvicorn")
        parser.add_argument("--reload", action="store_true", help="restart on code changes (development)")

    def handle(self, *args, host, port, server, reload, **options):
        if server == "granian":
            # Granian keeps the peer address (no proxy-header rewriting); DRF reads
            # X-Forwarded-For itself, as far as TRUSTED_PROXIES allows.
            from granian import Granian
            from granian.constants import Interfaces
            from granian.log import LogLevels

            Granian(
                "server.asgi:application", address=host, port=port, interface=Interfaces.ASGI, reload=reload,
                websockets=True, log_access=False, log_level=LogLevels(settings.LOG_LEVEL.lower()),
            ).serve()
            return
        import uvicorn

        uvicorn.run(
            "server.asgi:application",
            host=host,
            port=port,
            reload=reload,
            lifespan="on",
            access_log=False,
            # uvicorn's own loggers (a line per websocket connection at INFO) follow LOG_LEVEL too,
            # through the project's LOGGING (plain or JSON lines), not a format of their own.
            log_level=settings.LOG_LEVEL.lower(),
            log_config=None,
            # Per-message deflate costs more CPU than it saves on small JSON events.
            ws_per_message_deflate=False,
            # Engine.IO already pings every connection; a second, websocket-level ping
            # per connection only costs CPU (measured: 14% of a core at 5,000 idle sockets).
            ws_ping_interval=None,
            # Give open sockets a moment to close cleanly on SIGTERM, then exit.
            timeout_graceful_shutdown=5,
            # An idle keep-alive connection is closed after this long. uvicorn's 5 s is shorter
            # than clients and proxies keep theirs (nginx's upstream keepalive_timeout is 60 s):
            # a request sent as the server closes the connection fails with a reset.
            timeout_keep_alive=75,
            # uvicorn would otherwise take the client address from X-Forwarded-For on any
            # loopback connection, letting a direct client pick its own. Behind proxies it
            # trusts the peers in FORWARDED_ALLOW_IPS (default: loopback).
            proxy_headers=settings.TRUSTED_PROXIES > 0,
            # A websocket frame is one Engine.IO packet: refuse a bigger one as it arrives
            # instead of buffering up to uvicorn's default 16 MiB per connection first.
            ws_max_size=settings.SOCKETIO_MAX_MESSAGE_BYTES + WEBSOCKET_FRAME_SLACK,
        )
