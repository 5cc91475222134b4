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
cargo build --locked -p app --bin linli-ui --features ui,split --target wasm32-unknown-unknown --profile "$profile"

# Pages other than the shell, home and directory are split points (app/src/ui/routes.rs): the
# splitter cuts them out of the linked module into chunks and writes the loader
# (__wasm_split.js) that fetches them; wasm-bindgen then processes the main module only, keeping
# the exports the chunks link against.
split=target/ui-split
out=target/ui-build
rm -rf "$split" "$out" && mkdir -p "$split" "$out"
step "splitting the pages into chunks"
wasm-split-cli --target web --out-name app \
  "$(cargo_target_dir)/wasm32-unknown-unknown/$subdir/linli-ui.wasm" "$split"
wasm-bindgen --target web --no-typescript --keep-lld-exports --out-dir "$out" --out-name app \
  "$split/app.wasm"
for f in "$split"/*; do
  case "$(basename "$f")" in app.wasm) ;; *) cp "$f" "$out/" ;; esac
done

if [ "$mode" = release ]; then
  step "optimising with wasm-opt -Oz"
  # Two at a time (the machines have two cores), the main module first: it takes longest.
  # --low-memory-unused: nothing lives below address 1024 (wasm-ld puts data at 1024 or
  # above, the stack above it), so constant offsets fold into loads and stores — about 1 KB
  # less of the first load after gzip. The toolchain's custom sections are of no use to a
  # browser. (--converge was tried: smaller raw, larger after gzip.)
  ls -S "$out"/*.wasm | xargs -P 2 -I{} end2end/node_modules/.bin/wasm-opt -Oz --low-memory-unused \
    --strip-producers --strip-target-features \
    --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
    --enable-mutable-globals --enable-reference-types --enable-multivalue {} -o {} 2>&1 \
    | { grep -v "unknown name subsection" || true; }
fi

if [ "$mode" = release ]; then
  node scripts/assemble-ui.mjs "$out" dist --minify
else
  node scripts/assemble-ui.mjs "$out" dist
fi
