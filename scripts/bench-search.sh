#!/usr/bin/env bash
# The directory search benchmark of issue 13, on both backends, index beside SQL in one run:
#
#   scripts/bench-search.sh [--services N] [--iterations N] [--backends "sqlite postgres"]
#
# For each backend: a fresh database with N generated services (default 100 000); then
# `linli bench directory-search` (in process: the API answering from SQL, the raw ranking SQL,
# the API answering from a search index built from scratch, the index search alone; the build
# time and the index size); then a server with its index and one with `--no-search-index`, each
# under `wrk -t2 -c16` on the bare JSON handler (the baseline) and three searches, and 养老
# computed afresh for every request (a search that names its instant, as a resident's own or a
# "near me" search, is never answered from a kept answer). Release build. Prints the figures (also written to target/bench-search.txt).
set -uo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh

services=100000; iterations=40; secs=8; backends="sqlite postgres"
while [ $# -gt 0 ]; do
  case $1 in
    --services) services=$2; shift ;;
    --iterations) iterations=$2; shift ;;
    --backends) backends=$2; shift ;;
    *) echo "unknown argument $1"; exit 2 ;;
  esac
  shift
done

ensure_wrk; ensure_postgres_client
cargo build --locked --release -p server --bin linli || exit 1
bin=$(mktemp -d); cp "$(cargo_target_dir)/release/linli" "$bin/"; linli="$bin/linli"
port=${LINLI_BENCH_PORT:-18419}; base="http://127.0.0.1:$port"
work=$(mktemp -d); server_pid=""
pg_admin=${LINLI_TEST_POSTGRES:-postgres://postgres@127.0.0.1:5432/postgres}
pg_name="linli_bench_search_$$"
out=target/bench-search.txt; mkdir -p target; : > "$out"
cleanup() {
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null
  psql "$pg_admin" -qc "DROP DATABASE IF EXISTS $pg_name WITH (FORCE)" 2>/dev/null
  rm -rf "$work" "$bin"
}
trap cleanup EXIT
say() { echo "$*" | tee -a "$out"; }

for backend in $backends; do
  data="$work/$backend"; mkdir -p "$data"
  if [ $backend = sqlite ]; then url="sqlite://$data/bench.db?mode=rwc"
  else psql "$pg_admin" -qc "CREATE DATABASE $pg_name" || exit 1; url="${pg_admin%/*}/$pg_name"; fi
  step "$backend: $services services"
  LINLI_LOG=warn "$linli" generate directory --services "$services" --database-url "$url" \
    --data-dir "$data" 2>&1 | grep -v "slow statement" | tee -a "$out"
  step "$backend: in process"
  LINLI_LOG=error "$linli" bench directory-search --iterations "$iterations" --database-url "$url" \
    --data-dir "$data" | tee -a "$out"
  for mode in index sql; do
    extra=(); [ $mode = sql ] && extra=(--no-search-index)
    rm -rf "$data/search-index"
    started=$(date +%s.%N)
    LINLI_LOG=warn "$linli" serve --addr "127.0.0.1:$port" --database-url "$url" --data-dir "$data" \
      --rate-limit-scale 0 --bench-baseline --assets-dir /nonexistent "${extra[@]}" \
      > "$work/server.log" 2>&1 &
    server_pid=$!
    wait_ready "$base"
    say "$backend/$mode: ready after $(awk -v a="$(date +%s.%N)" -v b="$started" 'BEGIN {printf "%.1f", a - b}') s"
    at=$(date -u +%Y-%m-%dT%H:%M:%SZ)
    for path in /api/v1/bench/bare "/api/v1/services?q=%E5%85%BB%E8%80%81" \
      "/api/v1/services?q=%E5%AE%B6%E6%94%BF" "/api/v1/services?q=%E5%85%BB%E8%80%81&region=440304&open_now=true" \
      "/api/v1/services?q=%E5%85%BB%E8%80%81&at=$at"; do
      res=$(wrk -t2 -c16 -d"${secs}s" --timeout 10s --latency "$base$path")
      say "$backend/$mode $path requests/s $(echo "$res" | awk '/Requests\/sec/ {print $2}')" \
        "p50 $(echo "$res" | awk '$1 == "50%" {print $2}') p99 $(echo "$res" | awk '$1 == "99%" {print $2}')" \
        "non-2xx $(echo "$res" | awk '/Non-2xx/ {print $5}')"
    done
    kill "$server_pid"; wait "$server_pid" 2>/dev/null; server_pid=""
  done
done
echo "written to $out"
