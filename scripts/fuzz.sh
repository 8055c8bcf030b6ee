#!/usr/bin/env bash
# Runs each cargo-fuzz (libFuzzer) target for FUZZ_SECONDS seconds (default 60),
# starting from the committed seeds in fuzz/seeds (fuzz/seeds-TARGET if present). Installs the nightly
# toolchain and cargo-fuzz from the registries when they are missing. A finding
# (a panic or a broken invariant) makes it exit non-zero and leaves the input in
# fuzz/artifacts/TARGET/.
#
#   bash scripts/fuzz.sh                 # every target, 60 s each
#   FUZZ_SECONDS=600 bash scripts/fuzz.sh analyze
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

CARGO_FUZZ_VERSION="0.13.2"
SECONDS_PER_TARGET="${FUZZ_SECONDS:-60}"
TARGETS=("$@")
if [ "${#TARGETS[@]}" -eq 0 ]; then
  TARGETS=(normalize analyze model)
fi

if ! rustup run nightly rustc --version >/dev/null 2>&1; then
  echo "==> installing the nightly toolchain (rustup, minimal profile)"
  rustup toolchain install nightly --profile minimal
fi
if [ "$(cargo fuzz --version 2>/dev/null | awk '{print $2}')" != "$CARGO_FUZZ_VERSION" ]; then
  echo "==> cargo install cargo-fuzz --version $CARGO_FUZZ_VERSION"
  cargo install cargo-fuzz --version "$CARGO_FUZZ_VERSION"
fi

for t in "${TARGETS[@]}"; do
  mkdir -p "fuzz/corpus/$t"
  seeds=fuzz/seeds
  if [ -d "fuzz/seeds-$t" ]; then
    seeds="fuzz/seeds-$t"
  fi
  cp "$seeds"/* "fuzz/corpus/$t/"
  echo "==> fuzzing $t for ${SECONDS_PER_TARGET}s"
  start=$(date +%s)
  log="fuzz/corpus/$t.log"
  if cargo +nightly fuzz run "$t" "fuzz/corpus/$t" -- \
    -max_total_time="$SECONDS_PER_TARGET" -max_len=4096 -timeout=10 -rss_limit_mb=4096 -print_final_stats=1 >"$log" 2>&1; then
    rc=0
  else
    rc=$?
  fi
  # libFuzzer's summary and any finding; the whole output is in $log.
  grep -E '^(#[0-9]+.*(DONE|INITED)|stat::number_of_executed_units|stat::peak_rss_mb|==[0-9]+==|SUMMARY|thread .* panicked|.*Test unit written)' "$log" || true
  if [ "$rc" -ne 0 ]; then
    echo "FAILED: fuzz target $t found a problem (exit $rc); see fuzz/artifacts/$t/" >&2
    exit "$rc"
  fi
  echo "==> $t: ran clean for $(( $(date +%s) - start ))s (including the build)"
done
