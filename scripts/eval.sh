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
cfg check-eval segment <"$OUT"

lines POS_GOLD cfg test.eval.pos-gold
ARGS=()
for f in "${POS_GOLD[@]}"; do
  [ -f "$DATA/$f" ] || die "gold file $DATA/$f not found (set PARSI_DATA to the shared data folder)"
  ARGS+=(--gold "$DATA/$f")
done
log "cargo run --release --bin parsi -- eval pos --heldout ${ARGS[*]}"
cargo run --release --bin parsi -- eval pos --heldout "${ARGS[@]}" | tee "$OUT"
cfg check-eval pos <"$OUT"

NER_GOLD="$DATA/$(cfg test.eval.ner-gold)"
[ -f "$NER_GOLD" ] || die "gold file $NER_GOLD not found (set PARSI_DATA to the shared data folder)"
log "cargo run --release --bin parsi -- eval ner --gold $NER_GOLD --format peyma"
cargo run --release --bin parsi -- eval ner --gold "$NER_GOLD" --format peyma | tee "$OUT"
cfg check-eval ner <"$OUT"
