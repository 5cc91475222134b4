#!/usr/bin/env bash
# Runs every test of Linli and ends with a summary: formatting and lints, Rust unit and
# integration tests on SQLite and PostgreSQL, the wasm tests in headless Chromium, and the
# browser journeys (Playwright) against the real `linli` binary. Installs what is missing.
set -uo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh

logs=target/test-logs
mkdir -p "$logs"
declare -a names results times
failed=0

# run_suite <name> <command...>: runs a step, records pass/fail, counts and duration.
run_suite() {
  local name=$1; shift
  local start=$SECONDS
  step "$name"
  "$@" 2>&1 | tee "$logs/$name.log"
  local rc=${PIPESTATUS[0]}
  names+=("$name"); times+=("$((SECONDS - start))s")
  if [ "$rc" -eq 0 ]; then results+=("ok $(count_tests "$logs/$name.log")"); else results+=("FAILED"); failed=1; fi
  return 0
}

count_tests() {
  local log=$1 n
  n=$(grep -aoE '[0-9]+ tests run: [0-9]+ passed' "$log" | tail -1 | grep -oE '^[0-9]+')
  [ -z "$n" ] && n=$(grep -aE '^test result: ok\. [0-9]+ passed' "$log" | awk '{s+=$4} END {if (s) print s}')
  [ -z "$n" ] && n=$(grep -aoE '^ *[0-9]+ passed' "$log" | tail -1 | grep -oE '[0-9]+')
  [ -z "$n" ] && n=$(grep -acE '^\| .* \| pass \|' "$log" | grep -v '^0$')
  [ -n "$n" ] && echo "($n tests)"
}

setup() {
  ensure_wasm_toolchain
  ensure_node_modules
  ensure_chromium
  ensure_postgres
  ensure_postgres_client
  ensure_systemd_analyze
  ensure_frictionless
  ensure_aiosmtpd
  ensure_icalendar
}

ensure_postgres() {
  if ! pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; then
    step "starting PostgreSQL"
    as_root pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -1)" main start
  fi
  pg_isready -h 127.0.0.1 -p 5432
}

lint() {
  cargo fmt --all --check &&
  cargo clippy --locked -p server -p app --all-targets -- -D warnings &&
  cargo clippy --locked -p app --features split --target wasm32-unknown-unknown --all-targets -- -D warnings
}

server_has_no_leptos() {
  if cargo tree --locked -p server -e normal --prefix none | grep -E '^leptos'; then
    echo "leptos is in the server's dependency tree" >&2; return 1
  fi
  echo "cargo tree -p server: no leptos"
}

# The test build also links `linli` and `linli-bench` into the target dir (integration tests
# run them). The reliability harness and the journeys use those binaries: `cargo build` of
# the same binaries without the dev-dependencies' features would compile the dependency tree
# a second time (5 minutes on 2 cores).
build_tests() {
  if command -v cargo-nextest >/dev/null; then
    cargo nextest run --locked -p server -p app --no-run
  else
    cargo test --locked -p server -p app --no-run
  fi
}

rust_tests() {
  if command -v cargo-nextest >/dev/null; then
    cargo nextest run --locked -p server -p app --no-fail-fast
  else
    cargo test --locked -p server -p app --no-fail-fast
  fi
}

wasm_tests() {
  CHROMEDRIVER=$(command -v chromedriver) \
  CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
    cargo test --locked -p app --features ui --target wasm32-unknown-unknown
}

browser_journeys() {
  local bin
  bin="$(cargo_target_dir)/debug/linli"
  if [ "${LINLI_PREBUILT:-0}" != 1 ]; then cargo build --locked -p server --bin linli || return 1; fi
  (cd end2end && rm -rf screenshots test-results &&
    LINLI_BIN="$bin" LINLI_DIST="$PWD/../dist" npx playwright test)
}

total_start=$SECONDS
run_suite setup setup
run_suite lint lint
run_suite no-leptos-in-server server_has_no_leptos
run_suite build-tests build_tests
[[ ${results[-1]} == ok* ]] && export LINLI_PREBUILT=1
run_suite rust-tests rust_tests
run_suite reliability scripts/reliability.sh --short
run_suite build-ui scripts/build-ui.sh
run_suite first-load-budget node scripts/first-load-budget.mjs dist/build-sizes.json
run_suite wasm-tests wasm_tests
run_suite browser-journeys browser_journeys

printf '\n\033[1m==> Summary (%ss)\033[0m\n' "$((SECONDS - total_start))"
for i in "${!names[@]}"; do
  printf '  %-22s %-22s %s\n' "${names[$i]}" "${results[$i]}" "${times[$i]}"
done
echo "  logs: $logs/   screenshots: end2end/screenshots/"
if [ "$failed" -ne 0 ]; then echo "  RESULT: FAILED"; exit 1; fi
echo "  RESULT: all passed"
