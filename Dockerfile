# syntax=docker/dockerfile:1
# Front desk in one image: the Next.js static export plus the Django + Socket.IO server.
#
#   docker build -t frontdesk .
#   docker run -p 8000:8000 -e DJANGO_SECRET_KEY=... -e DATABASE_URL=postgres://... frontdesk
#
# docker-compose.yml runs it with PostgreSQL; docs/deploy.md explains the rest.
# CI checks this file statically (server/common/tests/test_deploy_files.py): its install
# steps must stay the very commands the Makefile runs.

# --- Stage 1: the web client, built as `make client-build` builds it -------------------
FROM node:20-bookworm-slim AS client
ENV NEXT_TELEMETRY_DISABLED=1
WORKDIR /app/client
# Dependencies first, so a source-only change reuses this layer.
COPY client/package.json client/package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY client/ ./
# NEXT_PUBLIC_API_URL stays unset: the browser talks to the origin that served the page.
RUN npm run build

# --- Stage 2: Python with the runtime requirements (docker-compose.dev.yml stops here) --
FROM python:3.11-slim-bookworm AS python-deps
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /app
COPY requirements.txt ./
RUN pip install --no-cache-dir -r requirements.txt
RUN groupadd --system --gid 10001 frontdesk \
    && useradd --system --uid 10001 --gid frontdesk --home-dir /app --no-create-home \
       --shell /usr/sbin/nologin frontdesk

# --- The image that runs ---------------------------------------------------------------
FROM python-deps AS runtime
# Code and client stay owned by root: the server process can read them, not change them.
COPY server/ ./server/
# The admin's and the API docs' static files, served by whitenoise from this process.
RUN DJANGO_SETTINGS_MODULE=server.settings python server/manage.py collectstatic --noinput
COPY deploy/entrypoint.sh deploy/migrate.py deploy/healthcheck.py ./deploy/
COPY --from=client /app/client/out ./client/out
# Uploaded attachments (MEDIA_ROOT): the one directory the server writes to; docker-compose.yml
# keeps it in a volume. An S3-compatible store instead is one STORAGES setting.
RUN mkdir -p /app/media && chown frontdesk:frontdesk /app/media
ENV DJANGO_SETTINGS_MODULE=server.settings_production \
    CLIENT_BUILD_DIR=/app/client/out \
    MEDIA_ROOT=/app/media
USER frontdesk
EXPOSE 8000
# `docker stop` sends SIGTERM: uvicorn stops accepting, closes open sockets (clients
# reconnect and resume from their last seq) and exits within a few seconds.
STOPSIGNAL SIGTERM
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \
    CMD ["python", "/app/deploy/healthcheck.py"]
# Migrate (one replica at a time), then `manage.py serve --host 0.0.0.0 --port 8000`.
CMD ["sh", "/app/deploy/entrypoint.sh"]
