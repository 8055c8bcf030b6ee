// The bundler build (`parsi/bundler`, what `import 'parsi'` gives a bundler):
// an ES module that imports the .wasm file directly. Node runs it with
// --experimental-wasm-modules, the same ES-module/WebAssembly integration that
// bundlers implement.
import { createRequire } from 'node:module';
import assert from 'node:assert/strict';
import checks from './checks.cjs';
import * as parsi from 'parsi/bundler';

const label = 'bundler';
const require = createRequire(import.meta.url);
const pkg = require('parsi/package.json');

checks.check(label, 'the import condition names the bundler build', () => {
  assert.equal(pkg.exports['.'].import.default, './bundler/parsi.js');
  assert.equal(pkg.module, './bundler/parsi.js');
  assert.match(import.meta.resolve('parsi/bundler'), /\/bundler\/parsi\.js$/);
});
checks.checkApi(parsi, label, pkg.version);
console.log(`npm bundler: ${checks.passedCount()} passed, 0 failed`);
