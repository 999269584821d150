#!/usr/bin/env bash
# The nginx configurations in deploy/ are checked with `nginx -t` (Debian package
# `nginx`). Installs it on a root machine with apt, without starting its service.
set -euo pipefail
if command -v nginx >/dev/null 2>&1; then
  exit 0
fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing Debian's nginx (for nginx -t on deploy/nginx*.conf)..."
  bash "$(dirname "$0")/apt-install-quietly.sh" nginx
else
  echo "The nginx configuration tests need nginx (Debian package 'nginx')." >&2
  exit 1
fi
