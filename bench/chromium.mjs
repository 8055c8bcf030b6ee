// The wasm package (pkg/web) in headless Chromium, for scripts/bench.sh.
//
//   node bench/chromium.mjs CORPUS [LOADS] [RUNS]
//
// Serves bench/page/, pkg/web (as /pkg/) and CORPUS (as /corpus.txt) on
// 127.0.0.1 with caching off, then drives /usr/bin/chromium (CHROMIUM=... for
// another) through playwright-core with the flags of tests/e2e/run.mjs:
//   - start-up: LOADS (default 7) page loads, each in a fresh browser context,
//     timing init() to the first analyze result (and from navigation start),
//     each followed by one with prepare() between init() and the first analyze;
//   - throughput: normalize, analyze without POS and entities, and the default
//     analyze over CORPUS, median of RUNS (default 5) after a warm-up run.
// Prints one JSON object.
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '..');
const PKG = path.join(path.resolve(ROOT, process.env.PARSI_PKG || 'pkg'), 'web');
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1',
];
const [corpus, loadsArg, runsArg] = process.argv.slice(2);
const LOADS = Number(loadsArg ?? 7);
const RUNS = Number(runsArg ?? 5);
if (!corpus) {
  console.error('usage: node bench/chromium.mjs CORPUS [LOADS] [RUNS]');
  process.exit(2);
}
for (const f of ['parsi.js', 'parsi_bg.wasm']) {
  if (!fs.existsSync(path.join(PKG, f))) throw new Error(`${path.join(PKG, f)} is missing: run scripts/build-wasm.sh`);
}
const { chromium } = await import('playwright-core');

const FILES = {
  '/': [path.join(HERE, 'page', 'index.html'), 'text/html; charset=utf-8'],
  '/bench.mjs': [path.join(HERE, 'page', 'bench.mjs'), 'text/javascript; charset=utf-8'],
  '/pkg/parsi.js': [path.join(PKG, 'parsi.js'), 'text/javascript; charset=utf-8'],
  '/pkg/parsi_bg.wasm': [path.join(PKG, 'parsi_bg.wasm'), 'application/wasm'],
  '/corpus.txt': [path.resolve(corpus), 'text/plain; charset=utf-8'],
};
// Any other JavaScript under /pkg/: the snippets wasm-bindgen writes next to parsi.js.
function pkgFile(pathname) {
  if (!pathname.startsWith('/pkg/snippets/') || !pathname.endsWith('.js')) return undefined;
  const file = path.resolve(PKG, decodeURIComponent(pathname.slice('/pkg/'.length)));
  if (!file.startsWith(PKG + path.sep) || !fs.existsSync(file)) return undefined;
  return [file, 'text/javascript; charset=utf-8'];
}
const server = http.createServer((req, res) => {
  const pathname = new URL(req.url, 'http://127.0.0.1').pathname;
  const entry = FILES[pathname] ?? pkgFile(pathname);
  if (!entry) {
    res.writeHead(404, { 'Content-Type': 'text/plain' });
    return res.end('not found');
  }
  const [file, type] = entry;
  res.writeHead(200, { 'Content-Type': type, 'Content-Length': fs.statSync(file).size, 'Cache-Control': 'no-store' });
  fs.createReadStream(file).pipe(res);
});
await new Promise((resolve, reject) => {
  server.once('error', reject);
  server.listen(0, '127.0.0.1', resolve);
});
const ORIGIN = `http://127.0.0.1:${server.address().port}`;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
const errors = [];
async function freshPage(query = '') {
  const context = await browser.newContext({ serviceWorkers: 'block' });
  const page = await context.newPage();
  page.on('pageerror', (e) => errors.push(`${e.name}: ${e.message}`));
  page.on('requestfailed', (r) => errors.push(`request failed: ${r.url()}`));
  page.on('response', (r) => r.status() >= 400 && errors.push(`HTTP ${r.status()}: ${r.url()}`));
  page.setDefaultTimeout(300_000);
  await page.goto(ORIGIN + '/' + query, { waitUntil: 'load' });
  await page.waitForFunction(() => document.documentElement.dataset.ready === '1' || window.startup, null, { timeout: 60_000 })
    .catch((e) => {
      throw new Error(`the bench page did not get ready: ${e.message}\n${errors.join('\n')}`);
    });
  return { context, page };
}

try {
  // The loads with prepare() alternate with the plain ones, so that the
  // machine's moods fall on both alike.
  const loads = [];
  const prepared = [];
  for (let i = 0; i < LOADS; i++) {
    for (const [query, into] of [['', loads], ['?prepare', prepared]]) {
      const { context, page } = await freshPage(query);
      into.push(await page.evaluate(() => window.startup));
      await context.close();
    }
  }
  const { context, page } = await freshPage();
  const throughput = await page.evaluate((runs) => window.runThroughput(runs), RUNS);
  await context.close();
  if (errors.length) throw new Error(`page errors:\n${errors.join('\n')}`);
  const medians = (xs, keys) => Object.fromEntries(keys.map((k) => [k, median(xs.map((l) => l[k]))]));
  console.log(
    JSON.stringify({
      browser: browser.version(),
      version: loads[0].version,
      loads: LOADS,
      startup: {
        ...medians(loads, ['initToFirstResultMs', 'navigationToFirstResultMs', 'initMs', 'firstAnalyzeMs', 'wasmFetchMs']),
        all: loads.map((l) => l.initToFirstResultMs),
      },
      // The same loads with prepare() between init() and the first analyze.
      prepared: medians(prepared, ['initMs', 'prepareMs', 'firstAnalyzeMs', 'initToFirstResultMs']),
      throughput,
    }),
  );
} finally {
  await browser.close();
  server.close();
}
