#!/usr/bin/env bash
# Sentence and token segmentation against the UD dev sets listed in
# wasm-pack.toml [test.eval]; fails when the overall sentence or token F1 is
# below its minimum there.
#
#   bash scripts/eval.sh
#   PARSI_DATA=/path/to/data bash scripts/eval.sh   (default: ../shared/data)
set -euo pipefail
# shellcheck source=scripts/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

# The shared data: PARSI_DATA, or test.data in wasm-pack.toml; a relative path
# is taken from the repository root.
DATA="${PARSI_DATA:-$(cfg test.data)}"
case "$DATA" in
  /*) ;;
  *) DATA="$REPO_ROOT/$DATA" ;;
esac

lines GOLD cfg test.eval.gold
[ "${#GOLD[@]}" -gt 0 ] || die "test.eval.gold lists no file"
ARGS=()
for f in "${GOLD[@]}"; do
  [ -f "$DATA/$f" ] || die "gold file $DATA/$f not found (set PARSI_DATA to the shared data folder)"
  ARGS+=(--gold "$DATA/$f")
done

OUT="$(mktemp)"
trap 'rm -f "$OUT"' EXIT
log "cargo run --release --bin parsi -- eval segment ${ARGS[*]}"
cargo run --release --bin parsi -- eval segment "${ARGS[@]}" | tee "$OUT"
cfg check-eval <"$OUT"
