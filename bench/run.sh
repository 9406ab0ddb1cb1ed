#!/usr/bin/env bash
# Portcullis vs oidc-provider, side by side: builds Portcullis (release), installs the
# benchmark's npm packages (bench/package-lock.json), starts both servers pinned to one core
# and drives them from another with the same load generator, then prints one markdown table
# (also written to bench/RESULTS.md; raw JSON and logs in bench/out/<run>/).
#
#   bench/run.sh                       SQLite, default settings (about 4.5 minutes on 2 cores, after the build)
#   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test bench/run.sh
#                                      PostgreSQL too (a fresh database is created and dropped)
#
# Settings (environment): BENCH_DURATION_S (4; per measurement), BENCH_WARMUP_S (1), BENCH_PAIRED_ROUNDS (8),
# BENCH_SAT_ROUNDS (4; saturation rounds per server, alternating between the servers), BENCH_REWARM_MS (250),
# BENCH_CONNECTIONS (16), BENCH_LOGIN_CONCURRENCY (16), BENCH_USERS (16),
# BENCH_HASH_OWASP ("19456,2,1"), BENCH_HASH_CHEAP ("256,1,1"), BENCH_FLOWS (comma list of
# cc-rs256,cc-es256,login-owasp,login-cheap,login-cheap-1,login-cheap-1f,login-cheap-5,refresh,
# userinfo; a partial run does not overwrite RESULTS.md), BENCH_INVOKE=0 (skip the action
# invocation bench), BENCH_ISOLATED_VM=1 (also compare with isolated-vm, built once into
# bench/.isolated-vm: adds a few minutes the first time), BENCH_SERVER_CORE (1), BENCH_GENERATOR_CORE (0), BENCH_PORT (9443),
# BENCH_PEER_PORT (9444), BENCH_ECHO_PORT (9445), BENCH_PERF=1 (a flat `perf` profile of
# Portcullis per saturation run, into bench/out/<run>/perf-*.txt; inflates CPU figures),
# PORTCULLIS_BIN (target/release/portcullis; set it to skip the build: the pieces timed alone,
# portcullis-bench-sign and portcullis-bench-invoke, are then taken from the same folder, else
# from target/release).
# Re-render a table: node bench/render.mjs bench/out/<run>/results.json
set -euo pipefail
cd "$(dirname "$0")/.."

command -v node >/dev/null || { echo "bench: node (>= 20.18) is required" >&2; exit 2; }
command -v taskset >/dev/null || { echo "bench: taskset (util-linux) is required" >&2; exit 2; }
if [[ $(nproc) -lt 2 ]]; then
  echo "bench: needs at least 2 cores (server and load generator on different cores)" >&2
  exit 2
fi
if [[ -n ${BENCH_DATABASE_URL:-} ]] && ! command -v psql >/dev/null; then
  echo "bench: BENCH_DATABASE_URL needs psql (to create a fresh database)" >&2
  exit 2
fi

if [[ -z ${PORTCULLIS_BIN:-} ]]; then
  # One build for the server and the pieces timed alone (crates/bench), so their dependencies
  # resolve to the same features and compile once.
  echo "bench: cargo build --release -p portcullis-server -p portcullis-bench" >&2
  cargo build --release -p portcullis-server -p portcullis-bench
fi

if [[ ! -f bench/node_modules/.package-lock.json || bench/package-lock.json -nt bench/node_modules/.package-lock.json ]]; then
  echo "bench: npm ci (bench/package-lock.json)" >&2
  (cd bench && npm ci --no-audit --no-fund)
fi

# isolated-vm (a native addon, compiled here in a few minutes) for the invocation comparison.
if [[ ${BENCH_ISOLATED_VM:-0} == 1 && ${BENCH_INVOKE:-1} != 0 ]]; then
  if [[ ! -f bench/.isolated-vm/node_modules/isolated-vm/out/isolated_vm.node ]]; then
    echo "bench: npm install isolated-vm@5.0.4 (builds a native addon)" >&2
    npm install --prefix bench/.isolated-vm --no-audit --no-fund --no-save isolated-vm@5.0.4 >&2
  fi
  export PORTCULLIS_BENCH_ISOLATED_VM="$PWD/bench/.isolated-vm/node_modules/isolated-vm"
fi

for port in "${BENCH_PORT:-9443}" "${BENCH_PEER_PORT:-9444}" "${BENCH_ECHO_PORT:-9445}"; do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    echo "bench: something already listens on 127.0.0.1:$port; stop it or choose another BENCH_*PORT" >&2
    exit 2
  fi
done

exec taskset -c "${BENCH_GENERATOR_CORE:-0}" node bench/bench.mjs
