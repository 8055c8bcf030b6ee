#!/usr/bin/env bash
# Installs everything the wasm build and its tests need, at the versions pinned in
# wasm-pack.toml, from package registries only (Rust crates, npm, Debian). It is
# idempotent: each tool is installed only when it is missing or has another
# version, so a second run takes seconds.
#
#   bash scripts/setup.sh
set -euo pipefail
# shellcheck source=scripts/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

T0=$(now)

# The first word after the tool's name in `TOOL --version`, or nothing when the
# tool is not installed.
version_of() {
  command -v "$1" >/dev/null 2>&1 || return 0
  { "$1" --version 2>/dev/null || true; } | awk 'NR == 1 {print $2}'
}

as_root() {
  if [ "$(id -u)" -eq 0 ]; then
    "$@"
  elif command -v sudo >/dev/null 2>&1; then
    sudo "$@"
  else
    die "need root for: $*"
  fi
}

APT_UPDATED=0
apt_install() {
  if [ "$APT_UPDATED" -eq 0 ]; then
    log "apt-get update"
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update
    APT_UPDATED=1
  fi
  log "apt-get install -y --no-install-recommends $*"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "$@"
}

WASM_PACK_V="$(cfg tools.wasm-pack)"
BINDGEN_V="$(cfg tools.wasm-bindgen-cli)"
BINARYEN_V="$(cfg tools.binaryen)"
CHROMIUM="$(cfg system.chromium)"
CHROMEDRIVER="$(cfg test.browser.chromedriver)"

log "setup: wasm-pack $WASM_PACK_V, wasm-bindgen-cli $BINDGEN_V, binaryen $BINARYEN_V (from wasm-pack.toml)"

# 0. The pinned wasm-bindgen-cli must match Cargo.lock, or wasm-pack would try a download.
cfg check-lock

# 1. Rust's wasm target.
command -v cargo >/dev/null 2>&1 || die "cargo is not installed (this project needs a Rust toolchain with rustup)"
if rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
  log "rust target wasm32-unknown-unknown: present"
else
  log "rustup target add wasm32-unknown-unknown"
  rustup target add wasm32-unknown-unknown
fi

# 2. wasm-pack and wasm-bindgen-cli from the Rust crate registry. No --locked: wasm-bindgen-cli's
#    lockfile pins a crate version the registry here lacks. --force replaces a
#    copy of another version.
cargo_install() { # CRATE VERSION
  local t
  t=$(now)
  log "cargo install $1 --version $2 (takes a few minutes)"
  cargo install "$1" --version "$2" --force
  log "installed $1 $2 in $(( $(now) - t ))s"
}

have="$(version_of wasm-pack)"
if [ "$have" = "$WASM_PACK_V" ]; then
  log "wasm-pack $have: present"
else
  log "wasm-pack: found '${have:-none}', want $WASM_PACK_V"
  cargo_install wasm-pack "$WASM_PACK_V"
fi

have="$(version_of wasm-bindgen)"
have_runner="$(version_of wasm-bindgen-test-runner)"
if [ "$have" = "$BINDGEN_V" ] && [ "$have_runner" = "$BINDGEN_V" ]; then
  log "wasm-bindgen $have (and wasm-bindgen-test-runner): present"
else
  log "wasm-bindgen: found '${have:-none}' (test runner '${have_runner:-none}'), want $BINDGEN_V"
  cargo_install wasm-bindgen-cli "$BINDGEN_V"
fi

# 3. Node.js and npm (for wasm-opt, the npm package checks and the e2e test).
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  apt_install nodejs npm
fi
log "node $(node --version), npm $(npm --version): present"

# 4. wasm-opt from npm's binaryen (Debian's binaryen 108 builds modules that fail to load).
want_major="${BINARYEN_V%%.*}"
have="$(wasm-opt --version 2>/dev/null | sed -n 's/.*version[ _]\([0-9][0-9]*\).*/\1/p' | head -n 1 || true)"
if [ "$have" = "$want_major" ]; then
  log "wasm-opt version $have (binaryen $BINARYEN_V): present"
else
  log "wasm-opt: found '${have:-none}', want $want_major"
  log "npm install -g binaryen@$BINARYEN_V"
  npm install -g --no-audit --no-fund "binaryen@$BINARYEN_V"
  NPM_GLOBAL_BIN="$(npm prefix -g)/bin"
  case ":$PATH:" in *":$NPM_GLOBAL_BIN:"*) ;; *) export PATH="$PATH:$NPM_GLOBAL_BIN" ;; esac
  have="$(wasm-opt --version 2>/dev/null | sed -n 's/.*version[ _]\([0-9][0-9]*\).*/\1/p' | head -n 1 || true)"
  [ "$have" = "$want_major" ] || die "wasm-opt on PATH is '${have:-none}' after installing binaryen@$BINARYEN_V: $(command -v wasm-opt || echo 'not found')"
fi

# 5. Chromium and its driver from Debian (same release, so their versions match).
if [ -x "$CHROMIUM" ] && [ -x "$CHROMEDRIVER" ]; then
  log "$CHROMIUM and $CHROMEDRIVER: present"
else
  log "$CHROMIUM or $CHROMEDRIVER is missing"
  lines APT_PACKAGES cfg system.apt
  apt_install "${APT_PACKAGES[@]}"
fi
[ -x "$CHROMIUM" ] || die "$CHROMIUM is still missing"
[ -x "$CHROMEDRIVER" ] || die "$CHROMEDRIVER is still missing"

# Final check: every tool answers with the pinned version.
[ "$(version_of wasm-pack)" = "$WASM_PACK_V" ] || die "wasm-pack on PATH is not $WASM_PACK_V: $(command -v wasm-pack)"
[ "$(version_of wasm-bindgen)" = "$BINDGEN_V" ] || die "wasm-bindgen on PATH is not $BINDGEN_V: $(command -v wasm-bindgen)"
log "versions:"
printf '    %-26s %s\n' \
  "rustc" "$(rustc --version)" \
  "wasm-pack" "$(wasm-pack --version 2>/dev/null)" \
  "wasm-bindgen" "$(wasm-bindgen --version)" \
  "wasm-bindgen-test-runner" "$(wasm-bindgen-test-runner --version)" \
  "wasm-opt" "$(wasm-opt --version)" \
  "node" "$(node --version)" \
  "chromium" "$("$CHROMIUM" --version 2>/dev/null || echo '?')" \
  "chromedriver" "$("$CHROMEDRIVER" --version 2>/dev/null || echo '?')"
log "setup done in $(( $(now) - T0 ))s"
