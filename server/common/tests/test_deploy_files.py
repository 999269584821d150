"""Checks of the deployment files: Dockerfile, compose files, nginx, deploy scripts, docs.

No container engine runs on the CI machines, so `docker build` and `docker compose config`
cannot. The files are read as plain YAML and text, and each check is about one thing a
deployer relies on; where a real tool can run (nginx -t, sh -n, the scripts themselves), it does.
"""
import importlib.util
import os
import re
import subprocess
from pathlib import Path

import pytest
import yaml

from testing.nginx import nginx_binary

REPO = Path(__file__).resolve().parents[3]
DEPLOY = REPO / "deploy"
SINGLE, DEV, SCALE = "docker-compose.yml", "docker-compose.dev.yml", "docker-compose.scale.yml"
NGINX_FILES = ["nginx.conf", "nginx.local.conf"]


def read(relative: str) -> str:
    return (REPO / relative).read_text()


class PlainLoader(yaml.SafeLoader):
    """YAML as written; Compose's `!reset` (drop the base file's value) loads as nothing."""


PlainLoader.add_constructor("!reset", lambda loader, node: None)


def compose(name: str) -> dict:
    return yaml.load(read(name), Loader=PlainLoader)


def env(service: dict) -> dict:
    """The service's `environment` as written (no interpolation)."""
    return {key: str(value) for key, value in (service.get("environment") or {}).items()}


def settings_variables() -> set[str]:
    """Environment variable names the settings modules read."""
    text = read("server/server/settings.py") + read("server/server/settings_production.py")
    return set(re.findall(r"""(?:os\.environ\.get\(|os\.environ\[|env_bool\(|env_list\()\s*["'](\w+)["']""", text))


def dockerfile() -> str:
    """The Dockerfile without comments, continuation lines joined."""
    lines = [line for line in read("Dockerfile").splitlines() if not line.lstrip().startswith("#")]
    return re.sub(r"\\\n\s*", " ", "\n".join(lines))


def nginx_text(name: str) -> str:
    return "\n".join(line.split("#", 1)[0] for line in (DEPLOY / name).read_text().splitlines())


def nginx_locations(text: str) -> dict[str, str]:
    """{location match: body}; the locations in these files nest no blocks."""
    return {" ".join(match.split()): body for match, body in re.findall(r"location\s+([^{]+)\{([^}]*)\}", text)}


# --- Compose files --------------------------------------------------------------------------

@pytest.mark.parametrize("name", [SINGLE, DEV, SCALE])
def test_compose_services_can_start(name):
    config = compose(name)
    # The overlay runs on top of docker-compose.yml: it may refer to that file's services and volumes.
    base = compose(SINGLE) if name == SCALE else {"services": {}, "volumes": {}}
    known_services = set(config["services"]) | set(base["services"])
    known_volumes = set(config.get("volumes") or {}) | set(base.get("volumes") or {})
    stages = re.findall(r"^FROM\s+\S+\s+AS\s+(\S+)", dockerfile(), re.M | re.I)
    for service_name, service in config["services"].items():
        where = f"{name}/{service_name}"
        if service_name not in base["services"]:
            assert service.get("image") or service.get("build"), f"{where} has neither image nor build"
        build = service.get("build")
        if isinstance(build, dict) and build.get("target"):
            assert build["target"] in stages, f"{where} builds Dockerfile stage {build['target']}, which does not exist"
        depends_on = service.get("depends_on") or {}
        for target in depends_on:
            assert target in known_services, f"{where} depends on undefined service {target}"
            if isinstance(depends_on, dict) and depends_on[target].get("condition") == "service_healthy":
                waited_for = {**base["services"].get(target, {}), **config["services"].get(target, {})}
                # The app's healthcheck is the Dockerfile's HEALTHCHECK.
                has_check = waited_for.get("healthcheck") or (waited_for.get("build") and "HEALTHCHECK" in dockerfile())
                assert has_check, f"{where} waits for {target} to be healthy, but {target} has no healthcheck"
        for mount in service.get("volumes") or []:
            source = mount.split(":", 1)[0]
            if source.startswith("./"):
                assert (REPO / source).exists(), f"{where} mounts {source}, which does not exist"
            else:
                assert source in known_volumes, f"{where} uses undeclared volume {source}"


def test_compose_app_variables_are_ones_the_server_reads():
    read_by_server = settings_variables() | set(re.findall(r"\$\{(\w+)", (DEPLOY / "entrypoint.sh").read_text()))
    read_by_server |= {"DJANGO_SETTINGS_MODULE", "FORWARDED_ALLOW_IPS"}  # by Django itself; by uvicorn
    assert {"DATABASE_URL", "DJANGO_SECRET_KEY", "ALLOWED_HOSTS", "ALLOWED_ORIGINS"} <= read_by_server
    for name, service_name in ((SINGLE, "app"), (SCALE, "app"), (DEV, "server")):
        unread = set(env(compose(name)["services"][service_name])) - read_by_server
        assert not unread, f"{name}/{service_name} sets {sorted(unread)}, which the server never reads"
    app = env(compose(SINGLE)["services"]["app"])
    for needed in ("DATABASE_URL", "DJANGO_SECRET_KEY", "ALLOWED_HOSTS", "ALLOWED_ORIGINS"):
        assert app.get(needed), f"{SINGLE}: app does not set {needed}"


@pytest.mark.parametrize("name", [SINGLE, DEV])
def test_single_process_stacks_have_no_message_queue(name):
    text = read(name).lower()
    for queue in ("redis", "rabbitmq", "amqp", "socketio_message_queue"):
        assert queue not in text, f"{name} mentions {queue!r}: one process needs no message queue"


def test_compose_requires_the_secret_key_with_a_clear_error():
    secret = env(compose(SINGLE)["services"]["app"])["DJANGO_SECRET_KEY"]
    # `${VAR:?message}`: Compose refuses to start without it and prints the message.
    assert re.fullmatch(r"\$\{DJANGO_SECRET_KEY:\?\s*\S.*\}", secret), secret


def test_single_stack_starts_the_app_and_its_database_only():
    config = compose(SINGLE)["services"]
    assert {name for name, service in config.items() if not service.get("profiles")} == {"app", "db"}
    app, db = env(config["app"]), env(config["db"])
    assert "DJANGO_SETTINGS_MODULE" not in app, "the image's server.settings_production applies"
    # Written with the same expressions, the URL holds the database's credentials whatever the environment.
    user, password, database = (db[key] for key in ("POSTGRES_USER", "POSTGRES_PASSWORD", "POSTGRES_DB"))
    assert app["DATABASE_URL"] == f"postgres://{user}:{password}@db:5432/{database}"
    assert not config["db"].get("ports"), "the database stays inside the compose network"


def test_dev_stack_reloads_both_halves():
    config = compose(DEV)["services"]
    server, client = config["server"], config["client"]
    command = " ".join(server["command"])
    assert "manage.py migrate" in command and re.search(r"manage\.py serve .*--reload", command)
    assert any(mount.startswith("./server:") for mount in server["volumes"])
    assert "npm run dev" in " ".join(client["command"])
    assert any(mount.startswith("./client:") for mount in client["volumes"])
    # The page on :3000 opens sockets to the server on :8000.
    assert env(client)["NEXT_PUBLIC_API_URL"] == "http://localhost:8000" and "8000:8000" in server["ports"]
    assert "http://localhost:3000" in env(server)["ALLOWED_ORIGINS"].split(",")


def test_scale_overlay_adds_redis_nginx_and_replicas():
    overlay = compose(SCALE)["services"]
    assert overlay["redis"]["image"].startswith("redis:") and overlay["redis"].get("healthcheck")
    app = overlay["app"]
    assert app["deploy"]["replicas"] >= 2
    assert env(app)["SOCKETIO_MESSAGE_QUEUE"] == "redis://redis:6379/0"
    assert app["depends_on"]["redis"]["condition"] == "service_healthy"
    # Without `!reset`, Compose would keep docker-compose.yml's port: replicas cannot all bind it.
    assert re.search(r"^    ports: !reset \[\]", read(SCALE), re.M), "the replicas must publish no host port"
    nginx = overlay["nginx"]
    assert "./deploy/nginx.conf:/etc/nginx/conf.d/default.conf:ro" in nginx["volumes"]
    assert "${HTTP_PORT:-8080}:80" in nginx["ports"]
    assert "http://localhost:8080" in env(app)["ALLOWED_ORIGINS"], "the browser's origin is nginx's port"
    assert re.search(r"server app:8000\b", nginx_text("nginx.conf")), "nginx must send requests to the app service"


# --- Dockerfile -----------------------------------------------------------------------------

def test_dockerfile_runs_as_non_root_with_production_settings():
    text = dockerfile()
    users = re.findall(r"^USER\s+(\S+)", text, re.M)
    assert users and users[-1].split(":")[0] not in ("root", "0"), "the server must not run as root"
    assert text.rindex("\nUSER ") < text.rindex("\nCMD "), "USER must come before the start command"
    assert re.search(r"^ENV\b.*\bDJANGO_SETTINGS_MODULE=server\.settings_production\b", text, re.M)
    assert re.search(r"^EXPOSE 8000$", text, re.M)


def test_dockerfile_healthcheck_and_start_command():
    text = dockerfile()
    from django.urls import resolve

    healthcheck = re.search(r"^HEALTHCHECK\b.*\bCMD\b.*?(deploy/\w+\.py)", text, re.M)
    assert healthcheck, "the image needs a HEALTHCHECK running a deploy/ script"
    url = re.search(r"[\"']http://[\w.]+:8000(/[^\"']*)[\"']", read(healthcheck.group(1)))
    assert url and resolve(url.group(1)).url_name == "healthz", "the healthcheck asks the server's /healthz"
    assert re.search(r"^CMD .*deploy/entrypoint\.sh", text, re.M)
    entrypoint = (DEPLOY / "entrypoint.sh").read_text()
    serve = re.search(r"^exec python server/manage\.py serve --host 0\.0\.0\.0 --port 8000\b", entrypoint, re.M)
    assert serve and 0 <= entrypoint.find("deploy/migrate.py") < serve.start(), "migrate, then exec serve"


def test_dockerfile_copies_only_files_that_exist_and_are_not_ignored():
    ignored = {line.strip() for line in read(".dockerignore").splitlines() if line.strip() and not line.startswith("#")}
    assert {".git", ".venv", "**/node_modules", "client/out", "client/.next"} <= ignored
    copies = re.findall(r"^COPY\s+(?!--from)(.+)$", dockerfile(), re.M)
    assert copies
    for copy in copies:
        for source in copy.split()[:-1]:
            path = source.rstrip("/")
            assert (REPO / path).exists(), f"COPY {source}: no such file"
            assert not any(path == entry or path.startswith(entry + "/") for entry in ignored), (
                f"COPY {source} is excluded by .dockerignore"
            )
    assert re.search(r"^COPY --from=client /app/client/out ", dockerfile(), re.M), "the image serves the built client"


def test_dockerfile_install_steps_are_the_makefiles():
    text, makefile = dockerfile(), read("Makefile")
    runtime_recipe = re.search(r"^\$\(VENV\)/\.runtime:.*\n((?:\t.*\n)+)", makefile, re.M).group(1)
    make_requirements = re.findall(r"pip install .*-r (\S+)", runtime_recipe)
    assert make_requirements and re.findall(r"pip install .*-r (\S+)", text) == make_requirements
    assert len(re.findall(r"\bpip install\b", text)) == len(make_requirements), "a pip install the Makefile does not have"
    assert "requirements-dev.txt" not in text

    client_recipes = "".join(re.findall(r"^client/(?:node_modules/\.installed|out/index\.html):.*\n((?:\t.*\n)+)", makefile, re.M))
    make_npm = re.findall(r"\b(npm [^&\n]*?)\s*$", client_recipes, re.M)
    assert make_npm == ["npm ci --no-audit --no-fund", "npm run build"]
    assert [line.strip() for line in re.findall(r"^RUN (npm .*)$", text, re.M)] == make_npm
    assert not re.search(r"\b(yarn|pnpm|apt-get|apk)\b", text), "an install step the Makefile does not have"


def test_python_and_node_versions_match_the_project():
    text = dockerfile()
    python = re.search(r"^FROM python:(\d+\.\d+)", text, re.M).group(1)
    assert f"python{python}" in read("Makefile")
    node_image = re.search(r"^FROM (node:\S+)", text, re.M).group(1)
    node_major = int(re.match(r"node:(\d+)", node_image).group(1))
    assert int(re.search(r'"node":\s*">=\s*(\d+)', read("client/package.json")).group(1)) == node_major
    assert compose(DEV)["services"]["client"]["image"] == node_image, "dev and image builds use the same Node"


# --- nginx ----------------------------------------------------------------------------------

@pytest.mark.parametrize("name", NGINX_FILES)
def test_nginx_passes_websockets_client_addresses_and_hides_metrics(name):
    text = nginx_text(name)
    assert re.search(r"map \$http_upgrade \$connection_upgrade \{\s*default upgrade;", text)
    locations = nginx_locations(text)
    socketio = locations["/socket.io/"]
    for directive in ("proxy_http_version 1.1;", "proxy_set_header Upgrade $http_upgrade;",
                      "proxy_set_header Connection $connection_upgrade;"):
        assert directive in socketio, f"{name}: /socket.io/ needs `{directive}` for WebSockets"
    assert int(re.search(r"proxy_read_timeout (\d+)s;", socketio).group(1)) >= 300, "sockets are long-lived"
    # proxy_set_header is not inherited by a location that sets any: each proxied location sets all.
    for match, body in locations.items():
        if "proxy_pass" in body:
            for header in ("Host $host", "X-Forwarded-For $proxy_add_x_forwarded_for", "X-Forwarded-Proto $scheme"):
                assert f"proxy_set_header {header};" in body, f"{name}: location {match} does not pass {header}"
    assert "deny all;" in locations["= /metrics"], "/metrics is for the operator, not the internet"
    # The client falls back to long-polling (client/lib/socket.ts), whose requests must all reach one process.
    assert re.search(r"upstream \S+ \{[^}]*\bhash \$remote_addr consistent;", text), f"{name}: upstream is not sticky"


def test_nginx_local_upstream_matches_run_multi_defaults():
    script = (DEPLOY / "run-multi.sh").read_text()
    processes = int(re.search(r'^N="\$\{1:-(\d+)\}"', script, re.M).group(1))
    first_port = int(re.search(r'^FIRST_PORT="\$\{2:-(\d+)\}"', script, re.M).group(1))
    servers = re.findall(r"^\s*server (127\.0\.0\.1:\d+);", nginx_text("nginx.local.conf"), re.M)
    assert servers == [f"127.0.0.1:{first_port + i}" for i in range(processes)]


@pytest.mark.parametrize("name", NGINX_FILES)
def test_nginx_accepts_the_configuration(name, tmp_path):
    binary = nginx_binary()
    version = subprocess.run([binary, "-v"], capture_output=True, text=True).stderr
    site = (DEPLOY / name).read_text()
    # `app` resolves only inside the compose network; `resolve` needs nginx 1.27.3+ (the image has 1.28).
    site = site.replace("server app:8000", "server 127.0.0.1:8000")
    if tuple(int(part) for part in re.search(r"nginx/(\d+)\.(\d+)\.(\d+)", version).groups()) < (1, 27, 3):
        site = site.replace("server 127.0.0.1:8000 resolve;", "server 127.0.0.1:8000;")
    (tmp_path / "site.conf").write_text(site)
    (tmp_path / "nginx.conf").write_text(
        f"error_log {tmp_path}/error.log;\npid {tmp_path}/nginx.pid;\nevents {{}}\n"
        f"http {{\n  access_log off;\n  client_body_temp_path {tmp_path}/body;\n  proxy_temp_path {tmp_path}/proxy;\n"
        f"  include {tmp_path}/site.conf;\n}}\n"
    )
    result = subprocess.run(
        [binary, "-t", "-p", str(tmp_path), "-e", f"{tmp_path}/error.log", "-c", str(tmp_path / "nginx.conf")],
        capture_output=True, text=True, timeout=30,
    )
    assert result.returncode == 0, result.stderr


# --- Scripts --------------------------------------------------------------------------------

def test_scripts_parse():
    subprocess.run(["sh", "-n", str(DEPLOY / "entrypoint.sh")], check=True, timeout=30)
    subprocess.run(["bash", "-n", str(DEPLOY / "run-multi.sh")], check=True, timeout=30)
    assert os.access(DEPLOY / "run-multi.sh", os.X_OK)
    for script in ("migrate.py", "healthcheck.py"):
        compile((DEPLOY / script).read_text(), script, "exec")


def test_run_multi_sets_a_queue_traps_signals_and_is_bounded():
    script = (DEPLOY / "run-multi.sh").read_text()
    assert re.search(r"^export SOCKETIO_MESSAGE_QUEUE=", script, re.M)
    assert re.search(r"^trap .* INT$", script, re.M) and re.search(r"^trap .* TERM$", script, re.M)
    for bad in ("0", "17", "x"):
        result = subprocess.run(
            ["bash", str(DEPLOY / "run-multi.sh"), bad], capture_output=True, text=True, timeout=30,
            env={**os.environ, "PYTHON": "false"},
        )
        assert result.returncode == 2 and "N must be" in result.stderr, result


@pytest.mark.parametrize(
    "allowed_hosts",
    ["localhost,127.0.0.1", "frontdesk.example.com", ".example.com,other.test", "*", " , frontdesk.example.com"],
)
def test_healthcheck_sends_a_host_django_allows(allowed_hosts):
    from django.http.request import validate_host

    spec = importlib.util.spec_from_file_location("deploy_healthcheck", DEPLOY / "healthcheck.py")
    healthcheck = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(healthcheck)
    # The settings' own parsing of ALLOWED_HOSTS (server.settings.env_list).
    allowed = [item.strip() for item in allowed_hosts.split(",") if item.strip()]
    assert validate_host(healthcheck.host_header(allowed_hosts), allowed)


# --- docs/deploy.md -------------------------------------------------------------------------

def test_deploy_doc_names_only_real_commands_and_files():
    from django.core.management import get_commands

    doc = read("docs/deploy.md")
    for command in set(re.findall(r"manage\.py (\w+)", doc)):
        assert command in get_commands(), f"docs/deploy.md runs unknown command {command}"
    for path in set(re.findall(r"\b((?:deploy|docs|server)/[\w./-]+\.\w+|docker-compose[\w.]*\.yml|Dockerfile)\b", doc)):
        assert (REPO / path).exists(), f"docs/deploy.md names missing file {path}"
