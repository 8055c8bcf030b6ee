# shellcheck shell=bash
# Sourced by the scripts in scripts/: the repository root, PATH, a reader for
# wasm-pack.toml and small logging helpers. Not meant to be run by itself.

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

# cfg KEY: a value from wasm-pack.toml (see scripts/wasm-config.py --help).
cfg() {
  python3 "$REPO_ROOT/scripts/wasm-config.py" "$@"
}

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
