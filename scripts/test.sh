#!/usr/bin/env bash
# The whole test suite: Rust unit, contract and black-box tests, then the acceptance suites
# with real third-party clients (auth0-spa-js in headless Chromium, openid-client).
#
#   PORTCULLIS_TEST_DATABASE_URL  also run the storage contract suite on PostgreSQL
#                                 (e.g. postgres://postgres@127.0.0.1:5432/test; CI sets it)
#   CHROMIUM_PATH                 browser for the acceptance suite (default /usr/bin/chromium)
set -euo pipefail
cd "$(dirname "$0")/.."

if [[ -z ${PORTCULLIS_TEST_DATABASE_URL:-} ]]; then
  echo "notice: PORTCULLIS_TEST_DATABASE_URL is not set: the PostgreSQL contract suite will be skipped" >&2
fi

# The dashboard is embedded in the binary: build it first.
(cd dashboard && { [[ -d node_modules ]] || npm ci --no-audit --no-fund; } && npm run build)

cargo build --workspace --bins
cargo test --workspace

if [[ ! -d acceptance/node_modules ]]; then
  (cd acceptance && npm ci --no-audit --no-fund)
fi
scripts/acceptance.sh
ACCEPTANCE_SUITE=dashboard scripts/acceptance.sh
