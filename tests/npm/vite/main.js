// A page built by Vite with no plugin: `parsi/web` (the wasm file is found by
// `new URL('parsi_bg.wasm', import.meta.url)` inside it, which Vite turns into
// an emitted asset) and `parsi/worker` (Vite bundles the worker from
// `new Worker(new URL('./worker.mjs', import.meta.url), { type: 'module' })`).
// check.mjs loads the built page in Chromium and reads the JSON it leaves in
// <html data-result>.
import init, { analyze, createAnalyzer, searchTokens, toConllu, version } from 'parsi/web';
import { createParsiWorker, ParsiWorkerError } from 'parsi/worker';

const TEXT = 'كتاب هاي علي را خواندم. سلام 😀 دنیا! 👍🏽 خوبی؟ ۱۲۳';

function slices(text, doc) {
  return [...doc.tokens, ...doc.sentences].every((s) => text.slice(s.start, s.end) === s.text);
}

async function outcome(promise) {
  try {
    const value = await promise;
    return { ok: true, value };
  } catch (e) {
    return { ok: false, name: e?.name, message: e?.message, code: e?.code, isParsiWorkerError: e instanceof ParsiWorkerError };
  }
}

async function run() {
  const r = {};
  await init();
  const doc = analyze(TEXT);
  r.main = {
    version: version(),
    tokens: doc.tokens.length,
    sentences: doc.sentences.length,
    slices: slices(TEXT, doc),
    normalized: doc.normalized,
  };

  const w = createParsiWorker();
  r.workerVersion = await w.ready();
  const c1 = w.analyze(TEXT);
  const wdoc = await c1;
  r.worker = {
    id: c1.id,
    slices: slices(TEXT, wdoc),
    sameAsMain: JSON.stringify(wdoc) === JSON.stringify(doc),
  };
  const timed = await w.call('normalize', ['123', { digits: 'persian' }]);
  r.call = { id: timed.id, value: timed.value, msIsNumber: typeof timed.ms === 'number' && timed.ms >= 0 };

  // A newer call with cancelPrevious cancels the older one, which is still running.
  const big = (TEXT + '\n').repeat(4000);
  const old = w.analyze(big);
  const newer = w.tokenize(TEXT, { cancelPrevious: true });
  r.cancel = { old: await outcome(old), newer: await outcome(newer.then((t) => t.length)), ids: [old.id, newer.id] };

  // An AbortSignal, call.cancel(), and a bad argument crossing the worker boundary.
  const ac = new AbortController();
  const bySignal = w.analyze(big, undefined, { signal: ac.signal });
  ac.abort();
  const byCancel = w.sentences(big);
  byCancel.cancel();
  r.abort = { signal: await outcome(bySignal), cancel: await outcome(byCancel) };
  r.typeError = await outcome(w.analyze(TEXT, { normalise: {} }));
  r.afterErrors = await outcome(w.tokenize(TEXT).then((t) => t.length));

  // searchTokens and toConllu give what they give on the main thread.
  const [wsearch, wconllu] = await Promise.all([w.searchTokens(TEXT), w.toConllu(TEXT)]);
  r.searchConllu = {
    search: JSON.stringify(wsearch) === JSON.stringify(searchTokens(TEXT)),
    conllu: wconllu === toConllu(TEXT),
    terms: wsearch.map((t) => t.term),
  };

  // A worker with a user dictionary: its entities, as createAnalyzer's on the main thread.
  const DICT_TEXT = 'کافه نادري را دیدم.';
  const dictionary = { entities: [{ text: 'کافه نادری', label: 'LOC' }], compounds: ['پیش‌نمایش'] };
  const dw = createParsiWorker({ dictionary });
  const ddoc = await dw.analyze(DICT_TEXT);
  const local = createAnalyzer(dictionary);
  r.dictionary = {
    entities: ddoc.entities.map((e) => [e.label, e.text, e.score]),
    sameAsMain: JSON.stringify(ddoc) === JSON.stringify(local.analyze(DICT_TEXT)),
    normalized: await dw.normalize('پیش نمایش'),
  };
  local.free();
  dw.terminate();
  const bad = createParsiWorker({ dictionary: { entities: [{ text: 'x', label: 'NOPE' }] } });
  r.badDictionary = { ready: await outcome(bad.ready()), call: await outcome(bad.analyze(TEXT)) };
  bad.terminate();

  // prepare: the worker builds the tables before it is ready; results are the same.
  // Options that are not analyze options reject as prepare throws them.
  const pw = createParsiWorker({ prepare: true });
  const sw = createParsiWorker({ prepare: { pos: false, entities: false } });
  r.prepare = {
    version: await pw.ready(),
    sameAsMain: JSON.stringify(await pw.analyze(TEXT)) === JSON.stringify(doc),
    segmentation: JSON.stringify(await sw.analyze(TEXT, { pos: false, entities: false })) ===
      JSON.stringify(analyze(TEXT, { pos: false, entities: false })),
  };
  pw.terminate();
  sw.terminate();
  const badPrepare = createParsiWorker({ prepare: { entity: false } });
  r.badPrepare = { ready: await outcome(badPrepare.ready()), call: await outcome(badPrepare.analyze(TEXT)) };
  badPrepare.terminate();
  try {
    createParsiWorker({ prepare: 'yes' });
    r.prepareNotAnOption = { threw: false };
  } catch (e) {
    r.prepareNotAnOption = { threw: true, name: e?.name, message: e?.message };
  }

  // terminate(): a pending call and later calls reject.
  const pendingAtEnd = w.analyze(big);
  w.terminate();
  r.terminated = { pending: await outcome(pendingAtEnd), later: await outcome(w.version()) };
  return r;
}

run().then(
  (r) => {
    document.documentElement.dataset.result = JSON.stringify(r);
  },
  (e) => {
    document.documentElement.dataset.result = JSON.stringify({ error: `${e?.name}: ${e?.message}\n${e?.stack ?? ''}` });
  },
).finally(() => {
  document.getElementById('out').textContent = document.documentElement.dataset.result;
});
