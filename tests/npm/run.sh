#!/usr/bin/env bash
# Packs the assembled npm package (pkg/npm) with `npm pack`, installs the tarball
# into a scratch project (no registry needed: it has no dependencies) and runs the
# consumer scripts against it: Node ES modules, CommonJS, the web build and the
# bundler build. Run scripts/build-wasm.sh first.
#
#   bash tests/npm/run.sh
set -euo pipefail
# shellcheck source=scripts/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/../../scripts/common.sh"

NPM_DIR="$REPO_ROOT/$(cfg npm.out-dir)"
[ -f "$NPM_DIR/package.json" ] || die "$NPM_DIR/package.json is missing: run scripts/build-wasm.sh"

WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

log "npm pack $NPM_DIR"
TARBALL="$(cd "$NPM_DIR" && npm pack --silent --pack-destination "$WORK" | tail -n 1)"
[ -f "$WORK/$TARBALL" ] || die "npm pack made no tarball"
log "packed $TARBALL ($(wc -c <"$WORK/$TARBALL") bytes):"
tar -tzf "$WORK/$TARBALL" | sort | sed 's/^/    /'

mkdir "$WORK/consumer"
printf '{ "name": "parsi-npm-consumer", "private": true, "version": "0.0.0" }\n' >"$WORK/consumer/package.json"
(cd "$WORK/consumer" && npm install --offline --no-audit --no-fund --no-package-lock --silent "$WORK/$TARBALL")
cp "$REPO_ROOT"/tests/npm/*.mjs "$REPO_ROOT"/tests/npm/*.cjs "$WORK/consumer/"

cd "$WORK/consumer"
lines SCRIPTS cfg test.npm.scripts
for s in "${SCRIPTS[@]}"; do
  name="$(basename "$s")"
  case "$name" in
    bundler.mjs) flags=(--experimental-wasm-modules --no-warnings) ;;
    *) flags=() ;;
  esac
  log "node ${flags[*]:+${flags[*]} }$name"
  node "${flags[@]}" "$name"
done
