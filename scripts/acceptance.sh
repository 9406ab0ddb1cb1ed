#!/usr/bin/env bash
# Black-box acceptance tests: starts the already-built Portcullis binary on
# https://localhost:8443 with a throw-away data dir, bootstraps a Management API
# client, and runs the Node.js suites in acceptance/ (real auth0-spa-js in headless
# Chromium, real openid-client). Does not build anything.
#
#   PORTCULLIS_BIN   server binary (default target/debug/portcullis)
#   CHROMIUM_PATH    browser (default /usr/bin/chromium)
#   PORTCULLIS_PORT  server port (default 8443; domain localhost:PORT)
#   SPA_PORT         port of the test SPA (default 3443)
#   KEEP_DATA=1      keep the temporary data dir and log
#   any arguments    passed to `node --test` instead of the default tests/ (e.g. tests/rp.test.mjs)
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$PWD
BIN=${PORTCULLIS_BIN:-target/debug/portcullis}
case $BIN in /*) ;; *) BIN=$ROOT/$BIN ;; esac
PORT=${PORTCULLIS_PORT:-8443}
LISTEN=127.0.0.1:$PORT
DOMAIN=localhost:$PORT

if [[ ! -x $BIN ]]; then
  echo "acceptance: server binary $BIN not found (build it first or set PORTCULLIS_BIN)" >&2
  exit 2
fi
command -v node >/dev/null || { echo "acceptance: node is required" >&2; exit 2; }
command -v curl >/dev/null || { echo "acceptance: curl is required" >&2; exit 2; }

WORK=$(mktemp -d "${TMPDIR:-/tmp}/portcullis-acceptance.XXXXXX")
DATA=$WORK/data
LOG=$WORK/server.log
mkdir -p "$DATA"
SERVER_PID=

cleanup() {
  local rc=$?
  if [[ -n $SERVER_PID ]] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill -TERM "$SERVER_PID" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.1; done
    kill -0 "$SERVER_PID" 2>/dev/null && kill -KILL "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  if [[ $rc -ne 0 ]]; then
    echo "--- acceptance failed (exit $rc); last lines of the server log ($LOG) ---" >&2
    tail -n 80 "$LOG" >&2 2>/dev/null || true
  fi
  if [[ ${KEEP_DATA:-0} == 1 || $rc -ne 0 ]]; then
    echo "acceptance: data dir and log kept in $WORK" >&2
  else
    rm -rf "$WORK"
  fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

if curl -k -s -o /dev/null --max-time 2 "https://$DOMAIN/"; then
  echo "acceptance: something already answers on https://$DOMAIN (stale server?); stop it first" >&2
  exit 2
fi

echo "acceptance: starting $BIN serve on $LISTEN (domain $DOMAIN, data $DATA)"
# The first dashboard operator, for the dashboard suite (created on the server's first start).
OPERATOR_EMAIL=${OPERATOR_EMAIL:-operator@acceptance.test}
OPERATOR_PASSWORD=${OPERATOR_PASSWORD:-Operator-$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')}
export OPERATOR_EMAIL OPERATOR_PASSWORD
PORTCULLIS_OPERATOR__EMAIL=$OPERATOR_EMAIL PORTCULLIS_OPERATOR__PASSWORD=$OPERATOR_PASSWORD \
  "$BIN" serve --data-dir "$DATA" --listen "$LISTEN" --domain "$DOMAIN" >"$LOG" 2>&1 &
SERVER_PID=$!

ready=0
deadline=$((SECONDS + 30))
while ((SECONDS < deadline)); do
  if ! kill -0 "$SERVER_PID" 2>/dev/null; then
    echo "acceptance: server exited during start-up" >&2
    exit 1
  fi
  if [[ $(curl -k -s -o /dev/null -w '%{http_code}' --max-time 2 "https://$DOMAIN/readyz" || true) == 200 ]]; then
    ready=1
    break
  fi
  sleep 0.2
done
if [[ $ready != 1 ]]; then
  echo "acceptance: https://$DOMAIN/readyz not 200 after 30 s" >&2
  exit 1
fi
[[ -f $DATA/tls/cert.pem && -f $DATA/tls/key.pem ]] || { echo "acceptance: $DATA/tls/{cert,key}.pem missing" >&2; exit 1; }

BOOT=$("$BIN" tenant bootstrap --json --data-dir "$DATA" --domain "$DOMAIN" | grep '^{' | tail -n 1)
[[ -n $BOOT ]] || { echo "acceptance: tenant bootstrap printed no JSON" >&2; exit 1; }
json() { node -e 'const o = JSON.parse(process.argv[1]); const v = o[process.argv[2]]; if (typeof v !== "string" || !v) { console.error("bootstrap JSON lacks " + process.argv[2]); process.exit(1); } process.stdout.write(v);' "$BOOT" "$1"; }

export NODE_EXTRA_CA_CERTS=$DATA/tls/cert.pem
export PORTCULLIS_TLS_CERT=$DATA/tls/cert.pem
export PORTCULLIS_TLS_KEY=$DATA/tls/key.pem
export PORTCULLIS_DATA_DIR=$DATA
# The dashboard suite creates a second tenant with the CLI against this data dir.
export PORTCULLIS_BIN=$BIN
export PORTCULLIS_LOG=$LOG
PORTCULLIS_ISSUER=$(json issuer)
PORTCULLIS_DOMAIN=$(json domain)
MGMT_CLIENT_ID=$(json client_id)
MGMT_CLIENT_SECRET=$(json client_secret)
MGMT_AUDIENCE=$(json management_audience)
export PORTCULLIS_ISSUER PORTCULLIS_DOMAIN MGMT_CLIENT_ID MGMT_CLIENT_SECRET MGMT_AUDIENCE
echo "acceptance: server ready, issuer $PORTCULLIS_ISSUER"

# ACCEPTANCE_SUITE=dashboard runs the dashboard's end-to-end scenario instead (dashboard/e2e).
if [[ ${ACCEPTANCE_SUITE:-acceptance} == dashboard ]]; then
  cd "$ROOT/dashboard"
  [[ -d node_modules ]] || npm ci --no-audit --no-fund
  export PORTCULLIS_URL=https://$DOMAIN
  npm run e2e
  exit
fi

cd "$ROOT/acceptance"
if [[ ! -f node_modules/.package-lock.json || package-lock.json -nt node_modules/.package-lock.json ]]; then
  npm ci --no-audit --no-fund
fi
mkdir -p artifacts
if [[ $# -gt 0 ]]; then
  node --test --test-concurrency=1 "$@"
else
  npm test
fi
