#!/usr/bin/env bash
# Packs the assembled npm package (pkg/npm) with `npm pack`, installs the tarball
# into a scratch project (no registry needed: it has no dependencies) and runs the
# consumer scripts against it: Node ES modules, CommonJS, the web build and the
# bundler build. Then, in a second scratch project with the tarball and the tools
# pinned in wasm-pack.toml [test.npm] (installed from the npm registry, no lockfile):
#   - `tsc --noEmit --strict` on tests/npm/typescript/example.ts, and no `any`
#     in the package's .d.ts files;
#   - tests/npm/search/minisearch.mjs: searchTokens as MiniSearch's tokenizer
#     (MiniSearch at test.npm.minisearch);
#   - `vite build` of tests/npm/vite/ (parsi/web and parsi/worker, no plugin),
#     served on 127.0.0.1 and checked in headless Chromium (tests/npm/vite/check.mjs).
# Run scripts/build-wasm.sh first.
#
#   bash tests/npm/run.sh                 (SKIP_TOOLS=1: the Node consumers only)
set -euo pipefail
# shellcheck source=scripts/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/../../scripts/common.sh"

NPM_DIR="$REPO_ROOT/$(cfg npm.out-dir)"
[ -f "$NPM_DIR/package.json" ] || die "$NPM_DIR/package.json is missing: run scripts/build-wasm.sh"

WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

log "npm pack --dry-run $NPM_DIR"
(cd "$NPM_DIR" && npm pack --dry-run --json 2>/dev/null) >"$WORK/dry-run.json"
# shellcheck disable=SC2016  # JavaScript, not shell, inside the quotes
node -e '
  const [entry] = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
  const files = entry.files.map((f) => f.path);
  const want = ["package.json", "README.md", "LICENSE", "web/worker-client.mjs", "web/worker-client.d.ts",
    "web/worker.mjs", ...["web", "bundler", "nodejs"].flatMap((d) => [`${d}/parsi.js`, `${d}/parsi.d.ts`, `${d}/parsi_bg.wasm`])];
  const missing = want.filter((f) => !files.includes(f));
  if (missing.length) { console.error(`npm pack --dry-run: missing ${missing.join(", ")}`); process.exit(1); }
  console.log(`    ${entry.name}@${entry.version}: ${files.length} files, ${entry.size} bytes packed, ${entry.unpackedSize} unpacked`);
' "$WORK/dry-run.json"

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

[ "${SKIP_TOOLS:-0}" = 1 ] && { log "SKIP_TOOLS=1: TypeScript and Vite checks skipped"; exit 0; }

# The tools' scratch project: the tarball, TypeScript, Vite, MiniSearch and playwright-core.
TS_VERSION="$(cfg test.npm.typescript)"
VITE_VERSION="$(cfg test.npm.vite)"
MINISEARCH_VERSION="$(cfg test.npm.minisearch)"
PW_VERSION="$(cfg tools.playwright-core)"
TOOLS="$WORK/tools"
mkdir "$TOOLS"
printf '{ "name": "parsi-npm-tools", "private": true, "version": "0.0.0", "type": "module" }\n' >"$TOOLS/package.json"
log "npm install typescript@$TS_VERSION vite@$VITE_VERSION minisearch@$MINISEARCH_VERSION playwright-core@$PW_VERSION and the tarball"
t=$(now)
(cd "$TOOLS" && npm install --no-audit --no-fund --no-package-lock --prefer-offline --silent \
  "$WORK/$TARBALL" "typescript@$TS_VERSION" "vite@$VITE_VERSION" "minisearch@$MINISEARCH_VERSION" \
  "playwright-core@$PW_VERSION")
log "installed in $(( $(now) - t ))s"

# No `any` in the public declarations (comments aside).
log "no 'any' in the package's .d.ts files"
find "$TOOLS/node_modules/parsi" -name '*.d.ts' | sort >"$WORK/dts.txt"
[ -s "$WORK/dts.txt" ] || die "no .d.ts file in the installed package"
node - "$WORK/dts.txt" <<'JS'
const fs = require("fs");
// \b of a Unicode regex (a word character: a letter, a digit or "_"), and
// lines split and stripped as Python does (this check was a Python script).
const word = "[\\p{L}\\p{N}_]";
const anyWord = new RegExp(`(?<!${word})any(?!${word})`, "u");
const splitlines = (s) => {
  const lines = s.split(/\r\n|[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]/);
  if (lines.at(-1) === "") lines.pop();
  return lines;
};
const strip = (s) => s.replace(/^[\s\x1c-\x1f]+|[\s\x1c-\x1f]+$/g, "");
let total = 0;
for (const path of fs.readFileSync(process.argv[2], "utf8").split(/\s+/).filter(Boolean)) {
  const src = fs.readFileSync(path, "utf8").replace(/\r\n?/g, "\n");
  // Blank out comments (keeping line numbers), then look for the word.
  const code = src
    .replace(/\/\*[\s\S]*?\*\//g, (m) => m.replace(/[^\n]/g, " "))
    .replace(/\/\/[^\n]*/g, "");
  const bad = [];
  splitlines(code).forEach((line, i) => { if (anyWord.test(line)) bad.push(i + 1); });
  const srcLines = splitlines(src);
  for (const n of bad) console.log(`ERROR: ${path}:${n}: ${strip(srcLines[n - 1])}`);
  console.log(`    ${path.split("/node_modules/").at(-1)}: ` + (bad.length ? `${bad.length} line(s) with any` : "no any"));
  total += bad.length;
}
process.exitCode = total ? 1 : 0;
JS

log "tsc --noEmit --strict tests/npm/typescript/example.ts (typescript $TS_VERSION)"
cp -R "$REPO_ROOT/tests/npm/typescript" "$TOOLS/typescript"
(cd "$TOOLS" && node_modules/.bin/tsc -p typescript --noEmit --strict)
echo "npm typescript: example.ts compiles with --strict (moduleResolution Bundler)"
(cd "$TOOLS" && node_modules/.bin/tsc -p typescript/tsconfig.node.json --noEmit --strict)
echo "npm typescript: example.ts compiles with --strict (moduleResolution NodeNext)"

log "node search/minisearch.mjs: searchTokens as MiniSearch's tokenizer (minisearch $MINISEARCH_VERSION)"
cp -R "$REPO_ROOT/tests/npm/search" "$TOOLS/search"
(cd "$TOOLS" && node search/minisearch.mjs)

log "vite build tests/npm/vite (vite $VITE_VERSION, no plugin)"
cp -R "$REPO_ROOT/tests/npm/vite" "$TOOLS/vite"
(cd "$TOOLS/vite" && ../node_modules/.bin/vite build --logLevel warn)
log "node check.mjs: the built page in headless Chromium"
(cd "$TOOLS/vite" && node check.mjs dist)
