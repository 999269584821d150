#!/bin/sh
# Container start (the Dockerfile's CMD): apply migrations, then serve on 0.0.0.0:8000.
#   RUN_MIGRATIONS=0   skip the migrate step (when a release job migrates instead)
#   ASGI_SERVER=granian  serve with granian instead of uvicorn
#   TRUSTED_PROXIES=1    behind one proxy that appends to X-Forwarded-For (nginx; set by
#                        docker-compose.scale.yml); the default 0 ignores that header
# `exec` makes the server PID 1, so `docker stop`'s SIGTERM reaches it directly and it
# shuts down gracefully.
set -eu
cd /app

if [ "${RUN_MIGRATIONS:-1}" != "0" ]; then
    # Replicas starting together take turns (a PostgreSQL advisory lock): see migrate.py.
    python deploy/migrate.py
fi

exec python server/manage.py serve --host 0.0.0.0 --port 8000 --server "${ASGI_SERVER:-uvicorn}"
