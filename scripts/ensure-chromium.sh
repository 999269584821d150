#!/usr/bin/env bash
# Browser tests drive the system's Chromium (Debian package `chromium`) rather than a
# browser downloaded by the test tool. Installs it on a root machine with apt.
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
