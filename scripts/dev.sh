#!/usr/bin/env bash
# Development loop: runs a debug server that serves dist/ from disk, and rebuilds the web app
# (debug wasm, no wasm-opt) whenever app/, style/ or public/ change. Reload the page to see it.
# Server changes need a restart of this script.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh

scripts/build-ui.sh --dev
cargo build -p server --bin linli
"$(cargo_target_dir)/debug/linli" serve --demo --assets-dir dist --data-dir data/dev "$@" &
server=$!
trap 'kill $server 2>/dev/null' EXIT

stamp=$(mktemp)
while sleep 1; do
  if [ -n "$(find app style public -newer "$stamp" -type f -print -quit)" ]; then
    touch "$stamp"
    scripts/build-ui.sh --dev || echo "web app build failed; fix and save again"
  fi
done
