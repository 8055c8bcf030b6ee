#!/usr/bin/env node
// Serves a Vite build (dist/ of this folder's page) on 127.0.0.1, loads it in
// headless Chromium through playwright-core and checks what main.js reports:
// parsi/web ran on the main thread and parsi/worker in a worker, offsets slice
// the input, and cancellation, errors and terminate() behave as documented.
// tests/npm/run.sh runs it in a scratch project after `vite build`.
//
//   node check.mjs [DIST]      (CHROMIUM=/path/to/chromium to use another browser)

import http from 'node:http';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';

const DIST = path.resolve(process.argv[2] ?? 'dist');
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const MIME = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm',
};

const served = [];
const server = http.createServer((req, res) => {
  let pathname = decodeURIComponent(new URL(req.url, 'http://127.0.0.1').pathname);
  if (pathname.endsWith('/')) pathname += 'index.html';
  const file = path.resolve(DIST, '.' + pathname);
  const inside = file.startsWith(DIST + path.sep);
  const ok = inside && fs.existsSync(file) && fs.statSync(file).isFile();
  served.push(`${ok ? 200 : 404} ${pathname}`);
  if (!ok) {
    res.writeHead(404, { 'Content-Type': 'text/plain' });
    return res.end('not found');
  }
  res.writeHead(200, { 'Content-Type': MIME[path.extname(file)] ?? 'application/octet-stream', 'Cache-Control': 'no-store' });
  fs.createReadStream(file).pipe(res);
});
await new Promise((resolve, reject) => {
  server.once('error', reject);
  server.listen(0, '127.0.0.1', resolve);
});
const ORIGIN = `http://127.0.0.1:${server.address().port}`;

let passed = 0;
function check(name, fn) {
  fn();
  passed += 1;
  console.log(`  ok vite: ${name}`);
}

const profile = await fsp.mkdtemp(path.join(os.tmpdir(), 'parsi-vite-'));
let context;
let result;
const problems = [];
try {
  context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
      '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1',
    ],
  });
  context.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') problems.push(`console ${m.type()}: ${m.text()}`);
  });
  context.on('request', (r) => {
    if (!r.url().startsWith(ORIGIN + '/')) problems.push(`request outside the test server: ${r.url()}`);
  });
  const page = context.pages()[0] ?? (await context.newPage());
  page.on('pageerror', (e) => problems.push(`page error: ${e.name}: ${e.message}`));
  await page.goto(ORIGIN + '/', { waitUntil: 'load' });
  await page.waitForFunction(() => document.documentElement.dataset.result !== undefined, null, { timeout: 60_000 });
  result = JSON.parse(await page.evaluate(() => document.documentElement.dataset.result));
} finally {
  await context?.close().catch(() => {});
  server.close();
  await fsp.rm(profile, { recursive: true, force: true }).catch(() => {});
}

const r = result;
check('the page ran to the end', () => assert.equal(r.error, undefined, r.error));
check('parsi/web on the main thread: offsets slice the input', () => {
  assert.match(r.main.version, /^\d+\.\d+\.\d+/);
  assert.equal(r.main.sentences, 4);
  assert.ok(r.main.tokens > 10);
  assert.equal(r.main.slices, true);
  assert.ok(!/[يك]/.test(r.main.normalized));
});
check('parsi/worker: ready() gives the version; analyze gives the same document', () => {
  assert.equal(r.workerVersion, r.main.version);
  assert.equal(r.worker.id, 1);
  assert.equal(r.worker.slices, true);
  assert.equal(r.worker.sameAsMain, true);
});
check('parsi/worker: call() gives id, value and time', () => {
  assert.deepEqual(r.call, { id: 2, value: '۱۲۳', msIsNumber: true });
});
check('parsi/worker: cancelPrevious cancels the running call (AbortError), the newer one answers', () => {
  assert.equal(r.cancel.old.ok, false);
  assert.equal(r.cancel.old.name, 'AbortError');
  assert.equal(r.cancel.newer.ok, true);
  assert.ok(r.cancel.newer.value > 10);
  assert.ok(r.cancel.ids[1] > r.cancel.ids[0]);
});
check('parsi/worker: an AbortSignal and call.cancel() reject with AbortError', () => {
  assert.equal(r.abort.signal.name, 'AbortError');
  assert.equal(r.abort.cancel.name, 'AbortError');
});
check('parsi/worker: a bad option rejects with a TypeError; the worker keeps working', () => {
  assert.equal(r.typeError.ok, false);
  assert.equal(r.typeError.name, 'TypeError');
  assert.match(r.typeError.message, /^parsi\.analyze: unknown option options\.normalise/);
  assert.equal(r.afterErrors.ok, true);
});
check('parsi/worker: searchTokens and toConllu as on the main thread', () => {
  assert.equal(r.searchConllu.search, true);
  assert.equal(r.searchConllu.conllu, true);
  assert.ok(r.searchConllu.terms.includes('کتاب'), r.searchConllu.terms.join(' '));
});
check('parsi/worker: a dictionary applies to every call; a bad one rejects with its TypeError', () => {
  assert.deepEqual(r.dictionary.entities, [['LOC', 'کافه نادري', 1]]);
  assert.equal(r.dictionary.sameAsMain, true);
  assert.equal(r.dictionary.normalized, 'پیش\u200cنمایش');
  for (const o of [r.badDictionary.ready, r.badDictionary.call]) {
    assert.equal(o.ok, false);
    assert.equal(o.name, 'TypeError');
    assert.match(o.message, /^parsi\.createAnalyzer: invalid dictionary: .*NOPE/);
  }
});
check('parsi/worker: prepare builds before ready(), same results; bad prepare options reject with their TypeError', () => {
  assert.equal(r.prepare.version, r.main.version);
  assert.equal(r.prepare.sameAsMain, true);
  assert.equal(r.prepare.segmentation, true);
  for (const o of [r.badPrepare.ready, r.badPrepare.call]) {
    assert.equal(o.ok, false);
    assert.equal(o.name, 'TypeError');
    assert.match(o.message, /^parsi\.prepare: unknown option options\.entity/);
  }
  assert.equal(r.prepareNotAnOption.threw, true);
  assert.equal(r.prepareNotAnOption.name, 'TypeError');
  assert.match(r.prepareNotAnOption.message, /^createParsiWorker: prepare must be/);
});
check('parsi/worker: terminate() rejects pending and later calls (ParsiWorkerError "terminated")', () => {
  for (const o of [r.terminated.pending, r.terminated.later]) {
    assert.equal(o.ok, false);
    assert.equal(o.isParsiWorkerError, true);
    assert.equal(o.code, 'terminated');
  }
});
check('no console error or warning, no page error, nothing fetched elsewhere', () => {
  assert.deepEqual(problems, []);
});
check('the wasm and the worker came from the build', () => {
  assert.ok(served.some((s) => /^200 \/assets\/parsi_bg-[\w-]+\.wasm$/.test(s)), served.join('\n'));
  assert.ok(served.some((s) => /^200 \/assets\/worker-[\w-]+\.js$/.test(s)), served.join('\n'));
  assert.ok(!served.some((s) => s.startsWith('404')), served.join('\n'));
});
console.log(`npm vite: ${passed} passed, 0 failed`);
