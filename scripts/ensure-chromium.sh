#!/usr/bin/env bash
# Browser tests drive Debian's Chromium: a test tool's own browser download cannot work
# on machines without general internet access. Installs it on a root machine with apt.
set -euo pipefail
if command -v chromium >/dev/null 2>&1; then
  exit 0
fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing Debian's chromium for the browser tests..."
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
else
  echo "Browser tests need Chromium at /usr/bin/chromium (Debian package 'chromium')." >&2
  exit 1
fi
