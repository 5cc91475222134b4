# Shared helpers of the project's scripts: each ensure_* installs what is missing and is quick
# when it is already there, so the README's commands work on a fresh machine.

WASM_BINDGEN_VERSION=0.2.130   # must equal the wasm-bindgen crate pinned in Cargo.toml
# The route splitter matching Leptos 0.8's split points (the crate named `wasm-split-cli`
# belongs to another framework); 0.2.4 reads wasm-bindgen 0.2.128+'s descriptors.
WASM_SPLIT_VERSION=0.2.4

step() { printf '\n\033[1m==> %s\033[0m\n' "$*"; }

cargo_target_dir() {
  if [ -n "${CARGO_TARGET_DIR:-}" ]; then echo "$CARGO_TARGET_DIR"; else echo "$PWD/target"; fi
}

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi
}

ensure_wasm_toolchain() {
  if ! rustup target list --installed 2>/dev/null | grep -q '^wasm32-unknown-unknown$'; then
    step "installing the wasm32-unknown-unknown target"
    rustup target add wasm32-unknown-unknown
  fi
  if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$WASM_BINDGEN_VERSION" ]; then
    step "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION (a few minutes, once)"
    cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" --force
  fi
  if ! command -v wasm-split-cli >/dev/null \
     || ! cargo install --list | grep -q "^wasm_split_cli_support v$WASM_SPLIT_VERSION:"; then
    step "installing wasm-split-cli $WASM_SPLIT_VERSION (a minute or two, once)"
    cargo install wasm_split_cli_support --version "$WASM_SPLIT_VERSION" \
      --features build-binary --locked --force
  fi
}

ensure_node_modules() {
  if ! command -v node >/dev/null; then
    echo "Node.js is required (20 or newer)" >&2; exit 1
  fi
  if [ ! -x end2end/node_modules/.bin/wasm-opt ] || [ ! -d end2end/node_modules/@playwright/test ] \
     || [ end2end/package-lock.json -nt end2end/node_modules/.package-lock.json ]; then
    step "installing npm packages of end2end/ (Playwright test runner, binaryen, axe-core)"
    (cd end2end && npm ci --no-audit --no-fund)
  fi
}

ensure_chromium() {
  if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null || ! fc-list 2>/dev/null | grep -qi "WenQuanYi"; then
    step "installing Chromium and ChromeDriver from Debian"
    as_root apt-get update -qq
    DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq chromium chromium-driver fonts-wqy-microhei
  fi
}

SCHEMATHESIS_VERSION=4.32.5
TOOLS_DIR=${LINLI_TOOLS_DIR:-$HOME/.cache/linli-tools}

ensure_schemathesis() {
  if [ "$("$TOOLS_DIR/venv/bin/st" --version 2>/dev/null | awk '{print $3}')" != "$SCHEMATHESIS_VERSION" ]; then
    step "installing schemathesis $SCHEMATHESIS_VERSION (PyPI) into $TOOLS_DIR/venv"
    python3 -m venv "$TOOLS_DIR/venv" && "$TOOLS_DIR/venv/bin/pip" install -q "schemathesis==$SCHEMATHESIS_VERSION"
  fi
}

# frictionless (PyPI) validates the HSDS export in the integration tests
# (server/tests/api/directory_hsds.rs runs $TOOLS_DIR/frictionless/bin/frictionless). Its own
# venv: its pins must not fight schemathesis's.
FRICTIONLESS_VERSION=5.21.0

ensure_frictionless() {
  if [ "$("$TOOLS_DIR/frictionless/bin/frictionless" --version 2>/dev/null)" != "$FRICTIONLESS_VERSION" ]; then
    step "installing frictionless $FRICTIONLESS_VERSION (PyPI) into $TOOLS_DIR/frictionless"
    python3 -m venv "$TOOLS_DIR/frictionless" &&
      "$TOOLS_DIR/frictionless/bin/pip" install -q "frictionless==$FRICTIONLESS_VERSION"
  fi
}

# aiosmtpd (PyPI) is the real SMTP server the email tests start
# (server/tests/api/channels.rs runs server/tests/api/fixtures/smtp_sink.py with
# $TOOLS_DIR/aiosmtpd/bin/python). Its own venv, like frictionless.
AIOSMTPD_VERSION=1.4.6

ensure_aiosmtpd() {
  if [ "$("$TOOLS_DIR/aiosmtpd/bin/python" -c 'import aiosmtpd; print(aiosmtpd.__version__)' 2>/dev/null)" != "$AIOSMTPD_VERSION" ]; then
    step "installing aiosmtpd $AIOSMTPD_VERSION (PyPI) into $TOOLS_DIR/aiosmtpd"
    python3 -m venv "$TOOLS_DIR/aiosmtpd" &&
      "$TOOLS_DIR/aiosmtpd/bin/pip" install -q "aiosmtpd==$AIOSMTPD_VERSION"
  fi
}

# icalendar (PyPI) is the independent RFC 5545 parser the activity calendar tests read
# Linli's .ics files with (server/tests/api/activities.rs). Its own venv, like aiosmtpd.
ICALENDAR_VERSION=6.3.1

ensure_icalendar() {
  if [ "$("$TOOLS_DIR/icalendar/bin/python" -c 'import icalendar; print(icalendar.__version__)' 2>/dev/null)" != "$ICALENDAR_VERSION" ]; then
    step "installing icalendar $ICALENDAR_VERSION (PyPI) into $TOOLS_DIR/icalendar"
    python3 -m venv "$TOOLS_DIR/icalendar" &&
      "$TOOLS_DIR/icalendar/bin/pip" install -q "icalendar==$ICALENDAR_VERSION"
  fi
}

ensure_wrk() {
  if ! command -v wrk >/dev/null; then
    step "installing wrk from Debian"
    as_root apt-get update -qq
    DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq wrk
  fi
}

# systemd-analyze checks deploy/*.service in the tests (Debian's systemd package has it).
ensure_systemd_analyze() {
  if ! command -v systemd-analyze >/dev/null; then
    step "installing systemd (for systemd-analyze verify of deploy/)"
    as_root apt-get update -qq
    DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq systemd
  fi
}

# pg_dump / pg_restore: `linli backup` and `linli restore` on PostgreSQL, and their tests.
ensure_postgres_client() {
  if ! command -v pg_dump >/dev/null || ! command -v pg_restore >/dev/null; then
    step "installing the PostgreSQL client tools"
    as_root apt-get update -qq
    DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq postgresql-client
  fi
}

# wait_healthy <pid> <base url> <log>: waits up to 120 s for /api/v1/health (migrating and
# seeding on a loaded 2-core machine can take a while); a server that exits is reported at once
# with its log.
wait_healthy() {
  for _ in $(seq 1 1200); do
    curl -sf "$2/api/v1/health" > /dev/null 2>&1 && return 0
    kill -0 "$1" 2>/dev/null || break
    sleep 0.1
  done
  echo "server did not start"; cat "$3"; return 1
}

# wait_ready <base url>: waits up to 600 s for /api/v1/ready to answer 200. Alive is not
# ready: the search index is built after the server answers, and a search measured before it
# is ready times the SQL fallback (and the build beside it).
wait_ready() {
  for _ in $(seq 1 2400); do
    [ "$(curl -s -o /dev/null -w '%{http_code}' "$1/api/v1/ready")" = 200 ] && return 0
    sleep 0.25
  done
  return 1
}
