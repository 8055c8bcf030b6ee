#!/usr/bin/env bash
# Runs every test of the project, in order, and stops at the first failure:
#   setup, rustfmt, clippy, native tests (unit, integration, property, doc),
#   the segmentation evaluation against UD dev data (F1 thresholds), the wasm
#   build, the JS API under Node and headless Chrome (wasm-bindgen-test), the
#   npm package under Node (ESM, CommonJS, web, bundler), the demo page's
#   end-to-end test in headless Chromium and a fuzzing smoke run.
#
#   bash scripts/test.sh
#   PARSI_DATA=/path/to/data bash scripts/test.sh   (default: ../shared/data)
set -euo pipefail
# shellcheck source=scripts/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

T0=$(now)
STEP=""
STEP_NO=0
SUMMARY=()

on_exit() {
  local rc=$?
  if [ "$rc" -ne 0 ] && [ -n "$STEP" ]; then
    printf '\nFAILED: step %d "%s" (exit %d) after %ds\n' "$STEP_NO" "$STEP" "$rc" "$(( $(now) - T0 ))" >&2
  fi
}
trap on_exit EXIT

# step NAME COMMAND...: runs one step; with set -e its failure ends the script.
step() {
  STEP="$1"
  shift
  STEP_NO=$((STEP_NO + 1))
  printf '\n==> [%d] %s\n' "$STEP_NO" "$STEP"
  local t
  t=$(now)
  "$@"
  SUMMARY+=("$(printf '%4ds  %s' "$(( $(now) - t ))" "$STEP")")
}

# test_args KEY: sets TEST_ARGS to `-- CARGO-ARGS --test NAME ...` for the
# tests/NAME.rs files listed under KEY (one crate holds both the Node and the
# browser tests, so each run names its own). CARGO-ARGS, build.cargo-args,
# select the library package alone, as in scripts/build-wasm.sh.
test_args() {
  local names n cargo_args
  lines names cfg "$1"
  [ "${#names[@]}" -gt 0 ] || die "$1 lists no test"
  lines cargo_args cfg get build.cargo-args ""
  TEST_ARGS=(-- "${cargo_args[@]}")
  for n in "${names[@]}"; do
    TEST_ARGS+=(--test "$n")
  done
}

# The shared flags of `wasm-pack test`: --release (when build.profile is
# release) and --mode, one per line.
wasm_test_flags() {
  if [ "$(cfg build.profile)" = release ]; then
    echo --release
  fi
  printf '%s\n' --mode "$(cfg build.mode)"
}

wasm_test_node() {
  local flags
  lines flags wasm_test_flags
  test_args test.node.tests
  wasm-pack test --node "${flags[@]}" "${TEST_ARGS[@]}"
}

wasm_test_browser() {
  local flags browser
  lines flags wasm_test_flags
  test_args test.browser.tests
  browser="$(cfg test.browser.browser)"
  [ "$browser" = chrome ] || die "test.browser.browser: only chrome is set up (got $browser)"
  if [ "$(cfg test.browser.headless)" = true ]; then
    flags+=(--headless)
  fi
  CHROMEDRIVER="$(cfg test.browser.chromedriver)"
  export CHROMEDRIVER
  wasm-pack test "${flags[@]}" --chrome --chromedriver "$CHROMEDRIVER" "${TEST_ARGS[@]}"
}

e2e() {
  local dir run
  dir="$(cfg test.e2e.dir)"
  run="$(cfg test.e2e.run)"
  [ -f "$run" ] || die "$run is missing: the demo end-to-end test must run"
  if [ -f "$dir/package.json" ]; then
    cfg check-npm-pin "$dir/package.json"
    if [ -f "$dir/package-lock.json" ]; then
      (cd "$dir" && npm ci --no-audit --no-fund)
    else
      (cd "$dir" && npm install --no-audit --no-fund --no-package-lock)
    fi
  fi
  node "$run"
}

log "scripts/test.sh in $REPO_ROOT (CI=${CI:-false}, PARSI_DATA=${PARSI_DATA:-$(cfg test.data)})"
step "setup (scripts/setup.sh)" bash scripts/setup.sh
step "cargo fmt --check" cargo fmt --check
step "cargo clippy --all-targets -- -D warnings" cargo clippy --all-targets -- -D warnings
step "cargo test --release (unit, integration, property, doc tests; with the ones that read ../shared/data)" cargo test --release -- --include-ignored
step "evaluations: segmentation, POS/lemma, NER (scripts/eval.sh, with minimums)" bash scripts/eval.sh
step "wasm build (scripts/build-wasm.sh)" bash scripts/build-wasm.sh
step "wasm-bindgen tests in Node.js (wasm-pack test --node)" wasm_test_node
step "wasm-bindgen tests in headless Chrome (wasm-pack test --chrome)" wasm_test_browser
step "npm package under Node.js (tests/npm/run.sh)" bash tests/npm/run.sh
step "demo end-to-end in headless Chromium (tests/e2e/run.mjs)" e2e
step "fuzz smoke run (scripts/fuzz.sh, ${FUZZ_SECONDS:-60}s per target)" bash scripts/fuzz.sh
STEP=""

printf '\n==> scripts/test.sh: all %d steps passed in %ds\n' "$STEP_NO" "$(( $(now) - T0 ))"
printf '    %s\n' "${SUMMARY[@]}"
