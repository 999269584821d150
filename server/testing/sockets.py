"""Real Socket.IO clients for tests, with a recorder of every event they receive."""
import asyncio
import contextlib

import aiohttp
import socketio

EVENT_TIMEOUT = 5.0


class Recorder:
    """Collects events on one namespace and lets a test wait for a condition on them."""

    def __init__(self):
        self.events: list[tuple[str, dict]] = []
        self._changed = asyncio.Event()

    def record(self, event, data):
        self.events.append((event, data))
        self._changed.set()

    def named(self, name: str) -> list[dict]:
        return [data for event, data in self.events if event == name]

    async def wait_for(self, predicate, timeout: float = EVENT_TIMEOUT):
        """Wait until predicate(events) is truthy; fail with what arrived if it never is."""
        async def wait():
            while True:
                result = predicate(self.events)
                if result:
                    return result
                self._changed.clear()
                await self._changed.wait()

        try:
            return await asyncio.wait_for(wait(), timeout)
        except TimeoutError:
            raise AssertionError(f"condition not met within {timeout}s; received: {[e for e, _ in self.events]}") from None

    async def wait_event(self, name: str, count: int = 1, timeout: float = EVENT_TIMEOUT) -> list[dict]:
        await self.wait_for(lambda events: len([1 for e, _ in events if e == name]) >= count, timeout)
        return self.named(name)


def socket_client(cookie: str | None = None, local_address: str | None = None, **kwargs) -> socketio.AsyncClient:
    """A python-socketio client that sends `cookie` on every connection, reconnections included.

    The cookie goes into the client's own HTTP session: python-socketio consumes a Cookie
    passed in `headers` on the first connection and would reconnect without it.
    `local_address` (e.g. "127.0.0.2") is the address its connections come from, for a
    proxy that routes by client address. Call from inside the event loop.
    """
    jar = aiohttp.CookieJar(unsafe=True)  # unsafe: allow cookies for 127.0.0.1
    if cookie:
        jar.update_cookies(dict(part.strip().split("=", 1) for part in cookie.split(";") if "=" in part))
    connector = aiohttp.TCPConnector(local_addr=(local_address, 0)) if local_address else None
    return socketio.AsyncClient(http_session=aiohttp.ClientSession(cookie_jar=jar, connector=connector), **kwargs)


# How long a long-polling client's goodbye may take before the pending poll is dropped.
POLLING_GOODBYE_SECONDS = 1.0


async def close(client: socketio.AsyncClient) -> None:
    if client.transport() == "polling":
        # python-engineio's client sends its goodbye, then waits for its pending long-poll
        # GET, which the server (the session already closed) lets run out at the next ping,
        # 25 s later. A browser abandons that request: so does this, with the session below.
        try:
            await asyncio.wait_for(client.disconnect(), POLLING_GOODBYE_SECONDS)
        except TimeoutError:
            pass
    else:
        await client.disconnect()
    await client.eio.http.close()


async def connect(url: str, namespace: str, cookie: str | None = None, origin: str | None = None, **kwargs):
    """Connect a real client; returns (client, recorder). Raises socketio.exceptions.ConnectionError if refused."""
    client = socket_client(cookie, reconnection=kwargs.pop("reconnection", False), **kwargs)
    recorder = Recorder()
    client.on("*", recorder.record, namespace=namespace)
    try:
        await client.connect(url, namespaces=[namespace], headers={"Origin": origin or url}, transports=["websocket"], wait_timeout=5)
    except Exception:
        await client.eio.http.close()
        raise
    return client, recorder


async def refusal(url: str, namespace: str, cookie: str | None = None, origin: str | None = None):
    """Try to connect; return the connect_error data, or None for an HTTP-level refusal."""
    client = socket_client(cookie, reconnection=False)
    errors = []
    client.on("connect_error", lambda data: errors.append(data), namespace=namespace)
    try:
        await client.connect(url, namespaces=[namespace], headers={"Origin": origin or url}, transports=["websocket"], wait_timeout=5)
    except socketio.exceptions.ConnectionError:
        return errors[0] if errors else None
    finally:
        await client.eio.http.close()
    await client.disconnect()
    raise AssertionError(f"connected to {namespace} but should have been refused")


@contextlib.asynccontextmanager
async def raw_socket(url: str, namespace: str, cookie: str):
    """A websocket speaking raw Engine.IO/Socket.IO frames, connected to `namespace`.

    For sending what no well-behaved client library would (the protocol abuse tests).
    """
    headers = {"Cookie": cookie, "Origin": url}
    ws_url = url.replace("http", "ws") + "/socket.io/?EIO=4&transport=websocket"
    async with aiohttp.ClientSession() as http, http.ws_connect(ws_url, headers=headers) as ws:
        await ws.receive(timeout=5)  # Engine.IO open
        await ws.send_str(f"40{namespace},")
        connected = (await ws.receive(timeout=5)).data
        assert connected.startswith(f"40{namespace},"), connected
        yield ws
