// A Node.js CommonJS consumer of the npm package: require('parsi') must work.
'use strict';
const assert = require('node:assert/strict');
const path = require('node:path');
const checks = require('./checks.cjs');
const parsi = require('parsi');

const label = 'cjs';
const pkgDir = path.dirname(require.resolve('parsi/package.json'));
const pkg = checks.checkPackageFiles(pkgDir, label);

checks.check(label, "require('parsi') resolves to the nodejs build", () => {
  assert.equal(require.resolve('parsi'), path.join(pkgDir, 'nodejs', 'parsi.js'));
  assert.equal(require('parsi/nodejs'), parsi, 'the same module instance');
});
checks.checkApi(parsi, label, pkg.version);
console.log(`npm cjs: ${checks.passedCount()} passed, 0 failed`);
