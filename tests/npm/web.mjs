// The browser build (`parsi/web`), loaded as a plain ES module. Node stands in
// for the browser here: it cannot fetch file: URLs, so the .wasm bytes are read
// and handed to initSync, as a page could hand over fetched bytes. The demo page
// and tests/e2e cover the real browser.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import assert from 'node:assert/strict';
import checks from './checks.cjs';
import init, * as web from 'parsi/web';

const label = 'web';
const require = createRequire(import.meta.url);
const pkg = require('parsi/package.json');

checks.check(label, "'parsi/web' exports init and initSync", () => {
  assert.equal(typeof init, 'function');
  assert.equal(typeof web.initSync, 'function');
  assert.match(import.meta.resolve('parsi/web'), /\/web\/parsi\.js$/);
});
const wasmUrl = new URL(import.meta.resolve('parsi/web/parsi_bg.wasm'));
const bytes = readFileSync(wasmUrl);
await init({ module_or_path: bytes });
checks.checkApi(web, label, pkg.version);
console.log(`npm web: ${checks.passedCount()} passed, 0 failed`);
