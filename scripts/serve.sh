#!/usr/bin/env bash
# Installs the toolchain (if needed), builds the wasm package and serves the demo
# page in www/ on 127.0.0.1 (with `cargo xtask serve`).
#
#   bash scripts/serve.sh                  http://127.0.0.1:8080/
#   PORT=9000 bash scripts/serve.sh        another port
#   SKIP_BUILD=1 bash scripts/serve.sh     serve what is already built
set -euo pipefail
# shellcheck source=scripts/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

if [ "${SKIP_BUILD:-0}" != 1 ]; then
  bash scripts/setup.sh
  bash scripts/build-wasm.sh
fi

HOST="$(cfg demo.host)"
PORT="${PORT:-$(cfg demo.port)}"
DIR="$(cfg demo.dir)"
[ -f "$DIR/index.html" ] || die "$DIR/index.html is missing"
[ -d "$(cfg demo.to)" ] || die "$(cfg demo.to) is missing: run scripts/build-wasm.sh"

# xtask's small static server (xtask/src/serve.rs): GET and HEAD, .wasm as
# application/wasm, no caching, loopback addresses only. It prints
# "serving DIR at http://HOST:PORT/" and then one line per request.
log "xtask serve $DIR $HOST $PORT (Ctrl-C stops)"
exec "$XTASK_BIN" serve "$DIR" "$HOST" "$PORT"
