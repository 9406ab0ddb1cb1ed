#!/usr/bin/env bash
# Start Portcullis with its embedded defaults: SQLite in ./data, HTTPS on
# https://localhost:8443 with a generated development certificate. Extra arguments go to
# `portcullis serve` (see `portcullis serve --help`).
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ -f dashboard/package.json ]]; then
  (cd dashboard && { [[ -d node_modules ]] || npm ci --no-audit --no-fund; } && npm run build)
fi
exec cargo run --release --bin portcullis -- serve "$@"
