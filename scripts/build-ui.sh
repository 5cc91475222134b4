#!/usr/bin/env bash
# Builds the web app into dist/: wasm (size-optimised), its JS glue, CSS and static files,
# with content-hashed names and .br/.gz copies. Works offline: no tool is downloaded.
#
#   scripts/build-ui.sh          release build (opt-level z, LTO, wasm-opt -Oz)
#   scripts/build-ui.sh --dev    fast debug build for the development loop
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh

mode=release
[ "${1:-}" = "--dev" ] && mode=dev

ensure_wasm_toolchain
ensure_node_modules

profile=wasm-release
subdir=wasm-release
if [ "$mode" = dev ]; then profile=dev; subdir=debug; fi

step "compiling the app to WebAssembly ($mode)"
cargo build --locked -p app --bin linli-ui --features ui --target wasm32-unknown-unknown --profile "$profile"

out=target/ui-build
rm -rf "$out" && mkdir -p "$out"
wasm-bindgen --target web --no-typescript --out-dir "$out" --out-name app \
  "$(cargo_target_dir)/wasm32-unknown-unknown/$subdir/linli-ui.wasm"

if [ "$mode" = release ]; then
  step "optimising with wasm-opt -Oz"
  end2end/node_modules/.bin/wasm-opt -Oz \
    --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
    --enable-mutable-globals --enable-reference-types --enable-multivalue \
    "$out/app_bg.wasm" -o "$out/app_bg.wasm"
fi

node scripts/assemble-ui.mjs "$out" dist
