# shellcheck shell=bash
# Sourced by the scripts in scripts/: the repository root, PATH, a reader for
# wasm-pack.toml (xtask/) and small logging helpers. Not meant to be run by itself.

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$REPO_ROOT" || exit 1

# Tools installed by `cargo install` go to $CARGO_INSTALL_ROOT/bin or
# $CARGO_HOME/bin; put it first so a freshly installed wasm-pack/wasm-bindgen
# wins over any older copy on PATH.
CARGO_BIN="${CARGO_INSTALL_ROOT:-${CARGO_HOME:-$HOME/.cargo}}/bin"
case ":$PATH:" in
  *":$CARGO_BIN:"*) ;;
  *) export PATH="$CARGO_BIN:$PATH" ;;
esac

log() {
  printf '==> %s\n' "$*"
}

die() {
  printf 'ERROR: %s\n' "$*" >&2
  exit 1
}

# seconds since the epoch, for step timings
now() {
  date +%s
}

# cfg KEY: a value from wasm-pack.toml, and the other commands of xtask/ (see
# `cargo xtask --help`). xtask is built once here, quietly (a no-op when it is
# up to date); each call then runs the binary rather than `cargo xtask`.
command -v cargo >/dev/null 2>&1 || die "cargo is not installed (this project needs a Rust toolchain with rustup)"
XTASK_BIN="$(cargo build -q -p xtask --message-format=json 2>/dev/null |
  sed -n 's/.*"executable":"\([^"]*\)".*/\1/p' | tail -n 1)" || XTASK_BIN=""
if [ -z "$XTASK_BIN" ] || [ ! -x "$XTASK_BIN" ]; then
  cargo build -p xtask >&2 || true # shows why it failed
  die "could not build xtask/, the reader of wasm-pack.toml"
fi
cfg() {
  "$XTASK_BIN" "$@"
}

# npm's global bin folder holds wasm-opt (from the binaryen package); make sure
# it is on PATH when npm puts global binaries somewhere unusual.
if ! command -v wasm-opt >/dev/null 2>&1 && command -v npm >/dev/null 2>&1; then
  NPM_GLOBAL_BIN="$(npm prefix -g 2>/dev/null)/bin"
  case ":$PATH:" in
    *":$NPM_GLOBAL_BIN:"*) ;;
    *) export PATH="$PATH:$NPM_GLOBAL_BIN" ;;
  esac
fi

# lines ARRAY COMMAND...: runs COMMAND and stores its output lines in ARRAY.
# Unlike `mapfile -t ARRAY < <(COMMAND)`, a failing COMMAND fails the script.
lines() {
  local __out
  __out="$("${@:2}")"
  if [ -n "$__out" ]; then
    mapfile -t "$1" <<<"$__out"
  else
    eval "$1=()"
  fi
}

# shared_data: the shared data folder, PARSI_DATA or test.data in
# wasm-pack.toml; a relative path is taken from the repository root.
shared_data() {
  local data="${PARSI_DATA:-$(cfg test.data)}"
  case "$data" in
    /*) printf '%s\n' "$data" ;;
    *) printf '%s\n' "$REPO_ROOT/$data" ;;
  esac
}
