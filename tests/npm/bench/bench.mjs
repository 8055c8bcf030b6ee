// Throughput of normalize() and analyze() in Node.js, best of 5 runs over FILE
// read as one string. Run it where the package is installed (it imports "parsi"):
//   node bench.mjs fa_perdt-train-raw-sentences.txt
import { readFileSync } from 'node:fs';
import { analyze, normalize } from 'parsi';
const text = readFileSync(process.argv[2], 'utf8');
const mb = Buffer.byteLength(text) / 1e6;
for (const [name, f] of [['normalize', () => normalize(text)], ['analyze', () => analyze(text)]]) {
  let best = Infinity, n = 0;
  for (let i = 0; i < 5; i++) {
    const t0 = performance.now(); const r = f(); best = Math.min(best, performance.now() - t0);
    n = typeof r === 'string' ? 0 : r.tokens.length;
  }
  console.log(`${name}: ${mb.toFixed(1)} MB in ${best.toFixed(0)} ms = ${(mb / best * 1000).toFixed(1)} MB/s${n ? `, ${n} tokens` : ''}`);
}
