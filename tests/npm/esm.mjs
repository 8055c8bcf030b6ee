// A Node.js ES-module consumer of the npm package: `import ... from 'parsi'`
// must resolve to the nodejs build (the "node" export condition).
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import assert from 'node:assert/strict';
import checks from './checks.cjs';
import * as parsi from 'parsi';
import { analyze } from 'parsi';

const label = 'esm';
const require = createRequire(import.meta.url);
const pkgDir = path.dirname(require.resolve('parsi/package.json'));
const pkg = checks.checkPackageFiles(pkgDir, label);

checks.check(label, "import 'parsi' resolves to the nodejs build", () => {
  const resolved = fileURLToPath(import.meta.resolve('parsi'));
  assert.equal(resolved, path.join(pkgDir, 'nodejs', 'parsi.js'));
  assert.equal(analyze, parsi.analyze, 'named and namespace imports agree');
});
checks.checkApi(parsi, label, pkg.version);
console.log(`npm esm: ${checks.passedCount()} passed, 0 failed`);
