"""Processes the benchmark starts: the real server, the baseline relays; reading their RSS and CPU."""
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent.parent
REPO_DIR = BENCH_DIR.parent
SERVER_DIR = REPO_DIR / "server"
BASELINES_DIR = BENCH_DIR / "baselines"
LOG_DIR = BENCH_DIR / "results" / "logs"  # server logs of the last run (git-ignored)
PYTHON = sys.executable
CLK_TCK = os.sysconf("SC_CLK_TCK")

# Limits the benchmark raises for its own server process, so they measure capacity,
# not policy (documented in bench/README.md).
BENCH_LIMITS_ENV = {
    "SOCKETIO_EVENTS_PER_SECOND": "1000000",
    "SOCKETIO_EVENT_BURST": "1000000",
    # One staff user holds every benchmark socket.
    "SOCKETIO_MAX_SOCKETS_PER_USER": "1000000",
    "THROTTLE_LOGIN": "1000000/min",
    "THROTTLE_LOGIN_ACCOUNT": "1000000/min",
    "THROTTLE_REGISTER": "1000000/min",
    "THROTTLE_BOOKING": "1000000/min",
}


def clear_logs() -> None:
    """Forget the previous run's server logs."""
    if LOG_DIR.is_dir():
        for path in LOG_DIR.glob("*.log"):
            path.unlink(missing_ok=True)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def raise_nofile_limit() -> int:
    """Raise this process's open-file soft limit to the hard limit (children inherit it)."""
    import resource

    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < hard:
        resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    return resource.getrlimit(resource.RLIMIT_NOFILE)[0]


# --- /proc readings ------------------------------------------------------------------

def _children(pid: int) -> list[int]:
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as fh:
            return [int(p) for p in fh.read().split()]
    except OSError:
        return []


def process_tree(pid: int) -> list[int]:
    """`pid` and all its descendants (granian serves from a child process, npm from node)."""
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        todo.extend(_children(p))
    return out


def rss_kib(pid: int) -> int:
    """VmRSS of one process in KiB, from /proc/<pid>/status."""
    try:
        with open(f"/proc/{pid}/status") as fh:
            for line in fh:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def tree_rss_kib(pid: int) -> int:
    return sum(rss_kib(p) for p in process_tree(pid))


def cpu_seconds(pid: int) -> float:
    """utime + stime of one process (all its threads), in seconds."""
    try:
        with open(f"/proc/{pid}/stat") as fh:
            fields = fh.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / CLK_TCK
    except (OSError, IndexError):
        return 0.0


def tree_cpu_seconds(pid: int) -> float:
    return sum(cpu_seconds(p) for p in process_tree(pid))


def machine_busy_seconds() -> float:
    """CPU seconds spent busy by the whole machine (all cores), from /proc/stat."""
    with open("/proc/stat") as fh:
        fields = [int(x) for x in fh.readline().split()[1:]]
    idle = fields[3] + (fields[4] if len(fields) > 4 else 0)  # idle + iowait
    return (sum(fields[:8]) - idle) / CLK_TCK


def loadavg() -> float:
    with open("/proc/loadavg") as fh:
        return float(fh.read().split()[0])


def snapshot_server(ref: str) -> Path:
    """`git archive REF server/` into a temp dir: benchmark a commit, not a work tree being edited."""
    dest = Path(tempfile.mkdtemp(prefix="frontdesk-bench-src-"))
    archive = subprocess.run(["git", "archive", "--format=tar", ref, "server"], cwd=REPO_DIR, capture_output=True,
                             timeout=120)
    if archive.returncode != 0:
        raise RuntimeError(f"git archive {ref} failed: {archive.stderr.decode(errors='replace')[:500]}")
    subprocess.run(["tar", "-x", "-C", str(dest)], input=archive.stdout, check=True, timeout=120)
    return dest / "server"


def http_ok(url: str, timeout: float = 1.0) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.status == 200
    except Exception:
        return False


# --- a managed process ---------------------------------------------------------------

class Managed:
    """A child process with a log file, a readiness URL and a clean stop."""

    label = "process"

    def __init__(self):
        self.port = free_port()
        self.process: subprocess.Popen | None = None
        LOG_DIR.mkdir(parents=True, exist_ok=True)
        self.log_path = LOG_DIR / f"{self.label}-{self.port}.log"

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def pid(self) -> int:
        assert self.process is not None, "start() first"
        return self.process.pid

    def command(self) -> tuple[list[str], Path, dict]:
        raise NotImplementedError

    def ready_url(self) -> str:
        return f"{self.url}/socket.io/?EIO=4&transport=polling"

    def start(self, timeout: float = 60.0) -> "Managed":
        cmd, cwd, env = self.command()
        with open(self.log_path, "ab") as log:
            self.process = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=log, stderr=subprocess.STDOUT,
                                            start_new_session=True)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"{self.label} exited with {self.process.returncode}:\n{self.output()}")
            if http_ok(self.ready_url()):
                return self
            time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"{self.label} did not become ready in {timeout:.0f}s:\n{self.output()}")

    def output(self, tail: int = 4000) -> str:
        try:
            return self.log_path.read_text(errors="replace")[-tail:]
        except OSError:
            return ""

    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def stop(self, timeout: float = 10.0) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        # The child leads its own process group (start_new_session): signal that group only.
        try:
            os.killpg(self.process.pid, signal.SIGTERM)
        except ProcessLookupError:
            return
        try:
            self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            try:
                os.killpg(self.process.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            self.process.wait(timeout=timeout)

    def rss_kib(self) -> int:
        return tree_rss_kib(self.pid)

    def cpu_seconds(self) -> float:
        return tree_cpu_seconds(self.pid)


# --- the real server -----------------------------------------------------------------

class Database:
    """A throwaway database: a SQLite file in a temp dir, or a PostgreSQL database created and dropped."""

    def __init__(self, kind: str, postgres_url: str):
        self.kind = kind
        self.postgres_url = postgres_url.rstrip("/")
        self.tmpdir: str | None = None  # sqlite: set by __enter__
        self.name: str | None = None  # postgres: set by __enter__

    def __enter__(self) -> "Database":
        if self.kind == "sqlite":
            self.tmpdir = tempfile.mkdtemp(prefix="frontdesk-bench-db-")
            self.url = f"sqlite:///{self.tmpdir}/bench.sqlite3"
        else:
            import psycopg

            self.name = f"frontdesk_bench_{os.getpid()}_{secrets.token_hex(3)}"
            with psycopg.connect(f"{self.postgres_url}/postgres", autocommit=True, connect_timeout=5) as conn:
                # Databases left by an earlier run that was killed (its process is gone) are dropped.
                for (name,) in conn.execute("SELECT datname FROM pg_database WHERE datname LIKE 'frontdesk_bench_%'"):
                    parts = name.split("_")
                    if len(parts) == 4 and parts[2].isdigit() and not Path(f"/proc/{parts[2]}").exists():
                        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
                conn.execute(f'CREATE DATABASE "{self.name}"')
            self.url = f"{self.postgres_url}/{self.name}"
        return self

    def __exit__(self, *exc) -> None:
        if self.kind == "sqlite":
            assert self.tmpdir is not None, "__enter__ first"
            shutil.rmtree(self.tmpdir, ignore_errors=True)
        else:
            import psycopg

            with psycopg.connect(f"{self.postgres_url}/postgres", autocommit=True, connect_timeout=5) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')


def postgres_available(postgres_url: str) -> str | None:
    """None when the server answers, else why not."""
    try:
        import psycopg

        with psycopg.connect(f"{postgres_url.rstrip('/')}/postgres", connect_timeout=3) as conn:
            conn.execute("SELECT 1")
        return None
    except Exception as exc:  # noqa: BLE001
        return f"{type(exc).__name__}: {str(exc).strip()[:200]}"


def redis_available(redis_url: str) -> str | None:
    """None when Redis answers PING, else why not."""
    try:
        import redis

        redis.Redis.from_url(redis_url, socket_connect_timeout=3, socket_timeout=3).ping()
        return None
    except Exception as exc:  # noqa: BLE001
        return f"{type(exc).__name__}: {str(exc).strip()[:200]}"


def redis_subscribers(redis_url: str, channel: str) -> int:
    """How many connections listen on a pub/sub `channel`, as Redis counts them."""
    import redis

    [(_, listening)] = redis.Redis.from_url(redis_url, socket_connect_timeout=3, socket_timeout=3).pubsub_numsub(channel)
    return int(listening)


class AppServer(Managed):
    """The real product: `manage.py serve` with production-like settings."""

    label = "app"

    def __init__(self, db: Database, *, asgi_server: str = "uvicorn", settings_module: str = "server.settings",
                 extra_env: dict | None = None, server_dir: Path | None = None):
        self.db = db
        self.server_dir = server_dir or SERVER_DIR
        self.asgi_server = asgi_server
        self.settings_module = settings_module
        self.extra_env = extra_env or {}
        super().__init__()

    def env(self) -> dict:
        return {
            **os.environ,
            "DATABASE_URL": self.db.url,
            "DJANGO_SETTINGS_MODULE": self.settings_module,
            "DJANGO_DEBUG": "false",
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "ALLOWED_ORIGINS": self.url,
            "SECURE_SSL_REDIRECT": "false",
            "LOG_LEVEL": "WARNING",
            "PYTHONUNBUFFERED": "1",
            **BENCH_LIMITS_ENV,
            **self.extra_env,
        }

    def prepare(self) -> None:
        """Migrate and load the demo data (staff, services, board 1 with columns and cards)."""
        env = self.env()
        for args in (["migrate", "--noinput"], ["seed_demo"]):
            result = subprocess.run([PYTHON, "manage.py", *args], cwd=self.server_dir, env=env, capture_output=True,
                                    text=True, timeout=300)
            if result.returncode != 0:
                raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{result.stdout[-2000:]}\n{result.stderr[-4000:]}")

    def run_script(self, script: Path, *args: str, timeout: float) -> dict:
        """Run a bench script with this server's settings and database (cwd: the server directory; fdbench
        importable too); its last line of output is JSON, returned decoded."""
        env = {**self.env(), "PYTHONPATH": os.pathsep.join([str(self.server_dir), str(BENCH_DIR)])}
        result = subprocess.run([PYTHON, str(script), *args], cwd=self.server_dir, env=env, capture_output=True, text=True,
                                timeout=timeout)
        if result.returncode != 0:
            raise RuntimeError(f"{script.name} failed:\n{result.stdout[-2000:]}\n{result.stderr[-4000:]}")
        return json.loads(result.stdout.strip().splitlines()[-1])

    def command(self):
        cmd = [PYTHON, "manage.py", "serve", "--host", "127.0.0.1", "--port", str(self.port), "--server", self.asgi_server]
        return cmd, self.server_dir, self.env()

    def ready_url(self) -> str:
        return f"{self.url}/healthz"


# --- baseline relays -----------------------------------------------------------------

class NodeRelay(Managed):
    label = "node-relay"
    directory = BASELINES_DIR / "node-relay"

    @classmethod
    def install(cls) -> None:
        """`npm ci` once (again when the lock file is newer than the installed tree)."""
        marker = cls.directory / "node_modules" / ".package-lock.json"
        lock = cls.directory / "package-lock.json"
        if marker.exists() and marker.stat().st_mtime >= lock.stat().st_mtime:
            return
        if shutil.which("npm") is None:
            raise RuntimeError("npm is not installed")
        result = subprocess.run(["npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"], cwd=cls.directory,
                                capture_output=True, text=True, timeout=300)
        if result.returncode != 0:
            raise RuntimeError(f"npm ci failed:\n{result.stdout[-2000:]}\n{result.stderr[-2000:]}")

    def command(self):
        node = shutil.which("node") or "node"
        return [node, "relay.js", str(self.port)], self.directory, {**os.environ, "NODE_ENV": "production"}


class PythonRelay(Managed):
    """python-socketio's AsyncServer alone (bench/baselines/python_relay/relay.py)."""

    directory = BASELINES_DIR / "python_relay"

    def __init__(self, server: str):
        self.server = server
        self.label = f"python-relay-{server}"
        super().__init__()

    def command(self):
        env = {**os.environ, "PYTHONUNBUFFERED": "1"}
        host, port = "127.0.0.1", str(self.port)
        if self.server == "uvicorn":  # uvicorn's defaults (per-message deflate on)
            cmd = [PYTHON, "-m", "uvicorn", "relay:app", "--host", host, "--port", port, "--no-access-log"]
        elif self.server == "uvicorn-nodeflate":
            cmd = [PYTHON, "-m", "uvicorn", "relay:app", "--host", host, "--port", port, "--no-access-log",
                   "--ws-per-message-deflate", "false"]
        elif self.server == "uvicorn-fanout":  # the product's relay path: realtime.fanout, uvicorn as `manage.py serve` runs it
            cmd = [PYTHON, "-m", "uvicorn", "relay:app", "--host", host, "--port", port, "--no-access-log",
                   "--ws-per-message-deflate", "false", "--ws-ping-interval", "0"]
            env["RELAY_FANOUT"] = "1"
        elif self.server == "granian":
            cmd = [PYTHON, "-m", "granian", "--interface", "asgi", "--host", host, "--port", port, "--workers", "1",
                   "--no-log", "relay:app"]
        else:
            raise ValueError(self.server)
        return cmd, self.directory, env
