#!/usr/bin/env bash
# City-scale benchmarks on SQLite and PostgreSQL; writes BENCHMARKS.md.
#
#   scripts/bench.sh           100 000 services, 5 000 venues x 365 days, 1 000 000 feedback cases;
#                              the search index beside SQL at 100 000 and 1 000 000 services
#   scripts/bench.sh --quick   a small data set, to try the command (minutes, not an hour)
#   LINLI_BENCH_SERVICES / _VENUES / _DAYS / _CASES override single sizes
#
# Figures come from a release build. Load comes from second processes on loopback (wrk,
# linli-bench, Chromium); each figure stands beside a baseline measured in the same run
# (a bare JSON handler; the raw SQL of the same search) because this machine is shared.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh

quick=0
[ "${1:-}" = "--quick" ] && quick=1
if [ $quick = 1 ]; then services=10000; venues=300; days=60; cases=50000; wrk_secs=5; iters=10
else services=100000; venues=5000; days=365; cases=1000000; wrk_secs=10; iters=30; fi
# Sizes can be set one by one (e.g. LINLI_BENCH_VENUES=500 when a year of 5 000 venues'
# bookings would take longer to generate than the time at hand).
services=${LINLI_BENCH_SERVICES:-$services}; venues=${LINLI_BENCH_VENUES:-$venues}
days=${LINLI_BENCH_DAYS:-$days}; cases=${LINLI_BENCH_CASES:-$cases}

ensure_wrk; ensure_wasm_toolchain; ensure_node_modules; ensure_chromium
mkdir -p target # logs and figures go here even when CARGO_TARGET_DIR points elsewhere
step "building the release server and the web app"
cargo build --locked --release -p server --bin linli --bin linli-bench
scripts/build-ui.sh > target/bench-build-ui.log 2>&1 || { cat target/bench-build-ui.log; exit 1; }
bin=$(mktemp -d); cp "$(cargo_target_dir)/release/linli" "$(cargo_target_dir)/release/linli-bench" "$bin/"
linli="$bin/linli"; bench="$bin/linli-bench"
work=$(mktemp -d); port=18400; base="http://127.0.0.1:$port"
pg_admin=${LINLI_TEST_POSTGRES:-postgres://postgres@127.0.0.1:5432/postgres}
out=target/bench; rm -rf "$out"; mkdir -p "$out"
server_pid=""
stop_server() { [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null; server_pid=""; }
trap stop_server EXIT
start_server() { # url [extra args]
  local url=$1; shift
  LINLI_LOG=error "$linli" serve --addr "127.0.0.1:$port" --database-url "$url" --data-dir "$work/data" \
    --rate-limit-scale 0 --bench-baseline --assets-dir dist "$@" > "$work/server.log" 2>&1 &
  server_pid=$!
  wait_healthy "$server_pid" "$base" "$work/server.log"
  wait_ready "$base" || { echo "server not ready after 600 s"; cat "$work/server.log"; return 1; }
}

# wrk_row <label> <path>: "label | req/s | p50 | p99"
wrk_row() {
  local res; res=$(wrk -t2 -c32 -d"${wrk_secs}s" --timeout 10s --latency "$base$2")
  local rps p50 p99
  rps=$(echo "$res" | awk '/Requests\/sec/ {print $2}')
  p50=$(echo "$res" | awk '$1 == "50%" {print $2}')
  p99=$(echo "$res" | awk '$1 == "99%" {print $2}')
  local non2xx; non2xx=$(echo "$res" | awk '/Non-2xx/ {print $5}')
  echo "$1|$rps|$p50|$p99|${non2xx:-0}"
}

declare -A results
for backend in sqlite postgres; do
  if [ $backend = sqlite ]; then url="sqlite://$work/bench.db?mode=rwc"
  else name="linli_bench_$$"; psql "$pg_admin" -qc "CREATE DATABASE $name"; url="${pg_admin%/*}/$name"; fi
  step "$backend: generating $services services, $venues venues x $days days, $cases cases"
  { time "$linli" generate directory --services $services --database-url "$url"
    time "$linli" generate booking --venues $venues --days $days --database-url "$url"
    time "$linli" generate feedback --cases $cases --database-url "$url"; } > "$out/generate-$backend.txt" 2>&1
  grep -E "^(generated|real)" "$out/generate-$backend.txt" || true

  step "$backend: staff inbox at $cases cases"
  "$linli" --log error bench feedback-inbox --iterations $((iters * 3)) --database-url "$url" | tee "$out/inbox-$backend.txt"

  start_server "$url"
  read -r venue code < <("$bench" pick --database-url "$url" | sed 's/venue_id=\([0-9]*\) tracking_code=\(.*\)/\1 \2/')
  from=$(date +%F); to=$(date -d '+6 days' +%F)
  step "$backend: read endpoints under wrk (2 threads, 32 connections, ${wrk_secs}s each)"
  {
    wrk_row "bare JSON handler (baseline)" "/api/v1/bench/bare"
    wrk_row "service list (q=法律援助, selective, 20 rows)" "/api/v1/services?q=%E6%B3%95%E5%BE%8B%E6%8F%B4%E5%8A%A9&limit=20"
    wrk_row "service list (q=养老, broad, 20 rows)" "/api/v1/services?q=%E5%85%BB%E8%80%81&limit=20"
    wrk_row "venue availability (7 days)" "/api/v1/venues/$venue/availability?from=$from&to=$to"
    wrk_row "feedback case page" "/api/v1/feedback/$code"
  } | tee "$out/wrk-$backend.txt"
  step "$backend: 500 residents race for one slot (3 times)"
  for i in 1 2 3; do "$bench" race --base "$base" --database-url "$url" --attempts 500; done | tee "$out/race-$backend.txt"
  step "$backend: booking writes per second"
  "$bench" booking-throughput --base "$base" --database-url "$url" --duration 10 --concurrency 16 | tee "$out/writes-$backend.txt"
  stop_server
  [ $backend = postgres ] && psql "$pg_admin" -qc "DROP DATABASE IF EXISTS $name WITH (FORCE)"
done

step "directory search index beside SQL (scripts/bench-search.sh)"
scripts/bench-search.sh --services $services --iterations $((quick == 1 ? iters : 40)) > /dev/null
cp target/bench-search.txt "$out/search-index.txt"
if [ $quick = 0 ]; then
  scripts/bench-search.sh --services $((services * 10)) --iterations 10 --backends postgres > /dev/null
  cp target/bench-search.txt "$out/search-index-city.txt"
fi

step "first load of the web app in Chromium"
start_server "sqlite://$work/fcp.db?mode=rwc" --demo
node end2end/bench/fcp.mjs "$base" 10 | tee "$out/fcp.json"
stop_server

# --- BENCHMARKS.md ---
{
  echo "# Benchmarks"
  echo
  echo "Produced by \`scripts/bench.sh$([ $quick = 1 ] && echo ' --quick')\` on $(date -u +%Y-%m-%d) ($(date -u +%H:%MZ))."
  echo "Machine: $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')), $(free -g | awk '/Mem/ {print $2}') GiB RAM, $(uname -sr); shared with other work, so compare figures within a run."
  echo "Data: $services services, $venues venues x $days days of bookings, $cases feedback cases, on each backend. Release build."
  echo
  echo "## Read endpoints beside a bare JSON handler (wrk, loopback)"
  echo
  for backend in sqlite postgres; do
    echo "**$backend**"
    echo
    echo "| endpoint | requests/s | p50 | p99 | × baseline req/s | non-2xx |"
    echo "|---|---:|---:|---:|---:|---:|"
    base_rps=$(head -1 "$out/wrk-$backend.txt" | cut -d'|' -f2)
    while IFS='|' read -r label rps p50 p99 bad; do
      ratio=$(awk -v a="$rps" -v b="$base_rps" 'BEGIN { if (b > 0) printf "%.2f", a / b }')
      echo "| $label | $rps | $p50 | $p99 | $ratio | $bad |"
    done < "$out/wrk-$backend.txt"
    echo
  done
  echo "Target: each endpoint ≥ 0.3 × the bare handler's requests/s."
  echo
  echo "## Directory search: the index beside SQL (\`scripts/bench-search.sh\`)"
  echo
  echo "Per backend, a fresh database with $services generated services: in process (the API from SQL, the raw SQL,"
  echo "the API from the index with kept answers, computed afresh, and the index search alone), then"
  echo "servers with and without the index under \`wrk -t2 -c16\` beside the bare handler."
  echo
  echo '```'; cat "$out/search-index.txt"; echo '```'
  echo
  if [ -f "$out/search-index-city.txt" ]; then
    echo "At $((services * 10)) services (PostgreSQL):"
    echo
    echo '```'; cat "$out/search-index-city.txt"; echo '```'
    echo
  fi
  echo "Targets (issue 13): every query p99 ≤ 30 ms through the API and API ≤ 1.5 × the index alone at"
  echo "100 000 services; \`wrk -c16\` ≥ 0.3 × the bare handler; p99 ≤ 60 ms at 1 000 000 services."
  echo
  echo "## Staff inbox, first page with filters"
  echo
  for backend in sqlite postgres; do echo "**$backend**"; echo; echo '```'; cat "$out/inbox-$backend.txt"; echo '```'; echo; done
  echo "Target: p99 ≤ 50 ms at 1 000 000 cases."
  echo
  echo "## Booking race and writes"
  echo
  for backend in sqlite postgres; do
    echo "**$backend**"; echo; echo '```'; cat "$out/race-$backend.txt" "$out/writes-$backend.txt"; echo '```'; echo
  done
  echo "Target: 500 concurrent attempts on one slot settle in ≤ 2 s and exactly one wins."
  echo
  echo "## First load of the web app"
  echo
  echo "| file | raw | gzip | brotli |"
  echo "|---|---:|---:|---:|"
  node -e '
    const s = require("./dist/build-sizes.json");
    const kb = (n) => (n / 1024).toFixed(1) + " KB";
    for (const f of s.files) console.log(`| ${f.name} | ${kb(f.raw)} | ${kb(f.gzip)} | ${kb(f.br)} |`);
    console.log(`| **total** | ${kb(s.total.raw)} | ${kb(s.total.gzip)} | ${kb(s.total.br)} |`);'
  echo
  node -e '
    const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
    console.log(`Headless Chromium on loopback, empty cache, median of ${r.runs} loads: first contentful paint ${Math.round(r.fcp_ms)} ms, home page with API data ${Math.round(r.content_ms)} ms, ${(r.transferred_bytes / 1024).toFixed(0)} KB transferred.`);' "$out/fcp.json"
  echo
  echo "Target: ≤ 250 KB gzip for the first load (wasm + js + css)."
  echo
  echo "## Data generation"
  echo
  for backend in sqlite postgres; do echo "**$backend**"; echo; echo '```'; grep -E "^(generated|real)" "$out/generate-$backend.txt"; echo '```'; echo; done
} > BENCHMARKS.md
step "BENCHMARKS.md written"
rm -rf "$work" "$bin"
