"""A WebSocket proxy between a test client and the server that can drop one message.

It stands in for a lossy hop (a message queue that lost a publish, a flaky network
path): the server really sent the event, the client really never got it.
"""
import asyncio

import aiohttp
from aiohttp import web

from testing.live import free_port


class DroppingProxy:
    def __init__(self, upstream: str):
        self.upstream = upstream
        self.port = free_port()
        self.drop_next_matching: str | None = None
        self.dropped: list[str] = []
        self._runner: web.AppRunner | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def drop_next(self, substring: str) -> None:
        """Drop the next server-to-client message containing `substring`."""
        self.drop_next_matching = substring

    async def start(self) -> "DroppingProxy":
        app = web.Application()
        app.router.add_get("/socket.io/", self._handle)
        self._runner = web.AppRunner(app)
        await self._runner.setup()
        await web.TCPSite(self._runner, "127.0.0.1", self.port).start()
        return self

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()

    async def _handle(self, request: web.Request):
        downstream = web.WebSocketResponse()
        await downstream.prepare(request)
        headers = {"Cookie": request.headers.get("Cookie", ""), "Origin": self.upstream}
        async with aiohttp.ClientSession() as session:
            async with session.ws_connect(f"{self.upstream}/socket.io/?{request.query_string}", headers=headers) as upstream:
                async def server_to_client():
                    async for message in upstream:
                        if message.type != aiohttp.WSMsgType.TEXT:
                            break
                        if self.drop_next_matching and self.drop_next_matching in message.data:
                            self.drop_next_matching = None
                            self.dropped.append(message.data)
                            continue
                        await downstream.send_str(message.data)
                    await downstream.close()

                async def client_to_server():
                    async for message in downstream:
                        if message.type != aiohttp.WSMsgType.TEXT:
                            break
                        await upstream.send_str(message.data)
                    await upstream.close()

                await asyncio.gather(server_to_client(), client_to_server(), return_exceptions=True)
        return downstream
