"""A TCP relay in front of a service (Redis) that a test can take down and bring back.

Server processes reach the service through it; `outage()` closes every relayed
connection and stops listening, so they see what a Redis restart or a network cut does
to them (reset connections, then "connection refused"), without touching the real
service that other tests and programs share. `restore()` listens again on the same port.
"""
import asyncio
import threading

from testing.live import free_port


class TcpProxy:
    def __init__(self, target_host: str, target_port: int):
        self.target = (target_host, target_port)
        self.port = free_port()
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name="tcp-proxy", daemon=True)
        self._server: asyncio.Server | None = None
        self._writers: set[asyncio.StreamWriter] = set()

    def start(self) -> "TcpProxy":
        self._thread.start()
        self._call(self._listen())
        return self

    def outage(self) -> None:
        """Drop every relayed connection and refuse new ones until restore()."""
        self._call(self._cut())

    def restore(self) -> None:
        self._call(self._listen())

    def stop(self) -> None:
        self._call(self._cut())
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout=5)
        self._loop.close()

    def _call(self, coroutine):
        return asyncio.run_coroutine_threadsafe(coroutine, self._loop).result(timeout=10)

    async def _listen(self) -> None:
        self._server = await asyncio.start_server(self._relay, "127.0.0.1", self.port)

    async def _cut(self) -> None:
        if self._server is not None:
            self._server.close()
            self._server = None
        for writer in list(self._writers):
            writer.transport.abort()  # a reset, as from a host that went away
        self._writers.clear()

    async def _relay(self, client_reader, client_writer) -> None:
        try:
            server_reader, server_writer = await asyncio.open_connection(*self.target)
        except OSError:
            client_writer.transport.abort()
            return
        self._writers.update((client_writer, server_writer))

        async def pipe(reader, writer):
            try:
                while data := await reader.read(65536):
                    writer.write(data)
                    await writer.drain()
            except (OSError, asyncio.IncompleteReadError):
                pass
            finally:
                writer.transport.abort()
                self._writers.discard(writer)

        await asyncio.gather(pipe(client_reader, server_writer), pipe(server_reader, client_writer))
