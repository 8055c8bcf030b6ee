// The wasm package in Node.js, for scripts/bench.sh. Prints JSON.
//
//   node bench/node.mjs throughput CORPUS [RUNS]  normalize, analyze without POS
//        and entities (sentences + tokens) and the default analyze over CORPUS
//        read as one string: median of RUNS (default 5) after one warm-up run
//        (with node --expose-gc: a garbage collection before each run, untimed)
//   node bench/node.mjs scaling FILE...           the default analyze of each
//        file: median time (runs for about a second, at least 3)
//   node bench/node.mjs first [OPTIONS]          loading the package and the
//        first analyze of a two-sentence text, in this fresh process
//   node --expose-gc bench/node.mjs heap FILE [OPTIONS]   the JavaScript heap
//        the Document of `analyze(FILE)` holds
//   node bench/node.mjs memory FILE [REPEATS] [OPTIONS] [FUNCTION]   analyze
//        (or FUNCTION: normalize, toConllu, searchTokens) of FILE (REPEATS times, default options
//        unless OPTIONS JSON) in this fresh process, after a two-sentence
//        warm-up: the wasm linear memory (memory.buffer.byteLength) before,
//        after the first call and after the last, and the process' resident
//        set size
//
// throughput and scaling use pkg/nodejs (what `import "parsi"` gives in Node);
// memory uses pkg/web through initSync, whose return value exposes the memory.
// Build both with scripts/build-wasm.sh.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const PKG = path.resolve(ROOT, process.env.PARSI_PKG || 'pkg');
const [mode, ...args] = process.argv.slice(2);

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const SEGMENT = { pos: false, entities: false };

function nodePkg() {
  return createRequire(import.meta.url)(path.join(PKG, 'nodejs', 'parsi.js'));
}

function time(f) {
  const t0 = performance.now();
  const r = f();
  return [(performance.now() - t0) / 1000, r];
}

if (mode === 'throughput') {
  const parsi = nodePkg();
  const text = readFileSync(args[0], 'utf8');
  const runs = Number(args[1] ?? 5);
  const stages = [
    ['normalize', () => parsi.normalize(text).length],
    ['segment', () => parsi.analyze(text, SEGMENT).tokens.length],
    ['analyze', () => parsi.analyze(text).tokens.length],
  ];
  const out = { version: parsi.version(), node: process.version, bytes: Buffer.byteLength(text), runs, stages: {} };
  for (const [name, f] of stages) {
    f();
    const times = [];
    let n = 0;
    for (let i = 0; i < runs; i++) {
      // The previous run's result is garbage: collected here, outside the
      // timing, when node runs with --expose-gc (scripts/bench.sh does), so
      // that a run does not pay for the one before it at random.
      globalThis.gc?.();
      const [s, r] = time(f);
      times.push(s);
      n = r;
    }
    out.stages[name] = { seconds: median(times), min: Math.min(...times), result: n, gcBetweenRuns: typeof globalThis.gc === 'function' };
  }
  console.log(JSON.stringify(out));
} else if (mode === 'scaling') {
  const parsi = nodePkg();
  parsi.analyze('سلام دنیا.'); // loads the lexicon and models once, outside the timings
  for (const file of args) {
    const text = readFileSync(file, 'utf8');
    const times = [];
    let tokens = 0;
    const started = performance.now();
    for (;;) {
      const [s, doc] = time(() => parsi.analyze(text));
      times.push(s);
      tokens = doc.tokens.length;
      const spent = (performance.now() - started) / 1000;
      if (times.length >= 1000 || (times.length >= 3 && spent > 1) || spent > 5) break;
    }
    console.log(JSON.stringify({ path: file, bytes: Buffer.byteLength(text), tokens, runs: times.length, seconds: median(times) }));
  }
} else if (mode === 'memory') {
  // memory FILE [REPEATS] [OPTIONS] [FUNCTION]: `analyze` (or FUNCTION) of
  // FILE REPEATS times (default 1) in this fresh process; the linear memory
  // before, after the first call and after the last (it never shrinks, so
  // "after" is the peak so far).
  const web = await import(pathToFileURL(path.join(PKG, 'web', 'parsi.js')).href);
  const wasm = web.initSync({ module: readFileSync(path.join(PKG, 'web', 'parsi_bg.wasm')) });
  const text = readFileSync(args[0], 'utf8');
  const repeats = Number(args[1] ?? 1);
  const options = args[2] ? JSON.parse(args[2]) : undefined;
  const func = args[3] ?? 'analyze';
  const FUNCTIONS = ['analyze', 'normalize', 'toConllu', 'searchTokens'];
  if (!FUNCTIONS.includes(func)) throw new Error(`memory: FUNCTION is one of ${FUNCTIONS.join(', ')}, not ${func}`);
  const f = (t) => web[func](t, options);
  // The models load on the first call: a two-sentence text first.
  f('سلام دنیا. حسن روحانی در تهران گفت.');
  const before = wasm.memory.buffer.byteLength;
  const [s, out] = time(() => f(text));
  const afterFirst = wasm.memory.buffer.byteLength;
  const t0 = performance.now();
  for (let i = 1; i < repeats; i++) f(text);
  console.log(
    JSON.stringify({
      path: args[0],
      function: func,
      bytes: Buffer.byteLength(text),
      tokens: func === 'analyze' ? out.tokens.length : func === 'searchTokens' ? out.length : null,
      entities: func === 'analyze' ? out.entities.length : null,
      options: options ?? 'default',
      seconds: s,
      repeats,
      repeat_seconds: (performance.now() - t0) / 1000,
      linear_memory_before: before,
      linear_memory_after: afterFirst,
      linear_memory_after_repeats: wasm.memory.buffer.byteLength,
      rss_after: process.memoryUsage().rss,
    }),
  );
} else if (mode === 'first') {
  // first [OPTIONS]: in this fresh process, loading the package and the
  // first `analyze` of a two-sentence text (the models, when the options
  // need them, are built then).
  const t0 = performance.now();
  const parsi = nodePkg();
  const t1 = performance.now();
  const options = args[0] ? JSON.parse(args[0]) : undefined;
  const doc = parsi.analyze('دانش آموزان كتابها را ميخوانند. رئیس‌جمهور به تهران رفت.', options);
  const t2 = performance.now();
  console.log(JSON.stringify({ options: options ?? 'default', load_ms: t1 - t0, first_call_ms: t2 - t1, tokens: doc.tokens.length }));
} else if (mode === 'heap') {
  // heap FILE [OPTIONS] (under node --expose-gc): the JavaScript heap that
  // the Document `analyze` returns for FILE holds (heapUsed with it, after a
  // garbage collection, less heapUsed once it is dropped and collected).
  if (typeof globalThis.gc !== 'function') throw new Error('heap: run under node --expose-gc');
  const parsi = nodePkg();
  const text = readFileSync(args[0], 'utf8');
  const options = args[1] ? JSON.parse(args[1]) : undefined;
  parsi.analyze('سلام', options);
  let doc = parsi.analyze(text, options);
  globalThis.gc();
  const held = process.memoryUsage().heapUsed;
  const tokens = doc.tokens.length;
  doc = null;
  globalThis.gc();
  const bytes = held - process.memoryUsage().heapUsed;
  console.log(JSON.stringify({ path: args[0], bytes: Buffer.byteLength(text), tokens, options: options ?? 'default', heap_bytes: bytes, heap_bytes_per_token: Math.round(bytes / Math.max(1, tokens)) }));
} else {
  console.error('usage: node bench/node.mjs throughput CORPUS [RUNS] | scaling FILE... | first [OPTIONS] | memory FILE [REPEATS] [OPTIONS] [FUNCTION] | heap FILE [OPTIONS]');
  process.exit(2);
}
