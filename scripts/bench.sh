#!/usr/bin/env bash
# The benchmark (`make bench`): one run, one corpus, one table.
#
#   bash scripts/bench.sh              installs what it needs, builds, measures
#   bash scripts/bench.sh --no-build   skips scripts/setup.sh and the wasm build
#                                      (uses pkg/, or PARSI_PKG=DIR, as it is)
#
# On the raw PerDT train sentences (DATA/ud-perdt/fa_perdt-train-raw-sentences.txt,
# DATA = PARSI_DATA or ../shared/data; PARSI_BENCH_CORPUS=FILE for another text):
#   1. native throughput per stage: criterion (benches/pipeline.rs), short runs;
#   2. the wasm package in Node (bench/node.mjs) and in headless Chromium
#      (bench/chromium.mjs, bench/page/) on the same text;
#   3. hazm and parsivar (bench/peers.py), each from PyPI at the versions pinned
#      in bench/requirements-*.txt, in a virtualenv under bench/.venv-* made with
#      pyenv's Python 3.12.1 (hazm 0.12 needs Python >= 3.12);
#   4. start-up in Chromium and the wasm's size, raw and gzip-compressed;
#   5. peak memory for a 1 MB article, native (one document, and chunk by
#      chunk) and wasm (Node: 1 KB to 10 MB, and 1 MB analysed PARSI_BENCH_REPEATS
#      times, default 100); the command line's per-call cost (--lines against
#      one document) and a stream of PARSI_BENCH_STREAM_BYTES (default 1 GB) of
#      the corpus repeated through `analyze --chunks` (peak RSS, tokens/s);
#   6. scaling: 1 KB, 100 KB, 1 MB and 10 MB articles made by repeating the corpus.
# The Markdown report goes to standard output and target/bench/results.md; the
# raw measurements (JSON) stay in target/bench/.
set -euo pipefail
# shellcheck source=scripts/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

BUILD=1
case "${1:-}" in
  "") ;;
  --no-build) BUILD=0 ;;
  *) die "unknown argument $1 (usage: bench.sh [--no-build])" ;;
esac

T0=$(now)
DATA="$(shared_data)"
CORPUS="${PARSI_BENCH_CORPUS:-$DATA/ud-perdt/fa_perdt-train-raw-sentences.txt}"
[ -f "$CORPUS" ] || die "no benchmark corpus at $CORPUS (set PARSI_DATA to the shared data folder, or PARSI_BENCH_CORPUS to a file)"
CORPUS="$(cd "$(dirname "$CORPUS")" && pwd)/$(basename "$CORPUS")"
export PARSI_BENCH_CORPUS="$CORPUS"

OUT="$REPO_ROOT/target/bench"
TARGET_DIR="${CARGO_TARGET_DIR:-$REPO_ROOT/target}"
export CRITERION_HOME="$OUT/criterion"
PY_VERSION="3.12.1"
PEER_BUDGET="${PARSI_BENCH_PEER_BUDGET:-60}" # seconds per peer measurement
mkdir -p "$OUT"
rm -f "$OUT"/*.json "$OUT"/*.jsonl "$OUT/results.md"
log "bench: corpus $CORPUS ($(wc -c <"$CORPUS") bytes), results in $OUT"

# ---- 0. tools and builds ----------------------------------------------------

if [ "$BUILD" = 1 ]; then
  log "setup (scripts/setup.sh)"
  bash scripts/setup.sh
  log "wasm build (scripts/build-wasm.sh)"
  bash scripts/build-wasm.sh
fi
PKG="${PARSI_PKG:-pkg}"
export PARSI_PKG="$PKG"
for f in "$PKG/nodejs/parsi.js" "$PKG/web/parsi.js" "$PKG/web/parsi_bg.wasm"; do
  [ -f "$f" ] || die "$f is missing: run scripts/build-wasm.sh (or bench.sh without --no-build)"
done

# playwright-core for the Chromium run, at the version pinned in wasm-pack.toml.
cfg check-npm-pin bench/package.json
PW_VERSION="$(cfg tools.playwright-core)"
if [ "$(node -p 'try { require("./bench/node_modules/playwright-core/package.json").version } catch { "" }')" != "$PW_VERSION" ]; then
  log "npm install in bench/ (playwright-core $PW_VERSION)"
  (cd bench && npm install --no-audit --no-fund --no-package-lock --silent)
fi
CHROMIUM="${CHROMIUM:-$(cfg system.chromium)}"
[ -x "$CHROMIUM" ] || die "no Chromium at $CHROMIUM: run scripts/setup.sh"
export CHROMIUM

# The peers' virtualenvs, made again only when their requirements change.
python312() {
  local p
  if command -v pyenv >/dev/null 2>&1; then
    p="$(pyenv prefix "$PY_VERSION" 2>/dev/null || true)"
    [ -n "$p" ] || p="$(pyenv root)/versions/$PY_VERSION"
  else
    p="${PYENV_ROOT:-$HOME/.pyenv}/versions/$PY_VERSION"
  fi
  [ -x "$p/bin/python3" ] || die "Python $PY_VERSION is needed for the peers (hazm 0.12 needs Python >= 3.12) and is not installed under pyenv (looked for $p/bin/python3): install it with \`pyenv install $PY_VERSION\`"
  printf '%s\n' "$p/bin/python3"
}
venv() { # NAME: bench/.venv-NAME from bench/requirements-NAME.txt
  local dir="bench/.venv-$1" req="bench/requirements-$1.txt"
  if [ -x "$dir/bin/python" ] && cmp -s "$req" "$dir/requirements.txt"; then
    log "$dir: up to date"
    return
  fi
  log "making $dir (pip install -r $req)"
  rm -rf "$dir"
  "$(python312)" -m venv "$dir"
  "$dir/bin/python" -m pip install --quiet --disable-pip-version-check --no-deps -r "$req"
  cp "$req" "$dir/requirements.txt"
}
venv hazm
venv parsivar

log "cargo bench --bench pipeline --no-run"
cargo bench --bench pipeline --no-run
BENCH_EXE="$(cargo bench --bench pipeline --no-run --message-format=json 2>/dev/null |
  python3 -c 'import json, sys
for line in sys.stdin:
    m = json.loads(line)
    if m.get("reason") == "compiler-artifact" and m["target"]["name"] == "pipeline" and m.get("executable"):
        print(m["executable"])')"
[ -x "$BENCH_EXE" ] || die "cannot find the pipeline benchmark's executable"
log "benchmark binary: $BENCH_EXE (target dir $TARGET_DIR)"

# ---- 1. inputs ----------------------------------------------------------------

PARSI_BENCH_MODE=info "$BENCH_EXE" >"$OUT/info.json"
python3 bench/report.py articles "$CORPUS" "$OUT/articles" >/dev/null
ARTICLES=("$OUT/articles/1KB.txt" "$OUT/articles/100KB.txt" "$OUT/articles/1MB.txt" "$OUT/articles/10MB.txt")
PEER_ARTICLES=("${ARTICLES[@]:0:3}")

# ---- 2. native --------------------------------------------------------------

t=$(now)
log "native throughput: criterion (warm-up 1 s, measurement 3 s, 10 samples per stage)"
rm -rf "$CRITERION_HOME/native"
"$BENCH_EXE" --bench --warm-up-time 1 --measurement-time 3
python3 bench/report.py criterion "$CRITERION_HOME/native" >"$OUT/criterion.json"
log "native scaling and memory"
PARSI_BENCH_MODE=scaling "$BENCH_EXE" "${ARTICLES[@]}" | tee "$OUT/native-scaling.jsonl"
PARSI_BENCH_MODE=memory "$BENCH_EXE" "$OUT/articles/1MB.txt" | tee "$OUT/native-memory.json"
PARSI_BENCH_MODE=memory-chunks "$BENCH_EXE" "$OUT/articles/1MB.txt" | tee "$OUT/native-memory-chunks.json"
log "command line: per-call cost (--lines vs one document) and a long stream"
cargo build --release -p parsi-tools --bin parsi
PARSI="$TARGET_DIR/release/parsi"
python3 bench/report.py cpu lines 3 "$PARSI" analyze --lines "$CORPUS" | tee "$OUT/cli-cpu.jsonl"
python3 bench/report.py cpu whole 3 "$PARSI" analyze "$CORPUS" | tee -a "$OUT/cli-cpu.jsonl"
SEG='{"pos":false,"entities":false}'
STREAM_BYTES="${PARSI_BENCH_STREAM_BYTES:-1000000000}"
python3 bench/report.py stream seg-10MB "$CORPUS" 10000000 "$SEG" "$PARSI" | tee "$OUT/cli-stream.jsonl"
python3 bench/report.py stream seg-long "$CORPUS" "$STREAM_BYTES" "$SEG" "$PARSI" | tee -a "$OUT/cli-stream.jsonl"
python3 bench/report.py stream default-10MB "$CORPUS" 10000000 '{}' "$PARSI" | tee -a "$OUT/cli-stream.jsonl"
python3 bench/report.py stream default-100MB "$CORPUS" 100000000 '{}' "$PARSI" | tee -a "$OUT/cli-stream.jsonl"
log "native done in $(( $(now) - t ))s"

# ---- 3. wasm: Node and Chromium -------------------------------------------------

t=$(now)
log "wasm in Node: throughput, scaling, memory"
node --expose-gc bench/node.mjs throughput "$CORPUS" 5 | tee "$OUT/node-throughput.json"
node bench/node.mjs scaling "${ARTICLES[@]}" | tee "$OUT/node-scaling.jsonl"
REPEATS="${PARSI_BENCH_REPEATS:-100}"
for a in "${ARTICLES[@]}"; do
  n=1
  [ "$(basename "$a")" = 1MB.txt ] && n="$REPEATS"
  node bench/node.mjs memory "$a" "$n" | tee -a "$OUT/node-memory.jsonl"
done
for f in normalize toConllu searchTokens; do
  node bench/node.mjs memory "$OUT/articles/10MB.txt" 1 '{}' "$f" | tee -a "$OUT/node-memory.jsonl"
done
log "wasm in headless Chromium: start-up (7 fresh loads) and throughput"
node bench/chromium.mjs "$CORPUS" 7 5 | tee "$OUT/chromium.json"
python3 bench/report.py sizes "$PKG/web/parsi_bg.wasm" | tee "$OUT/sizes.json"
log "wasm done in $(( $(now) - t ))s"

# ---- 4. peers ------------------------------------------------------------------

for tool in hazm parsivar; do
  t=$(now)
  log "$tool: throughput (budget ${PEER_BUDGET}s a measurement) and normalizer scaling"
  "bench/.venv-$tool/bin/python" bench/peers.py throughput "$tool" "$CORPUS" --budget "$PEER_BUDGET" |
    tee "$OUT/$tool-throughput.json"
  "bench/.venv-$tool/bin/python" bench/peers.py scaling "$tool" "${PEER_ARTICLES[@]}" --timeout "$PEER_BUDGET" |
    tee "$OUT/$tool-scaling.jsonl"
  log "$tool done in $(( $(now) - t ))s"
done

# ---- 5. the report ------------------------------------------------------------

printf '{"seconds": %d}\n' "$(( $(now) - T0 ))" >"$OUT/elapsed.json"
python3 bench/report.py table "$OUT" "make bench" >"$OUT/results.md"
log "bench done in $(( $(now) - T0 ))s; the report is in $OUT/results.md:"
echo
cat "$OUT/results.md"
