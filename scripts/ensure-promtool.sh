#!/usr/bin/env bash
# The alert rules in deploy/prometheus/ are checked with `promtool` (Debian package
# `prometheus`). Installs it on a root machine with apt, as ensure-chromium.sh does.
set -euo pipefail
if command -v promtool >/dev/null 2>&1; then
  exit 0
fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing Debian's prometheus (for promtool)..."
  bash "$(dirname "$0")/apt-install-quietly.sh" prometheus
else
  echo "The alert-rule tests need promtool (Debian package 'prometheus')." >&2
  exit 1
fi
