#!/usr/bin/env bash
# `apt-get install` of a Debian package whose binary a test uses (never its service):
# a policy-rc.d that refuses service starts keeps nginx or prometheus from starting a
# daemon that listens on every interface during the install.
set -euo pipefail
policy=/usr/sbin/policy-rc.d
created=0
if [ ! -e "$policy" ]; then
  printf '#!/bin/sh\nexit 101\n' > "$policy"
  chmod +x "$policy"
  created=1
fi
trap '[ "$created" = 1 ] && rm -f "$policy"' EXIT
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
