#!/usr/bin/env bash
# Builds Linli (web app embedded in a release binary) and runs it with an SQLite database in
# ./data and demo data; prints the URL and the demo accounts. Extra arguments go to
# `linli serve` (e.g. --addr 0.0.0.0:8080). Installs what is missing on a fresh machine.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh

scripts/build-ui.sh
step "building the server (release, with the web app embedded)"
cargo build --locked --release -p server --bin linli
step "starting Linli"
# Registration and password resets need the code sent by SMS: the demo writes each SMS to a
# file (the banner says which) instead of a gateway.
exec "$(cargo_target_dir)/release/linli" serve --demo --sms-sender "file:data/sms.jsonl" "$@"
