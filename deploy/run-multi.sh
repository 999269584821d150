#!/usr/bin/env bash
# Start N front desk server processes on consecutive ports, joined by a message queue,
# for nginx (deploy/nginx.local.conf) to balance. Ctrl-C (or SIGTERM) stops them all;
# so does any one of them exiting.
#
#   deploy/run-multi.sh [N] [FIRST_PORT]        defaults: 3 processes from port 8001
#
#   SOCKETIO_MESSAGE_QUEUE  default redis://127.0.0.1:6379/0 (or amqp://user:pass@host//)
#   HOST                    default 127.0.0.1 (nginx on the same host)
#   ASGI_SERVER             uvicorn (default) or granian
#   TRUSTED_PROXIES         default 1: nginx (nginx.local.conf) in front appends the client
#                           address to X-Forwarded-For; 0 if clients reach the ports directly
#   METRICS_TOKEN           unset: /metrics answers direct loopback requests only
#   MIGRATE=0               skip `migrate` (run once here, before any process starts)
#   PYTHON                  default .venv/bin/python when it exists, else python3
# DJANGO_SETTINGS_MODULE, DATABASE_URL, DJANGO_SECRET_KEY, ... are passed through as set.
set -euo pipefail

MAX_PROCESSES=16
N="${1:-3}"
FIRST_PORT="${2:-8001}"
HOST="${HOST:-127.0.0.1}"
ASGI_SERVER="${ASGI_SERVER:-uvicorn}"
export SOCKETIO_MESSAGE_QUEUE="${SOCKETIO_MESSAGE_QUEUE:-redis://127.0.0.1:6379/0}"
export TRUSTED_PROXIES="${TRUSTED_PROXIES:-1}"

if ! [[ "$N" =~ ^[0-9]+$ ]] || (( N < 1 || N > MAX_PROCESSES )); then
    echo "N must be a number from 1 to $MAX_PROCESSES, not '$N'" >&2
    exit 2
fi
if ! [[ "$FIRST_PORT" =~ ^[0-9]+$ ]] || (( FIRST_PORT < 1024 || FIRST_PORT + N - 1 > 65535 )); then
    echo "FIRST_PORT must be from 1024 to $((65536 - N)), not '$FIRST_PORT'" >&2
    exit 2
fi

cd "$(dirname "$0")/.."
if [[ -z "${PYTHON:-}" ]]; then
    if [[ -x .venv/bin/python ]]; then PYTHON=.venv/bin/python; else PYTHON=python3; fi
fi

if [[ "${MIGRATE:-1}" != "0" ]]; then
    "$PYTHON" deploy/migrate.py
fi

pids=()
any_alive() {
    local pid
    for pid in ${pids[@]+"${pids[@]}"}; do kill -0 "$pid" 2>/dev/null && return 0; done
    return 1
}
all_alive() {
    local pid
    for pid in ${pids[@]+"${pids[@]}"}; do kill -0 "$pid" 2>/dev/null || return 1; done
    return 0
}
stop_all() {
    trap - INT TERM EXIT
    local pid
    for pid in ${pids[@]+"${pids[@]}"}; do kill -TERM "$pid" 2>/dev/null || true; done
    # Each server closes its sockets and exits within ~5 s; stop waiting after 15 s.
    for _ in $(seq 150); do
        any_alive || break
        sleep 0.1
    done
    for pid in ${pids[@]+"${pids[@]}"}; do kill -KILL "$pid" 2>/dev/null || true; done
    wait 2>/dev/null || true
}
trap 'stop_all; exit 130' INT
trap 'stop_all; exit 143' TERM
trap 'stop_all' EXIT

for (( i = 0; i < N; i++ )); do
    port=$((FIRST_PORT + i))
    "$PYTHON" server/manage.py serve --host "$HOST" --port "$port" --server "$ASGI_SERVER" &
    pids+=("$!")
    echo "process $((i + 1))/$N: http://$HOST:$port (pid $!)"
done
echo "message queue: $SOCKETIO_MESSAGE_QUEUE; Ctrl-C stops all"

# Run until any process exits (a crash, a port in use), then stop the others.
# (`sleep & wait` rather than plain sleep: a signal interrupts `wait` at once.)
while all_alive; do
    sleep 1 &
    wait "$!" || true
done
echo "a server process exited; stopping the others" >&2
exit 1
