#!/usr/bin/env bash
# scripts/bench-availability-cache.sh <linli binary> <label> <database-url>: starts one server (demo
# data, --bench-baseline) on port 18417 and runs wrk -c16 on the bare handler and on 7 days of the
# first venue's availability, in the same run. Used for issue 14 before/after (see BENCHMARKS.md).
set -euo pipefail
bin=$1; label=$2; url=$3; port=18417; base="http://127.0.0.1:$port"
data=$(mktemp -d)
LINLI_LOG=error "$bin" serve --addr 127.0.0.1:$port --database-url "$url" --data-dir "$data" \
  --rate-limit-scale 0 --bench-baseline --demo --assets-dir /nonexistent > "$data/server.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null' EXIT
for _ in $(seq 1 300); do curl -sf "$base/api/v1/health" > /dev/null && break; sleep 0.2; done
venue=$(curl -sf "$base/api/v1/venues?limit=1" | python3 -c 'import json,sys; print(json.load(sys.stdin)["items"][0]["id"])')
from=$(TZ=Asia/Shanghai date +%F); to=$(TZ=Asia/Shanghai date -d '+6 days' +%F)
path="/api/v1/venues/$venue/availability?from=$from&to=$to"
curl -sf "$base$path" | python3 -c 'import json,sys; d=json.load(sys.stdin); print("slots", sum(len(x["slots"]) for x in d["days"]), "taken", sum(1 for x in d["days"] for s in x["slots"] if s["state"]!="free"))'
for p in /api/v1/bench/bare "$path"; do
  echo "== $label $p"
  wrk -t2 -c16 -d10s --timeout 10s --latency "$base$p" | grep -E "Requests/sec|^\s+(50|99)%|Non-2xx|Socket"
done
