#!/usr/bin/env bash
# The accuracy evaluations, each against a minimum in wasm-pack.toml
# [test.eval]: sentence and token segmentation on the UD dev sets, part of
# speech and lemmas on the held-out part of the dev treebanks (gold tokens
# and end to end), and named entities on PEYMA dev through analyze().
#
#   bash scripts/eval.sh
#   PARSI_DATA=/path/to/data bash scripts/eval.sh   (default: ../shared/data)
set -euo pipefail
# shellcheck source=scripts/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

DATA="$(shared_data)"

# gold_args KEY: fills ARGS with `--gold DATA/FILE` for each file listed at
# KEY in wasm-pack.toml, checking that each exists.
gold_args() {
  local files f
  lines files cfg "$1"
  [ "${#files[@]}" -gt 0 ] || die "$1 lists no file"
  ARGS=()
  for f in "${files[@]}"; do
    [ -f "$DATA/$f" ] || die "gold file $DATA/$f not found (set PARSI_DATA to the shared data folder)"
    ARGS+=(--gold "$DATA/$f")
  done
}

gold_args test.eval.gold
OUT="$(mktemp)"
trap 'rm -f "$OUT"' EXIT
log "cargo run --release --bin parsi -- eval segment ${ARGS[*]}"
cargo run --release --bin parsi -- eval segment "${ARGS[@]}" | tee "$OUT"
cfg check-eval segment <"$OUT"

gold_args test.eval.pos-gold
log "cargo run --release --bin parsi -- eval pos --heldout ${ARGS[*]}"
cargo run --release --bin parsi -- eval pos --heldout "${ARGS[@]}" | tee "$OUT"
cfg check-eval pos <"$OUT"

gold_args test.eval.ner-gold
log "cargo run --release --bin parsi -- eval ner ${ARGS[*]} --format peyma"
cargo run --release --bin parsi -- eval ner "${ARGS[@]}" --format peyma | tee "$OUT"
cfg check-eval ner <"$OUT"
