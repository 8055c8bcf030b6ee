// Module worker: loads the WebAssembly package once and analyzes texts off the
// main thread, so a long article does not freeze the page.
//
// Request:  { type: 'analyze', id, text }
// Replies:  { type: 'ready', version }                       (once, after loading)
//           { type: 'init-error', error }                    (once, if loading failed)
//           { type: 'result', id, ok: true, result, ms }      (ms: time spent in analyze)
//           { type: 'result', id, ok: false, error, stage }  (stage: 'init' | 'analyze')
// where error is { name, message }.

import init, { analyze, version } from './pkg/parsi.js';

function describe(e) {
  if (e instanceof Error) return { name: e.name, message: e.message };
  return { name: 'Error', message: String(e) };
}

const ready = init().then(() => version());

ready.then(
  (v) => self.postMessage({ type: 'ready', version: v }),
  (e) => self.postMessage({ type: 'init-error', error: describe(e) }),
);

self.addEventListener('message', async (event) => {
  const msg = event.data;
  if (!msg || msg.type !== 'analyze') return;
  const { id, text } = msg;
  try {
    await ready;
  } catch (e) {
    self.postMessage({ type: 'result', id, ok: false, stage: 'init', error: describe(e) });
    return;
  }
  const t0 = performance.now();
  let result;
  try {
    result = analyze(text);
  } catch (e) {
    self.postMessage({ type: 'result', id, ok: false, stage: 'analyze', error: describe(e) });
    return;
  }
  const ms = performance.now() - t0;
  self.postMessage({ type: 'result', id, ok: true, result, ms });
});
