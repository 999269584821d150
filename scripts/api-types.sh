#!/usr/bin/env bash
# The client's REST types are generated from the server's OpenAPI schema (/api/schema/),
# never written by hand: `scripts/api-types.sh` writes client/lib/api-schema.ts, and
# `scripts/api-types.sh --check` (part of `make lint`) fails when the committed file is stale.
set -euo pipefail
cd "$(dirname "$0")/.."
target=client/lib/api-schema.ts
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

.venv/bin/python server/manage.py spectacular --format openapi-json --file "$work/schema.json" 2>"$work/warnings" || {
  cat "$work/warnings" >&2
  exit 1
}
client/node_modules/.bin/openapi-typescript "$work/schema.json" --output "$work/api-schema.ts" --alphabetize >/dev/null 2>&1
{
  echo "// Generated from the server's OpenAPI schema by scripts/api-types.sh: do not edit."
  cat "$work/api-schema.ts"
} >"$work/with-header.ts"

if [[ "${1:-}" == "--check" ]]; then
  if ! diff -q "$target" "$work/with-header.ts" >/dev/null 2>&1; then
    diff -u "$target" "$work/with-header.ts" | head -40 >&2 || true
    echo "$target is stale: the server's API changed. Run 'make types' and commit the result." >&2
    exit 1
  fi
else
  cp "$work/with-header.ts" "$target"
  echo "wrote $target"
fi
