#!/usr/bin/env bash
# Builds the WebAssembly package for every [[target]] in wasm-pack.toml, assembles
# the npm package (pkg/npm) and copies the web build into the demo (www/pkg).
#
#   bash scripts/build-wasm.sh                  (run scripts/setup.sh once before)
#   bash scripts/build-wasm.sh --assemble-only  steps 2-4 only, from the existing
#                                               builds (after editing js/ or [npm])
set -euo pipefail
# shellcheck source=scripts/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

ASSEMBLE_ONLY=0
case "${1:-}" in
  "") ;;
  --assemble-only) ASSEMBLE_ONLY=1 ;;
  *) die "unknown argument $1 (usage: build-wasm.sh [--assemble-only])" ;;
esac

T0=$(now)
lines BUILD_ARGS cfg build-args
# Cargo's arguments after `--` (build.cargo-args: the library package alone).
lines CARGO_ARGS cfg get build.cargo-args ""
lines TARGETS cfg targets
STEM="$(cfg file-stem)"

# 1. One wasm-pack build per target. After the first, cargo's build is cached and
#    only wasm-bindgen and wasm-opt run again.
if [ "$ASSEMBLE_ONLY" = 0 ]; then
  cfg check-lock
  command -v wasm-pack >/dev/null 2>&1 || die "wasm-pack is not installed: run scripts/setup.sh"
  for line in "${TARGETS[@]}"; do
    read -r target out_dir <<<"$line"
    t=$(now)
    log "wasm-pack build ${BUILD_ARGS[*]} --target $target --out-dir $out_dir -- ${CARGO_ARGS[*]}"
    wasm-pack build "${BUILD_ARGS[@]}" --target "$target" --out-dir "$out_dir" -- "${CARGO_ARGS[@]}"
    [ -f "$out_dir/${STEM}_bg.wasm" ] || die "$out_dir/${STEM}_bg.wasm was not built"
    log "built $target in $(( $(now) - t ))s"
  done
else
  for line in "${TARGETS[@]}"; do
    read -r target out_dir <<<"$line"
    [ -f "$out_dir/${STEM}_bg.wasm" ] || die "$out_dir/${STEM}_bg.wasm is missing: run scripts/build-wasm.sh without --assemble-only"
  done
  log "--assemble-only: using the builds in place"
fi

# wasm-bindgen writes inline JavaScript snippets (the Rust side's
# `#[wasm_bindgen(inline_js = ...)]`) as ES modules, which the CommonJS
# build for Node cannot require(): there they become CommonJS (idempotent).
for line in "${TARGETS[@]}"; do
  read -r target out_dir <<<"$line"
  [ "$target" = nodejs ] || continue
  while IFS= read -r -d '' f; do
    names="$(sed -nE 's/^export function ([A-Za-z0-9_$]+).*/\1/p' "$f")"
    [ -n "$names" ] || continue
    sed -i -E 's/^export function /function /' "$f"
    for n in $names; do
      printf 'module.exports.%s = %s;\n' "$n" "$n" >>"$f"
    done
    log "$f: made CommonJS"
  done < <(find "$out_dir" -path '*/snippets/*' -name '*.js' -print0)
done

# 2. The npm package: every build in a folder named after its target, each with a
#    small package.json giving its module type, and one package.json whose
#    conditional exports choose between them (see wasm-pack.toml [npm]).
NPM_DIR="$(cfg npm.out-dir)"
log "assembling the npm package in $NPM_DIR"
rm -rf "$NPM_DIR"
mkdir -p "$NPM_DIR"
for line in "${TARGETS[@]}"; do
  read -r target out_dir <<<"$line"
  mkdir -p "$NPM_DIR/$target"
  # The generated package.json, README, LICENSE and .gitignore (which holds "*"
  # and would hide the folder from `npm pack`) stay behind.
  find "$out_dir" -mindepth 1 -maxdepth 1 \
    ! -name package.json ! -name .gitignore ! -name 'README*' ! -name 'LICENSE*' \
    -exec cp -R {} "$NPM_DIR/$target/" \;
  cfg subdir-package-json "$target" >"$NPM_DIR/$target/package.json"
done
# The hand-written modules (the worker helper) go next to the web build they import.
lines WEB_FILES cfg get npm.web-files ""
for f in "${WEB_FILES[@]}"; do
  [ -f "$f" ] || die "npm.web-files: $f is missing"
  cp "$f" "$NPM_DIR/web/"
done
# No `any` in the package's declarations (see `cargo xtask --help`, dts-no-any).
cfg dts-no-any "$NPM_DIR" | tail -n 1 | sed 's/^/    /'
cfg package-json >"$NPM_DIR/package.json"
README_SRC="$(cfg get npm.readme README.md)"
if [ -f "$README_SRC" ]; then
  cp "$README_SRC" "$NPM_DIR/README.md"
fi
lines EXTRA cfg npm.extra-files
for f in "${EXTRA[@]}"; do
  if [ -f "$f" ]; then
    cp "$f" "$NPM_DIR/"
  fi
done
log "$NPM_DIR: $(cfg json-get "$NPM_DIR/package.json" name version | paste -sd ' ' -)"

# 3. The demo page loads the web build from www/pkg, with the worker helper's
#    modules (npm.web-files, .mjs only) beside it, as in the package's web/.
DEMO_FROM="$(cfg demo.from)"
DEMO_TO="$(cfg demo.to)"
log "copying $DEMO_FROM and the worker helper to $DEMO_TO"
rm -rf "$DEMO_TO"
mkdir -p "$(dirname "$DEMO_TO")"
cp -R "$DEMO_FROM" "$DEMO_TO"
for f in "${WEB_FILES[@]}"; do
  case "$f" in
    *.mjs) cp "$f" "$DEMO_TO/" ;;
  esac
done

# 4. Sizes: what a browser downloads, raw and gzip-compressed.
log "wasm sizes (bytes):"
printf '    %-34s %10s %10s\n' "file" "raw" "gzip -9"
for line in "${TARGETS[@]}"; do
  read -r target out_dir <<<"$line"
  f="$out_dir/${STEM}_bg.wasm"
  printf '    %-34s %10d %10d\n' "$f" "$(wc -c <"$f")" "$(gzip -9 -c "$f" | wc -c)"
done
log "build-wasm done in $(( $(now) - T0 ))s"
