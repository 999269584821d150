#!/usr/bin/env bash
# ensure-debian-tool.sh COMMAND PACKAGE WHAT-FOR
# Tests use some Debian binaries (nginx -t, promtool). Installs PACKAGE on a root machine
# with apt when COMMAND is missing, never starting its service (apt-install-quietly.sh).
set -euo pipefail
command="$1" package="$2" purpose="$3"
if command -v "$command" >/dev/null 2>&1; then
  exit 0
fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing Debian's $package ($purpose)..."
  bash "$(dirname "$0")/apt-install-quietly.sh" "$package"
else
  echo "$purpose needs $command (Debian package '$package')." >&2
  exit 1
fi
