"""Two processes behind the repository's nginx configuration, clients on HTTP long-polling.

A long-polling session is many HTTP requests, and only the process that opened it knows
it: the upstream must send every request of one client to one process (deploy/nginx*.conf,
`hash $remote_addr consistent`). Without that, nginx spreads the requests round-robin and
the other process answers "Invalid session", so the clients here never connect.

Clients come from different loopback addresses (127.0.0.N) so that nginx's hash puts
them on different processes, and events must cross between them through Redis.
"""
import asyncio
import re
import time
import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest

from testing import factories
from testing.board_client import NAMESPACE, BoardMirror, web_client_backoff
from testing.live import ServerProcess, Session, free_port, start_together
from testing.nginx import SITE, NginxProcess
from testing.services import REDIS_URL, require_service
from workflow.models import Board
from workflow.selectors import board_get_snapshot

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.server_process]

CONNECTED = 'socketio_connected_clients{namespace="/workflow"}'
# What a user may expect after the process holding their session dies: back, and caught
# up, within this many seconds (nginx moves them to the other process).
FAILOVER_BOUND_SECONDS = 10.0


class Cluster:
    """Two server processes sharing a Redis queue, behind nginx."""

    def __init__(self, db_url: str, directory):
        self.nginx_port = free_port()
        env = {
            "SOCKETIO_MESSAGE_QUEUE": REDIS_URL,
            "SOCKETIO_QUEUE_CHANNEL": f"frontdesk-test-{uuid.uuid4().hex[:8]}",
            # Browsers reach the processes through nginx, on nginx's origin.
            "ALLOWED_ORIGINS": f"http://127.0.0.1:{self.nginx_port}",
            "TRUSTED_PROXIES": "1",
        }
        self.processes = [ServerProcess(db_url, env=env), ServerProcess(db_url, env=env)]
        self.nginx = NginxProcess([p.port for p in self.processes], directory, port=self.nginx_port)

    def start(self) -> "Cluster":
        try:
            start_together(*self.processes)
            self.nginx.start()
            # {process port: a client address that nginx sends there}
            self.address = self.nginx.address_for_each_upstream()
        except BaseException:
            self.stop()
            raise
        return self

    def restart_stopped_processes(self) -> None:
        stopped = [p for p in self.processes if p.process is None or p.process.poll() is not None]
        if not stopped:
            return
        start_together(*stopped)
        # nginx skips a process that failed for a while (fail_timeout, 10 s by default):
        # wait until each address is routed to its own process again.
        deadline = time.monotonic() + 20
        while any(self.nginx.probe(address) != port for port, address in self.address.items()):
            assert time.monotonic() < deadline, "nginx does not route to the restarted process"
            time.sleep(0.2)  # polling for the condition, not waiting out a race

    def stop(self) -> None:
        self.nginx.stop()
        # Side by side: each may wait out its graceful shutdown on a pending long poll.
        with ThreadPoolExecutor(len(self.processes)) as pool:
            list(pool.map(ServerProcess.stop, self.processes))
        for process in self.processes:
            process.remove_log()

    def socket_requests(self, address: str, since: int = 0) -> list[dict]:
        return [r for r in self.nginx.requests()[since:] if r["remote"] == address and " /socket.io/" in r["request"]]


@pytest.fixture(scope="module")
def cluster(server_process, tmp_path_factory):
    require_service(REDIS_URL)
    running = Cluster(server_process.db_url, tmp_path_factory.mktemp("nginx")).start()
    yield running
    running.stop()


@pytest.fixture
def healthy_cluster(cluster):
    cluster.restart_stopped_processes()  # a test before may have killed one
    return cluster


def board_for_two():
    alice, bob = factories.staff(), factories.staff()
    board = factories.board(members=[alice, bob])
    return alice, bob, board


def stored(board_id: int) -> dict:
    return board_get_snapshot(Board.objects.get(pk=board_id))


async def call(mirror: BoardMirror, event: str, payload: dict) -> dict:
    answer = await mirror.client.call(event, payload, namespace=NAMESPACE, timeout=10)
    assert answer["ok"], answer
    return answer["data"]


async def caught_up(mirror: BoardMirror, board_id: int, timeout: float) -> None:
    """The mirror holds the board as stored now (call once the changes have stopped)."""
    await mirror.caught_up(await asyncio.to_thread(stored, board_id), timeout)


def test_two_staff_on_two_processes_see_each_others_changes_over_polling_through_sticky_nginx(healthy_cluster):
    cluster = healthy_cluster
    first, second = cluster.processes
    alice, bob, board = board_for_two()
    todo, doing, _ = board.columns.order_by("position")
    alice_cookie = Session(cluster.nginx).login(alice.email, factories.PASSWORD).cookie_header
    bob_cookie = Session(cluster.nginx).login(bob.email, factories.PASSWORD).cookie_header
    log_start = len(cluster.nginx.requests())
    before = {p.port: (p.metric(CONNECTED), p.metric('socketio_events_delivered_total{event="card_update"}'),
                       p.metric('socketio_events_delivered_total{event="card_move"}')) for p in cluster.processes}

    async def scenario():
        on_first = await BoardMirror(
            cluster.nginx.url, alice_cookie, board.id, transports=("polling",), local_address=cluster.address[first.port]
        ).connect()
        on_second = await BoardMirror(
            cluster.nginx.url, bob_cookie, board.id, transports=("polling",), local_address=cluster.address[second.port]
        ).connect()
        assert on_first.client.transport() == on_second.client.transport() == "polling"
        connected = await asyncio.to_thread(lambda: [p.metric(CONNECTED) - before[p.port][0] for p in cluster.processes])
        # Alice adds a card over her socket (handled by the first process): Bob sees it live.
        card = await call(on_first, "card_create", {"column_id": todo.id, "title": "Seen over polling"})
        await caught_up(on_second, board.id, timeout=10)
        assert on_second.state["cards"][card["id"]]["title"] == "Seen over polling"
        # Bob moves it (the second process): Alice sees it live.
        await call(on_second, "card_move", {"card_id": card["id"], "column_id": doing.id, "index": 0})
        await caught_up(on_first, board.id, timeout=10)
        assert on_first.state["cards"][card["id"]]["column_id"] == doing.id
        await caught_up(on_second, board.id, timeout=10)
        requests = {port: cluster.socket_requests(address, log_start) for port, address in cluster.address.items()}
        await asyncio.gather(on_first.close(), on_second.close())
        return connected, requests

    connected, requests = asyncio.run(scenario())
    assert connected == [1, 1], "one client on each process"
    # Each process delivered the other's event to its client: through the queue (the
    # store relay's deliveries are not counted here).
    assert second.metric('socketio_events_delivered_total{event="card_update"}') > before[second.port][1]
    assert first.metric('socketio_events_delivered_total{event="card_move"}') > before[first.port][2]
    for port, mine in requests.items():
        # Handshake, namespace connect, join, event, and the long polls in between.
        assert len(mine) >= 5, mine
        assert all("transport=polling" in r["request"] for r in mine), mine
        assert {r["served_by"] for r in mine} == {port}, f"a polling session was split across processes: {mine}"
        assert {r["status"] for r in mine} == {200}, mine


def test_a_polling_client_whose_process_dies_is_moved_by_nginx_and_catches_up(healthy_cluster):
    cluster = healthy_cluster
    first, second = cluster.processes
    alice, bob, board = board_for_two()
    todo, doing, _ = board.columns.order_by("position")
    alice_cookie = Session(cluster.nginx).login(alice.email, factories.PASSWORD).cookie_header
    bob_cookie = Session(cluster.nginx).login(bob.email, factories.PASSWORD).cookie_header
    alice_address = cluster.address[first.port]

    async def scenario():
        on_first = await BoardMirror(
            cluster.nginx.url, alice_cookie, board.id, transports=("polling",), local_address=alice_address,
            backoff=web_client_backoff(),
        ).connect()
        on_second = await BoardMirror(
            cluster.nginx.url, bob_cookie, board.id, transports=("polling",), local_address=cluster.address[second.port]
        ).connect()
        card = await call(on_second, "card_create", {"column_id": todo.id, "title": "Keeps moving"})
        await caught_up(on_first, board.id, timeout=10)
        log_at_kill = len(cluster.nginx.requests())
        killed_at = time.monotonic()
        await asyncio.to_thread(first.kill)
        # Bob keeps working while Alice's process is gone.
        for i in range(6):
            column = doing if i % 2 == 0 else todo
            await call(on_second, "card_move", {"card_id": card["id"], "column_id": column.id, "index": 0})
        await caught_up(on_first, board.id, timeout=FAILOVER_BOUND_SECONDS)
        converged = time.monotonic() - killed_at
        after_kill = cluster.socket_requests(alice_address, log_at_kill)
        transport = on_first.client.transport()
        await asyncio.gather(on_first.close(), on_second.close())
        return converged, after_kill, transport

    converged, after_kill, transport = asyncio.run(scenario())
    print(f"\npolling client converged {converged:.2f} s after its process was killed (nginx moved it to the other one)")
    assert converged < FAILOVER_BOUND_SECONDS
    assert transport == "polling"
    # The new session is on the surviving process, all of it (the first process refuses
    # connections: nginx skips it).
    reconnected = [r for r in after_kill if r["status"] == 200]
    assert reconnected and {r["served_by"] for r in reconnected} == {second.port}, after_kill


def test_the_compose_nginx_file_is_sticky_the_same_way_as_the_one_tested_here():
    """The processes here run behind deploy/nginx.local.conf; deploy/nginx.conf must route alike."""

    def balancing(name: str) -> list[str]:
        text = "\n".join(line.split("#", 1)[0] for line in (SITE.parent / name).read_text().splitlines())
        upstream = re.search(r"upstream\s+\S+\s*\{([^}]*)\}", text)
        assert upstream is not None, f"no upstream block in {name}"
        return [" ".join(d.split()) for d in re.findall(r"^\s*((?:hash|ip_hash|sticky|least_conn|random)\b[^;]*);", upstream.group(1), re.M)]

    assert balancing("nginx.local.conf"), "no sticky balancing in deploy/nginx.local.conf"
    assert balancing("nginx.conf") == balancing("nginx.local.conf")
