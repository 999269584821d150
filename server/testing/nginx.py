"""A real nginx in front of server processes: deploy/nginx.local.conf, its upstream pointed at them.

The site file is the repository's own, changed only where a test must (the upstream's
`server` lines, the `listen` address), so the test exercises the stickiness and the
proxy headers that production gets. nginx comes from Debian's package, which `make test`
installs (scripts/ensure-debian-tool.sh).
"""
import http.client
import os
import re
import shutil
import signal
import socket
import subprocess
import time
from pathlib import Path

import pytest

from testing.live import SERVER_DIR, free_port

SITE = SERVER_DIR.parent / "deploy" / "nginx.local.conf"
STARTUP_TIMEOUT = 10.0
# One line per request: who asked, which upstream(s) nginx tried (the last one answered), and what.
LOG_FORMAT = "$remote_addr|$upstream_addr|$status|$request"


def nginx_binary() -> str:
    """The nginx executable; under CI its absence is a failure, as in test_deploy_files."""
    path = shutil.which("nginx")
    if path is None:
        if os.environ.get("CI"):
            pytest.fail("nginx is missing: `make test` installs it (scripts/ensure-debian-tool.sh)")
        pytest.skip("nginx is not installed (Debian package nginx)")
    return path


def render_site(upstream_ports: list[int], listen_port: int) -> str:
    """deploy/nginx.local.conf with its upstream servers replaced and listening on loopback."""
    site = SITE.read_text()
    servers = re.findall(r"^\s*server\s+127\.0\.0\.1:\d+\s*;.*\n", site, re.M)
    assert servers, "deploy/nginx.local.conf has no `server 127.0.0.1:PORT;` lines to point at the test's processes"
    ours = "".join(f"    server 127.0.0.1:{port};\n" for port in upstream_ports)
    site = site.replace("".join(servers), ours, 1)
    assert ours in site, "the upstream's server lines are not consecutive any more"
    site, listens = re.subn(r"listen\s+80\s*;", f"listen 127.0.0.1:{listen_port};", site)
    assert listens == 1, "deploy/nginx.local.conf should listen on port 80 once"
    return site


class NginxProcess:
    def __init__(self, upstream_ports: list[int], directory: Path, port: int | None = None):
        self.upstream_ports = upstream_ports
        self.directory = Path(directory)
        self.port = port or free_port()
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def access_log(self) -> Path:
        return self.directory / "access.log"

    @property
    def error_log(self) -> Path:
        return self.directory / "error.log"

    def start(self) -> "NginxProcess":
        binary = nginx_binary()
        directory = self.directory
        (directory / "site.conf").write_text(render_site(self.upstream_ports, self.port))
        # As root, nginx runs its workers as `nobody`, who may not enter the test's directory.
        user = "user root;\n" if os.geteuid() == 0 else ""
        temp_paths = "".join(
            f"  {name}_temp_path {directory}/{name};\n" for name in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
        )
        (directory / "nginx.conf").write_text(
            f"daemon off;\n{user}worker_processes 1;\nerror_log {self.error_log} info;\npid {directory}/nginx.pid;\n"
            f"events {{ worker_connections 256; }}\n"
            f"http {{\n  log_format upstreams '{LOG_FORMAT}';\n  access_log {self.access_log} upstreams;\n{temp_paths}"
            f"  include {directory}/site.conf;\n}}\n"
        )
        self.process = subprocess.Popen(
            [binary, "-p", str(directory), "-e", str(self.error_log), "-c", str(directory / "nginx.conf")],
            stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + STARTUP_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"nginx exited with {self.process.returncode}:\n{self.errors()}")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                    return self
            except OSError:
                time.sleep(0.05)  # polling for the listener, not waiting out a race
        raise RuntimeError(f"nginx did not listen on {self.port}:\n{self.errors()}")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)  # fast shutdown, workers included
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)

    def errors(self) -> str:
        return self.error_log.read_text(errors="replace")[-5000:] if self.error_log.exists() else ""

    def requests(self) -> list[dict]:
        """Every request so far: remote (client address), served_by (the upstream port that
        answered), tried (every upstream port nginx tried), status, request line."""
        found = []
        for line in self.access_log.read_text().splitlines():
            remote, upstreams, status, request = line.split("|", 3)
            tried = [int(address.rsplit(":", 1)[1]) for address in re.split(r"[,:]\s+", upstreams) if ":" in address]
            found.append({
                "remote": remote, "tried": tried, "served_by": tried[-1] if tried else None,
                "status": int(status), "request": request,
            })
        return found

    def _served_by(self, marker: str, timeout: float = 5.0) -> int:
        """The upstream port that answered the request containing `marker`.

        nginx logs a request after answering it: the line may come a moment after the answer.
        """
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for request in self.requests():
                if marker in request["request"]:
                    return request["served_by"]
            time.sleep(0.01)  # polling for the log line, not waiting out a race
        raise AssertionError(f"nginx logged no request with {marker!r}")

    def address_for_each_upstream(self, candidates=range(2, 64)) -> dict[int, str]:
        """{upstream port: a loopback client address nginx sends to it}, found by asking.

        The upstream hashes client addresses; all of 127.0.0.0/8 is this host, so a test
        client can come from 127.0.0.N and land where the test needs it.
        """
        found: dict[int, str] = {}
        for n in candidates:
            address = f"127.0.0.{n}"
            found.setdefault(self.probe(address), address)
            if set(found) >= set(self.upstream_ports):
                return found
        raise AssertionError(f"no client address reached every upstream: {found}")

    def probe(self, address: str) -> int:
        """The upstream port nginx sends a request from client `address` to, now."""
        marker = f"probe={address}-{time.monotonic_ns()}"
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=5, source_address=(address, 0))
        try:
            connection.request("GET", f"/healthz?{marker}")
            connection.getresponse().read()
        finally:
            connection.close()
        return self._served_by(marker)
