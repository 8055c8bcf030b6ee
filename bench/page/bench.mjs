// Loaded by page/index.html. At load it times init() and a first analyze of a
// short text, with ?prepare a prepare() between them (window.startup);
// window.runThroughput(runs) times the stages over the corpus served at
// /corpus.txt. bench/chromium.mjs reads both.
import init, { analyze, normalize, prepare, version } from './pkg/parsi.js';

const SAMPLE = 'دانش آموزان كتابها را ميخوانند. رئیس‌جمهور روز ۲۵ اسفند ۱۴۰۲ به تهران رفت.';
const SEGMENT = { pos: false, entities: false };
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

// With ?prepare, prepare() runs between init() and the first analyze (what a
// page does when it has time before the first text): timed apart.
const preparing = new URLSearchParams(location.search).has('prepare');
const t0 = performance.now();
const wasm = await init();
const tInit = performance.now();
if (preparing) prepare();
const tPrepare = performance.now();
const first = analyze(SAMPLE);
const t1 = performance.now();
// The module's download inside init() (request to last byte; init() compiles
// it as it streams in).
const fetched = performance.getEntriesByType('resource').find((e) => e.name.endsWith('parsi_bg.wasm'));
window.startup = {
  // performance.now() counts from the start of the navigation.
  navigationToFirstResultMs: t1,
  initToFirstResultMs: t1 - t0,
  initMs: tInit - t0,
  prepareMs: preparing ? tPrepare - tInit : null,
  firstAnalyzeMs: t1 - tPrepare,
  wasmFetchMs: fetched ? fetched.responseEnd - fetched.startTime : null,
  tokens: first.tokens.length,
  version: version(),
};

window.runThroughput = async (runs) => {
  const text = await (await fetch('./corpus.txt')).text();
  const stages = [
    ['normalize', () => normalize(text).length],
    ['segment', () => analyze(text, SEGMENT).tokens.length],
    ['analyze', () => analyze(text).tokens.length],
  ];
  const out = { bytes: new TextEncoder().encode(text).length, runs, stages: {} };
  for (const [name, f] of stages) {
    f();
    const times = [];
    let n = 0;
    for (let i = 0; i < runs; i++) {
      const a = performance.now();
      n = f();
      times.push((performance.now() - a) / 1000);
    }
    out.stages[name] = { seconds: median(times), min: Math.min(...times), result: n };
  }
  out.linearMemoryBytes = wasm.memory.buffer.byteLength;
  return out;
};
document.documentElement.dataset.ready = '1';
