#!/usr/bin/env bash
# The release-rush benchmarks of issue 14, on both backends, in one run:
#
#   scripts/bench-rush.sh [--debug] [--venues N] [--days N] [--residents N]
#
# For each backend: a fresh database with the demo data plus N generated venues (default
# 5 000, with --days of bookings, default 28), one server with --bench-baseline; then wrk -t2
# -c16 on the bare JSON handler (the baseline) and on the read endpoints of the rush, each
# beside it in the same run; then the free-place search one request at a time (wrk -c1, the
# latency a resident sees); then the rush itself (`linli-bench rush`, default 2 000 residents).
# Release build unless --debug. Prints a markdown report (also written to target/bench-rush.md).
set -uo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh

profile=release; venues=5000; days=28; residents=2000; secs=10
while [ $# -gt 0 ]; do
  case $1 in
    --debug) profile=debug ;;
    --venues) venues=$2; shift ;;
    --days) days=$2; shift ;;
    --residents) residents=$2; shift ;;
    *) echo "unknown argument $1"; exit 2 ;;
  esac
  shift
done

ensure_wrk; ensure_postgres_client
if [ $profile = release ]; then
  cargo build --locked --release -p server --bin linli --bin linli-bench || exit 1
elif [ "${LINLI_PREBUILT:-0}" != 1 ]; then
  cargo build --locked -p server --bin linli --bin linli-bench || exit 1
fi
bin=$(mktemp -d)
cp "$(cargo_target_dir)/$profile/linli" "$(cargo_target_dir)/$profile/linli-bench" "$bin/"
linli="$bin/linli"; bench="$bin/linli-bench"
port=${LINLI_BENCH_PORT:-18418}; base="http://127.0.0.1:$port"
work=$(mktemp -d); server_pid=""
pg_admin=${LINLI_TEST_POSTGRES:-postgres://postgres@127.0.0.1:5432/postgres}
report=target/bench-rush.md

start_server() { # url [extra args]
  local url=$1; shift
  LINLI_LOG=error "$linli" serve --addr "127.0.0.1:$port" --database-url "$url" --data-dir "$work/data" \
    --rate-limit-scale 0 --bench-baseline --assets-dir /nonexistent "$@" > "$work/server.log" 2>&1 &
  server_pid=$!
  wait_healthy "$server_pid" "$base" "$work/server.log"
}
stop_server() { [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null; server_pid=""; }
trap 'stop_server; rm -rf "$bin"' EXIT

# row <connections> <label> <path>: "| label | req/s | p50 | p99 |", after a 2-second warm-up
# run that is not reported (the first reads of a fresh server load what its caches keep).
row() {
  wrk -t1 -c"$1" -d2s "$base$3" > /dev/null
  local res; res=$(wrk -t"$(( $1 < 2 ? 1 : 2 ))" -c"$1" -d"${secs}s" --timeout 10s --latency "$base$3")
  local rps p50 p99 bad
  rps=$(echo "$res" | awk '/Requests\/sec/ {print $2}')
  p50=$(echo "$res" | awk '$1 == "50%" {print $2}')
  p99=$(echo "$res" | awk '$1 == "99%" {print $2}')
  bad=$(echo "$res" | awk '/Non-2xx/ {print $NF}')
  echo "| $2 | $rps | $p50 | $p99 | ${bad:-0} |"
}

json() { python3 -c "import json,sys; d=json.load(sys.stdin); print($1)"; }

{
  echo "# Release rush benchmarks ($profile build, $(date -u +%Y-%m-%dT%H:%MZ))"
  echo
  echo "Machine: $(nproc) cores, $(free -g | awk '/Mem/ {print $2}') GiB. Command: \`scripts/bench-rush.sh$([ $profile = debug ] && echo ' --debug') --venues $venues --days $days --residents $residents\`."
  echo "Data: the demo data plus $venues generated venues with $days days of bookings. Reads: \`wrk -t2 -c16 -d${secs}s\` (the free-place search also with \`-c1\`)."
} > "$report"

for backend in sqlite postgres; do
  if [ $backend = sqlite ]; then
    url="sqlite://$work/rush.db?mode=rwc"
  else
    name="linli_rush_$$_$RANDOM"; psql "$pg_admin" -qc "CREATE DATABASE $name" > /dev/null || exit 1
    url="${pg_admin%/*}/$name"
  fi
  step "$backend: demo data and $venues venues"
  start_server "$url" --demo || exit 1
  stop_server
  "$linli" --log error generate booking --venues "$venues" --days "$days" --database-url "$url" || exit 1
  start_server "$url" || exit 1

  read -r venue code < <("$bench" pick --database-url "$url" | sed 's/venue_id=\([0-9]*\) tracking_code=\(.*\)/\1 \2/')
  service=$(curl -sf "$base/api/v1/services?limit=1" | json 'd["items"][0]["id"]')
  from=$(TZ=Asia/Shanghai date +%F); to=$(TZ=Asia/Shanghai date -d '+6 days' +%F)
  saturday=$(TZ=Asia/Shanghai date -d 'next saturday' +%F)
  step "$backend: read endpoints (wrk, ${secs}s each)"
  {
    echo
    echo "## $backend"
    echo
    echo "| endpoint | req/s | p50 | p99 | non-2xx |"
    echo "|---|---:|---:|---:|---:|"
    row 16 "bare JSON handler (baseline)" "/api/v1/bench/bare"
    row 16 "venue availability (7 days)" "/api/v1/venues/$venue/availability?from=$from&to=$to"
    row 16 "venue list (first page, next free slot of each)" "/api/v1/venues?limit=20"
    row 16 "service page" "/api/v1/services/$service"
    row 16 "feedback case page" "/api/v1/feedback/$code"
    row 16 "free place: Saturday morning, city-wide" "/api/v1/venues?free_on=$saturday&part_of_day=morning&limit=20"
    row 16 "free place: Saturday morning, badminton in 福田" "/api/v1/venues?free_on=$saturday&part_of_day=morning&type=badminton&region=440304&limit=20"
    row 1 "free place: Saturday morning, city-wide (-c1)" "/api/v1/venues?free_on=$saturday&part_of_day=morning&limit=20"
    row 1 "free place: Saturday morning, badminton in 福田 (-c1)" "/api/v1/venues?free_on=$saturday&part_of_day=morning&type=badminton&region=440304&limit=20"
  } | tee -a "$report"
  step "$backend: the release rush ($residents residents)"
  { echo; echo '```'; "$bench" rush --base "$base" --database-url "$url" --residents "$residents" --lead 10; echo '```'; } | tee -a "$report"
  stop_server
  [ $backend = postgres ] && psql "$pg_admin" -qc "DROP DATABASE IF EXISTS $name WITH (FORCE)" > /dev/null
done
rm -rf "$work"
echo; echo "written to $report"
