"""Static checks of the deployment files: Dockerfile, compose files, nginx, deploy scripts.

No container engine runs on the CI machines, so nothing here builds an image or starts a
container. The files are parsed and checked against the Makefile, the settings, the web
client and each other, which catches the usual ways they rot: an install step that drifts
from the Makefile, a variable the settings never read, a message queue creeping back into
the single-process stack, an nginx location without the WebSocket upgrade headers.
"""
import importlib.util
import os
import re
import shlex
import shutil
import subprocess
from pathlib import Path
from urllib.parse import urlparse

import pytest
import yaml

REPO = Path(__file__).resolve().parents[3]
DOCKERFILE = REPO / "Dockerfile"
DEPLOY = REPO / "deploy"
SINGLE = "docker-compose.yml"
DEV = "docker-compose.dev.yml"
SCALE = "docker-compose.scale.yml"
STACKS = {"single": [SINGLE], "dev": [DEV], "scale": [SINGLE, SCALE]}
# What the stacks are started with: `:?` variables must be given.
USER_ENV = {"DJANGO_SECRET_KEY": "x" * 64}


def read(relative: str) -> str:
    return (REPO / relative).read_text()


# --- Compose files: loading, merging (`-f a -f b`), interpolation ------------------------

class Reset:
    """Compose's `!reset`: drop what an earlier file set."""


class Override:
    """Compose's `!override`: replace instead of merge."""

    def __init__(self, value):
        self.value = value


class ComposeLoader(yaml.SafeLoader):
    pass


def _construct_override(loader, node):
    if isinstance(node, yaml.MappingNode):
        return Override(loader.construct_mapping(node, deep=True))
    if isinstance(node, yaml.SequenceNode):
        return Override(loader.construct_sequence(node, deep=True))
    return Override(loader.construct_scalar(node))


ComposeLoader.add_constructor("!reset", lambda loader, node: Reset())
ComposeLoader.add_constructor("!override", _construct_override)


def load(name: str) -> dict:
    data = yaml.load(read(name), Loader=ComposeLoader)
    assert isinstance(data, dict), f"{name} is not a YAML mapping"
    return data


def normalise_environment(value) -> dict:
    if isinstance(value, list):
        return dict(item.split("=", 1) if "=" in item else (item, None) for item in value)
    return dict(value or {})


def merge(base, override, key: str = ""):
    """Docker Compose's merge of several -f files, as far as these files need it."""
    if isinstance(override, Reset):
        return None
    if isinstance(override, Override):
        return override.value
    if key == "environment":
        return {**normalise_environment(base), **normalise_environment(override)}
    if isinstance(base, dict) and isinstance(override, dict):
        merged = dict(base)
        for k, v in override.items():
            merged[k] = merge(base.get(k), v, k) if k in base else merge(None, v, k)
        return {k: v for k, v in merged.items() if v is not None or not isinstance(override.get(k), Reset)}
    if isinstance(base, list) and isinstance(override, list):
        return base + [item for item in override if item not in base]
    return override


VARIABLE = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?])([^}]*))?\}")


def interpolate(value, environ: dict):
    """${VAR}, ${VAR:-default} and ${VAR:?error} as Compose resolves them."""
    if isinstance(value, dict):
        return {k: interpolate(v, environ) for k, v in value.items()}
    if isinstance(value, list):
        return [interpolate(v, environ) for v in value]
    if not isinstance(value, str):
        return value

    def substitute(match):
        name, operator, argument = match.group(1), match.group(2), match.group(3)
        current = environ.get(name)
        if operator in (":-", "-"):
            return current if current else argument
        if operator in (":?", "?"):
            if not current:
                raise ValueError(f"required variable {name} is missing: {argument}")
            return current
        return current or ""

    return VARIABLE.sub(substitute, value)


def stack(name: str, environ: dict | None = None) -> dict:
    """The effective configuration of a stack with default values, like `docker compose config`."""
    merged = {}
    for file in STACKS[name]:
        merged = merge(merged, load(file))
    return interpolate(merged, USER_ENV if environ is None else environ)


def services(config: dict) -> dict:
    return config["services"]


def environment(service: dict) -> dict:
    return {k: "" if v is None else str(v) for k, v in normalise_environment(service.get("environment")).items()}


def published_ports(service: dict) -> list[tuple[str | None, int]]:
    """(host port or None, container port) for each `ports` entry."""
    ports = []
    for entry in service.get("ports") or []:
        if isinstance(entry, dict):
            ports.append((str(entry.get("published")) if entry.get("published") else None, int(entry["target"])))
            continue
        parts = str(entry).split("/")[0].split(":")
        assert 1 <= len(parts) <= 3 and all(parts), f"bad ports entry {entry!r}"
        ports.append((parts[-2] if len(parts) > 1 else None, int(parts[-1])))
    for host, container in ports:
        assert 0 < container < 65536 and (host is None or 0 < int(host) < 65536), ports
    return ports


def command_text(service: dict) -> str:
    command = service.get("command") or ""
    return " ".join(command) if isinstance(command, list) else command


def mounts(service: dict) -> list[str]:
    return [entry if isinstance(entry, str) else f"{entry.get('source')}:{entry.get('target')}" for entry in service.get("volumes") or []]


SERVICE_KEYS = {
    "build", "image", "command", "entrypoint", "environment", "env_file", "ports", "expose", "volumes",
    "depends_on", "healthcheck", "restart", "deploy", "stop_grace_period", "stop_signal", "working_dir",
    "user", "init", "networks", "labels", "logging", "profiles", "pull_policy", "ulimits", "tmpfs",
    "read_only", "cap_add", "cap_drop", "security_opt", "hostname", "extra_hosts",
}
TOP_LEVEL_KEYS = {"name", "services", "volumes", "networks", "configs", "secrets"}


# --- Dockerfile and Makefile parsing ------------------------------------------------------

def dockerfile_instructions() -> list[tuple[int, str, str]]:
    """(stage index, INSTRUCTION, arguments), continuation lines joined, comments dropped."""
    logical, current = [], ""
    for line in DOCKERFILE.read_text().splitlines():
        stripped = line.strip()
        if not current and (not stripped or stripped.startswith("#")):
            continue
        if stripped.startswith("#"):  # a comment inside a continued instruction
            continue
        if stripped.endswith("\\"):
            current += stripped[:-1] + " "
            continue
        logical.append(current + stripped)
        current = ""
    assert not current, "Dockerfile ends in a line continuation"
    result, stage = [], -1
    for line in logical:
        instruction, _, arguments = line.partition(" ")
        instruction = instruction.upper()
        if instruction == "FROM":
            stage += 1
        result.append((stage, instruction, arguments.strip()))
    return result


def stages() -> list[dict]:
    """[{name, base, instructions}] in order."""
    found = []
    for stage, instruction, arguments in dockerfile_instructions():
        if instruction == "FROM":
            words = arguments.split()
            name = words[2] if len(words) >= 3 and words[1].upper() == "AS" else None
            found.append({"name": name, "base": words[0], "instructions": []})
        else:
            found[stage]["instructions"].append((instruction, arguments))
    return found


def base_image(stage_name_or_image: str, all_stages: list[dict]) -> str:
    """The registry image a stage finally builds on."""
    for stage in all_stages:
        if stage["name"] == stage_name_or_image:
            return base_image(stage["base"], all_stages)
    return stage_name_or_image


def inherited(stage_index: int, all_stages: list[dict], instruction: str) -> list[str]:
    """Arguments of `instruction` in this stage and the stages it is built FROM."""
    stage = all_stages[stage_index]
    own = [arguments for name, arguments in stage["instructions"] if name == instruction]
    for index, other in enumerate(all_stages):
        if other["name"] == stage["base"]:
            return inherited(index, all_stages, instruction) + own
    return own


def shell_commands(line: str) -> list[list[str]]:
    """One shell line as simple commands (split on && and ;), without a leading `cd DIR`."""
    commands, current = [], []
    for token in shlex.split(line):
        if token in ("&&", ";", "||"):
            commands.append(current)
            current = []
        else:
            current.append(token)
    commands.append(current)
    return [command for command in commands if command and command[0] != "cd"]


def is_pip_install(command: list[str]) -> bool:
    words = [word for word in command if not word.startswith("$(")]
    return "pip" in " ".join(words) and "install" in words


def requirement_files(command: list[str]) -> list[str]:
    return [command[i + 1] for i, word in enumerate(command[:-1]) if word in ("-r", "--requirement")]


def is_npm(command: list[str]) -> bool:
    return bool(command) and command[0] == "npm"


def makefile_recipes() -> dict[str, list[str]]:
    recipes, target = {}, None
    for line in read("Makefile").splitlines():
        if line.startswith("\t") and target is not None:
            recipes[target].append(line.strip())
        elif re.match(r"^[^\s#=][^=]*?:(?!=)", line) and not line.startswith("."):
            target = line.split(":", 1)[0].strip()
            recipes[target] = []
        elif line.strip() and not line.startswith("\t"):
            target = None
    return recipes


def makefile_commands(target_pattern: str) -> list[list[str]]:
    commands = []
    for target, lines in makefile_recipes().items():
        if re.search(target_pattern, target):
            for line in lines:
                commands += shell_commands(line)
    return commands


def run_commands(all_stages: list[dict], stage_index: int | None = None) -> list[list[str]]:
    picked = all_stages if stage_index is None else [all_stages[stage_index]]
    return [
        command
        for stage in picked
        for name, arguments in stage["instructions"]
        if name == "RUN"
        for command in shell_commands(arguments)
    ]


# --- nginx parsing --------------------------------------------------------------------------

def nginx_text(name: str) -> str:
    """The configuration without comments."""
    return "\n".join(line.split("#", 1)[0] for line in (DEPLOY / name).read_text().splitlines())


def nginx_block(text: str, opening: str) -> str:
    """The body of the first block `opening { ... }` (braces matched)."""
    match = re.search(re.escape(opening) + r"\s*\{", text)
    assert match, f"no `{opening} {{` block"
    depth, start = 1, match.end()
    for index in range(start, len(text)):
        if text[index] == "{":
            depth += 1
        elif text[index] == "}":
            depth -= 1
            if depth == 0:
                return text[start:index]
    raise AssertionError(f"`{opening}` block is not closed")


def upstream_block(text: str) -> str:
    names = re.findall(r"upstream\s+(\S+)\s*\{", text)
    assert len(names) == 1, f"expected one upstream block, found {names}"
    return nginx_block(text, f"upstream {names[0]}")


def directives(block: str, name: str) -> list[str]:
    return [" ".join(match.split()) for match in re.findall(rf"(?:^|[;{{}}\s]){name}\s+([^;{{}}]*);", block)]


def seconds(value: str) -> int:
    number, unit = re.fullmatch(r"(\d+)(ms|s|m|h|d)?", value).groups()
    return int(number) * {"ms": 0, None: 1, "s": 1, "m": 60, "h": 3600, "d": 86400}[unit]


# ============================================================================================
# Compose files
# ============================================================================================

@pytest.mark.parametrize("name", sorted(STACKS))
def test_compose_stack_has_a_valid_structure(name):
    raw_files = [load(file) for file in STACKS[name]]
    for file, raw in zip(STACKS[name], raw_files):
        unknown = {key for key in raw if not key.startswith("x-")} - TOP_LEVEL_KEYS
        assert not unknown, f"{file}: unknown top-level keys {unknown}"
        assert isinstance(raw.get("services"), dict) and raw["services"], f"{file} defines no services"
    config = stack(name)
    declared_volumes = set((config.get("volumes") or {}).keys())
    for service_name, service in services(config).items():
        assert isinstance(service, dict), service_name
        assert not set(service) - SERVICE_KEYS, f"{name}/{service_name}: unknown keys {set(service) - SERVICE_KEYS}"
        assert service.get("image") or service.get("build"), f"{name}/{service_name} has neither image nor build"
        build = service.get("build")
        if build is not None:
            context = build if isinstance(build, str) else build.get("context", ".")
            dockerfile = "Dockerfile" if isinstance(build, str) else build.get("dockerfile", "Dockerfile")
            assert (REPO / context / dockerfile).is_file(), f"{service_name} builds from a missing {dockerfile}"
            if isinstance(build, dict) and build.get("target"):
                assert build["target"] in [stage["name"] for stage in stages()], f"no Dockerfile stage {build['target']}"
        published_ports(service)
        depends_on = service.get("depends_on") or {}
        for target in depends_on:
            assert target in services(config), f"{service_name} depends on undefined service {target}"
            condition = depends_on[target].get("condition") if isinstance(depends_on, dict) else None
            assert condition in (None, "service_started", "service_healthy", "service_completed_successfully")
            if condition == "service_healthy":
                assert has_healthcheck(services(config)[target]), f"{target} has no healthcheck to wait for"
        for mount in mounts(service):
            source = mount.split(":", 1)[0]
            if source.startswith((".", "/")):
                assert (REPO / source).exists(), f"{service_name} mounts missing {source}"
            elif ":" in mount:
                assert source in declared_volumes, f"{service_name} uses undeclared volume {source}"
        healthcheck = service.get("healthcheck")
        if healthcheck:
            assert healthcheck["test"][0] in ("CMD", "CMD-SHELL", "NONE"), healthcheck


def has_healthcheck(service: dict) -> bool:
    if service.get("healthcheck"):
        return True
    # Built from our Dockerfile: its final stage declares a HEALTHCHECK.
    return bool(service.get("build")) and any(name == "HEALTHCHECK" for _, name, _ in dockerfile_instructions())


@pytest.mark.parametrize("file", [SINGLE, DEV])
def test_single_process_stacks_have_no_message_queue(file):
    text = read(file).lower()
    for banned in ("redis", "channel_layers", "next_public_ws_url", "rabbitmq", "amqp"):
        assert banned not in text, f"{file} mentions {banned!r}"
    config = load(file)
    for service_name, service in config["services"].items():
        assert "redis" not in service_name.lower()
        assert "redis" not in str(service.get("image", "")).lower()
        assert "SOCKETIO_MESSAGE_QUEUE" not in environment(service), f"{service_name}: one process needs no queue"


def test_compose_requires_the_secret_key_with_a_clear_error():
    raw = environment(load(SINGLE)["services"]["app"])
    assert raw["DJANGO_SECRET_KEY"] == "${DJANGO_SECRET_KEY:?set DJANGO_SECRET_KEY}"
    with pytest.raises(ValueError, match="set DJANGO_SECRET_KEY"):
        stack("single", environ={})


def test_single_stack_is_the_app_and_postgresql():
    config = stack("single")
    # Services with a profile start only when asked for (Compose's `--profile`).
    started_by_default = {name for name, service in services(config).items() if not service.get("profiles")}
    assert started_by_default == {"app", "db"}
    monitoring = {name for name, service in services(config).items() if "monitoring" in service.get("profiles", [])}
    assert monitoring == {"prometheus", "grafana"}
    db, app = services(config)["db"], services(config)["app"]
    assert db["image"] == "postgres:16"
    assert app["build"] in (".", {"context": "."})
    env = environment(app)
    assert "DJANGO_SETTINGS_MODULE" not in env, "the image's server.settings_production applies"
    for name in ("DATABASE_URL", "DJANGO_SECRET_KEY", "ALLOWED_HOSTS", "ALLOWED_ORIGINS"):
        assert env.get(name), f"app does not set {name}"
    url = urlparse(env["DATABASE_URL"])
    db_env = environment(db)
    assert url.scheme == "postgres" and url.hostname == "db" and url.port == 5432
    assert (url.username, url.password, url.path.lstrip("/")) == (
        db_env["POSTGRES_USER"], db_env["POSTGRES_PASSWORD"], db_env["POSTGRES_DB"],
    )
    assert [container for _, container in published_ports(app)] == [8000]
    host_port = published_ports(app)[0][0]
    assert f"http://localhost:{host_port}" in env["ALLOWED_ORIGINS"].split(",")
    assert published_ports(db) == [], "the database stays inside the compose network"


def test_dev_stack_reloads_both_halves():
    config = stack("dev")
    assert {"db", "server", "client"} <= set(services(config))
    assert services(config)["db"]["image"] == "postgres:16"

    server = services(config)["server"]
    command = command_text(server)
    assert "manage.py serve" in command and "--reload" in command and "--host 0.0.0.0" in command
    assert "manage.py migrate" in command
    assert any(mount.startswith("./server:") for mount in mounts(server)), "server source is not mounted"
    env = environment(server)
    assert env["DJANGO_SETTINGS_MODULE"] == "server.settings"
    assert urlparse(env["DATABASE_URL"]).scheme == "postgres"
    assert ("8000", 8000) in published_ports(server), "NEXT_PUBLIC_API_URL points at localhost:8000"

    client = services(config)["client"]
    assert "npm run dev" in command_text(client)
    assert any(mount.startswith("./client:") for mount in mounts(client)), "client source is not mounted"
    api_url = environment(client)["NEXT_PUBLIC_API_URL"]
    assert api_url == "http://localhost:8000"
    assert 3000 in [c for _, c in published_ports(client)]
    # The page on :3000 opens sockets to :8000, so the server must accept that origin.
    assert "http://localhost:3000" in env["ALLOWED_ORIGINS"].split(",")
    node_stage = base_image(stages()[0]["name"], stages())
    assert client["image"] == node_stage, "dev and image builds should use the same Node"


def test_scale_overlay_adds_redis_replicas_and_nginx():
    overlay = load(SCALE)
    assert "redis" in overlay["services"] and "nginx" in overlay["services"]
    config = stack("scale")
    redis = services(config)["redis"]
    assert redis["image"].startswith("redis:")
    assert redis.get("healthcheck")

    app = services(config)["app"]
    replicas = (app.get("deploy") or {}).get("replicas", 1)
    assert replicas >= 2, "scale-out needs two or more app processes"
    env = environment(app)
    assert env["SOCKETIO_MESSAGE_QUEUE"] == "redis://redis:6379/0"
    assert published_ports(app) == [], "replicas cannot share a host port: nginx is the way in"
    assert "redis" in app["depends_on"]
    assert env.get("FORWARDED_ALLOW_IPS"), "uvicorn should trust nginx's X-Forwarded-* headers"

    nginx = services(config)["nginx"]
    assert nginx["image"].startswith("nginx:")
    assert any(mount.startswith("./deploy/nginx.conf:") for mount in mounts(nginx))
    assert "app" in nginx["depends_on"]
    ports = published_ports(nginx)
    assert [container for _, container in ports] == [80]
    assert f"http://localhost:{ports[0][0]}" in env["ALLOWED_ORIGINS"].split(",")

    upstream = nginx_block(nginx_text("nginx.conf"), "upstream frontdesk_app")
    servers = directives(upstream, "server")
    assert servers and all(server.split()[0] == "app:8000" for server in servers)
    if any("resolve" in server.split()[1:] for server in servers):
        version = tuple(int(part) for part in re.match(r"nginx:(\d+)\.(\d+)", nginx["image"]).groups())
        assert version >= (1, 28) or version == (1, 27), "`resolve` needs nginx 1.27.3+"
        assert directives(upstream, "zone"), "`resolve` needs a shared memory zone"
        assert directives(nginx_text("nginx.conf"), "resolver")


def test_compose_app_variables_are_ones_the_server_reads():
    settings_text = read("server/server/settings.py") + read("server/server/settings_production.py")
    entrypoint = (DEPLOY / "entrypoint.sh").read_text()
    read_elsewhere = {"DJANGO_SETTINGS_MODULE", "FORWARDED_ALLOW_IPS"}  # Django itself; uvicorn
    for name in ("single", "dev", "scale"):
        for service_name in ("app", "server"):
            service = services(stack(name)).get(service_name)
            if service is None:
                continue
            for variable in environment(service):
                assert (
                    f'"{variable}"' in settings_text or variable in read_elsewhere or f"${{{variable}" in entrypoint
                ), f"{name}/{service_name} sets {variable}, which nothing reads"


# ============================================================================================
# Dockerfile
# ============================================================================================

def test_dockerfile_builds_the_client_with_node_and_runs_on_python():
    all_stages = stages()
    assert all_stages[0]["base"] == "node:20-bookworm-slim"
    final = all_stages[-1]
    assert base_image(final["base"], all_stages) == "python:3.11-slim-bookworm"
    copies_from_client = [args for name, args in final["instructions"] if name == "COPY" and "--from=" in args]
    assert any(
        f"--from={all_stages[0]['name']}" in args and args.split()[-2].endswith("client/out") for args in copies_from_client
    ), "the final image does not copy the built client/out"
    copies = [args.split() for name, args in final["instructions"] if name == "COPY" and "--from=" not in args]
    assert any(parts[-2].rstrip("/") == "server" for parts in copies), "server/ is not copied"


def test_dockerfile_runs_as_non_root_with_production_settings():
    all_stages = stages()
    index = len(all_stages) - 1
    final = all_stages[index]
    users = inherited(index, all_stages, "USER")
    assert users and users[-1].split(":")[0] not in ("root", "0"), "the server must not run as root"
    order = [name for name, _ in final["instructions"]]
    assert order.index("USER") < order.index("CMD")
    env = " ".join(inherited(index, all_stages, "ENV"))
    assert re.search(r"\bDJANGO_SETTINGS_MODULE=server\.settings_production\b", env)
    assert "8000" in inherited(index, all_stages, "EXPOSE")[-1].split()


def test_dockerfile_healthcheck_and_start_command():
    all_stages = stages()
    index = len(all_stages) - 1
    healthcheck = inherited(index, all_stages, "HEALTHCHECK")[-1]
    script = re.search(r"(/app/)?(deploy/\S+\.py)", healthcheck).group(2)
    text = read(script)
    assert "/healthz" in text and ":8000" in text
    cmd = inherited(index, all_stages, "CMD")[-1]
    entrypoint_path = re.search(r"deploy/entrypoint\.sh", cmd)
    assert entrypoint_path, "CMD should run deploy/entrypoint.sh"
    entrypoint = (DEPLOY / "entrypoint.sh").read_text()
    migrate_at = entrypoint.find("migrate")
    serve = re.search(r"exec python server/manage\.py serve --host 0\.0\.0\.0 --port 8000\b", entrypoint)
    assert migrate_at != -1 and serve and migrate_at < serve.start(), "migrate, then exec serve on 0.0.0.0:8000"
    assert "migrate" in (DEPLOY / "migrate.py").read_text()


def test_dockerfile_copies_only_files_that_exist_and_are_not_ignored():
    ignored = [line.strip() for line in read(".dockerignore").splitlines() if line.strip() and not line.startswith("#")]
    for required in (".git", ".venv", "**/node_modules", "client/out", "client/.next"):
        assert required in ignored, f".dockerignore should exclude {required}"
    for stage in stages():
        workdir = ""
        for name, arguments in stage["instructions"]:
            if name == "COPY" and "--from=" not in arguments:
                for source in [part for part in arguments.split()[:-1] if not part.startswith("--")]:
                    path = source.rstrip("/")
                    assert (REPO / path).exists(), f"COPY {source}: no such file"
                    for pattern in ignored:
                        bare = pattern.removeprefix("**/")
                        assert not (path == bare or path.startswith(bare + "/") or Path(path).match(bare)), (
                            f"COPY {source} is excluded by .dockerignore pattern {pattern}"
                        )
            if name == "WORKDIR":
                workdir = arguments
            if name == "RUN" and "npm" in arguments:
                assert workdir.endswith("/client"), "npm runs in the client directory"


def test_dockerfile_install_steps_are_the_makefiles():
    all_stages = stages()
    docker = run_commands(all_stages)

    # Python: the same requirement file(s) as `make run` installs, nothing else.
    make_runtime_pip = [c for c in makefile_commands(r"\.runtime$") if is_pip_install(c)]
    docker_pip = [c for c in docker if is_pip_install(c)]
    assert make_runtime_pip and docker_pip
    assert docker_pip == [["pip", "install", "--no-cache-dir", "-r", "requirements.txt"]]
    assert [requirement_files(c) for c in docker_pip] == [requirement_files(c) for c in make_runtime_pip]
    assert "requirements-dev.txt" not in " ".join(" ".join(c) for c in docker)

    # Client: exactly the Makefile's install and build commands, in the same order.
    make_npm = [c for c in makefile_commands(r"^client/(node_modules/\.installed|out/index\.html)$") if is_npm(c)]
    docker_npm = [c for c in docker if is_npm(c)]
    assert make_npm == [["npm", "ci", "--no-audit", "--no-fund"], ["npm", "run", "build"]]
    assert docker_npm == make_npm
    node_stage = 0
    assert run_commands(all_stages, node_stage) == make_npm, "the node stage runs just these"

    # No other package installs sneak in.
    for command in docker:
        text = " ".join(command)
        if command in docker_pip or command in docker_npm:
            continue
        assert not re.search(r"\b(pip|npm|yarn|pnpm|apt-get|apk)\b", text), f"unexpected install step: {text}"


def test_python_and_node_versions_match_the_project():
    assert "python3.11" in read("Makefile")
    engines = re.search(r'"node":\s*">=\s*(\d+)', read("client/package.json"))
    assert engines and int(engines.group(1)) <= 20


# ============================================================================================
# nginx and the transport decision
# ============================================================================================

@pytest.mark.parametrize("name", ["nginx.conf", "nginx.local.conf"])
def test_nginx_proxies_websockets_for_socketio(name):
    text = nginx_text(name)
    assert text.count("{") == text.count("}")
    mapping = nginx_block(text, "map $http_upgrade $connection_upgrade")
    assert re.search(r"default\s+upgrade\s*;", mapping)

    socketio = nginx_block(text, "location /socket.io/")
    headers = directives(socketio, "proxy_set_header")
    assert "Upgrade $http_upgrade" in headers
    assert "Connection $connection_upgrade" in headers
    assert directives(socketio, "proxy_http_version") == ["1.1"]
    assert seconds(directives(socketio, "proxy_read_timeout")[0]) >= 300, "long-lived sockets need a long read timeout"

    upstream_names = re.findall(r"upstream\s+(\S+)\s*\{", text)
    assert len(upstream_names) == 1
    # proxy_set_header is not inherited into a location that sets any: each sets all.
    for location in ("location /socket.io/", "location /"):
        block = nginx_block(text, location)
        assert directives(block, "proxy_pass") == [f"http://{upstream_names[0]}"]
        headers = directives(block, "proxy_set_header")
        assert "X-Forwarded-Proto $scheme" in headers
        assert "X-Forwarded-For $proxy_add_x_forwarded_for" in headers
        assert "Host $host" in headers
    # server/server/views.py: /metrics stays internal.
    assert directives(nginx_block(text, "location = /metrics"), "deny") == ["all"]


@pytest.mark.parametrize("name", ["nginx.conf", "nginx.local.conf"])
def test_nginx_stickiness_follows_the_clients_transports(name):
    comments = (DEPLOY / name).read_text().lower()
    for reason in ("websocket", "sticky", "long-polling", "hash $remote_addr consistent"):
        assert reason in comments, f"{name} should explain the transport decision ({reason!r})"
    socket_ts = read("client/lib/socket.ts")
    websocket_only = re.search(r"transports:\s*\[\s*['\"]websocket['\"]\s*\]", socket_ts)
    upstream = upstream_block(nginx_text(name))
    sticky = directives(upstream, "hash") or re.search(r"\bip_hash\s*;", upstream)
    # Polling sessions are several HTTP requests that must all reach one process.
    assert websocket_only or sticky, "the client allows long-polling: make the upstream sticky"


def test_nginx_local_upstream_matches_run_multi_defaults():
    script = (DEPLOY / "run-multi.sh").read_text()
    processes = int(re.search(r'^N="\$\{1:-(\d+)\}"', script, re.M).group(1))
    first_port = int(re.search(r'^FIRST_PORT="\$\{2:-(\d+)\}"', script, re.M).group(1))
    upstream = upstream_block(nginx_text("nginx.local.conf"))
    servers = [server.split()[0] for server in directives(upstream, "server")]
    assert servers == [f"127.0.0.1:{first_port + i}" for i in range(processes)]


@pytest.mark.parametrize("name", ["nginx.conf", "nginx.local.conf"])
def test_nginx_accepts_the_configuration(name, tmp_path):
    if shutil.which("nginx") is None:
        if os.environ.get("CI"):
            pytest.fail("nginx is missing: `make test` installs it (scripts/ensure-debian-tool.sh)")
        pytest.skip("nginx is not installed (Debian package nginx)")
    version = subprocess.run(["nginx", "-v"], capture_output=True, text=True).stderr
    major, minor, patch = (int(part) for part in re.search(r"nginx/(\d+)\.(\d+)\.(\d+)", version).groups())
    site = (DEPLOY / name).read_text()
    # `app` only resolves inside the compose network; `resolve` is nginx 1.27.3+.
    site = site.replace("server app:8000", "server 127.0.0.1:8000")
    if (major, minor, patch) < (1, 27, 3):
        site = re.sub(r"(server 127\.0\.0\.1:8000)\s+resolve", r"\1", site)
    site = re.sub(r"listen\s+80\s*;", "listen 127.0.0.1:18999;", site)
    (tmp_path / "site.conf").write_text(site)
    (tmp_path / "nginx.conf").write_text(
        f"error_log {tmp_path}/error.log;\npid {tmp_path}/nginx.pid;\nevents {{}}\n"
        f"http {{\n  access_log off;\n  client_body_temp_path {tmp_path}/body;\n  proxy_temp_path {tmp_path}/proxy;\n"
        f"  include {tmp_path}/site.conf;\n}}\n"
    )
    result = subprocess.run(
        ["nginx", "-t", "-p", str(tmp_path), "-e", f"{tmp_path}/error.log", "-c", str(tmp_path / "nginx.conf")],
        capture_output=True, text=True, timeout=30,
    )
    assert result.returncode == 0, result.stderr


# ============================================================================================
# Scripts
# ============================================================================================

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


# ============================================================================================
# docs/deploy.md
# ============================================================================================

def test_deploy_doc_covers_the_essentials():
    doc = read("docs/deploy.md")
    for phrase in (
        "SOCKETIO_MESSAGE_QUEUE", "redis://", "amqp://", "AsyncRedisManager", "AsyncAioPikaManager",
        "prune_events", "mark_no_shows", "SIGTERM", "docker-compose.scale.yml", "deploy/nginx.conf",
        "no container engine",
    ):
        assert phrase in doc, f"docs/deploy.md does not mention {phrase}"


def test_deploy_doc_names_only_real_commands_and_files():
    from django.core.management import get_commands

    doc = read("docs/deploy.md")
    for command in set(re.findall(r"manage\.py (\w+)", doc)):
        assert command in get_commands(), f"docs/deploy.md runs unknown command {command}"
    for path in set(re.findall(r"\b((?:deploy|docs|server)/[\w./-]+\.\w+|docker-compose[\w.]*\.yml|Dockerfile)\b", doc)):
        assert (REPO / path).exists(), f"docs/deploy.md names missing file {path}"
