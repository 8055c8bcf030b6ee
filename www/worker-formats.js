// The demo worker's one addition to the package's worker (pkg/worker.mjs):
// CoNLL-U. The worker helper's client calls only analyze, normalize, sentences,
// tokenize and version, so the page asks for CoNLL-U as
//
//   engine.call('analyze', [text, { ...options, format: 'conllu' }])
//
// (as the command line's `analyze --format conllu`), and this listener answers
// such a call with toConllu(text, options) in the helper's own reply format.
// It must be imported before pkg/worker.mjs (worker.js does), so that it sees
// each message first and keeps these calls from the helper's listener, which
// would reject the unknown `format` option. Other messages pass through.
import { toConllu } from './pkg/parsi.js';

/** Settles when the helper has loaded the wasm (it posts 'ready' or 'init-error'). */
let loaded;
let failed;
const ready = new Promise((resolve, reject) => {
  loaded = resolve;
  failed = reject;
});
ready.catch(() => {}); // observed only by the calls that wait for it

const post = self.postMessage.bind(self);
self.postMessage = (message, ...rest) => {
  if (message && message.type === 'ready') loaded();
  if (message && message.type === 'init-error') failed(message.error);
  return post(message, ...rest);
};

function describe(e) {
  if (e instanceof Error) return { name: e.name, message: e.message };
  if (e && typeof e.name === 'string' && typeof e.message === 'string') return { name: e.name, message: e.message };
  return { name: 'Error', message: String(e) };
}

self.addEventListener('message', async (event) => {
  const msg = event.data;
  if (!msg || msg.type !== 'call' || msg.method !== 'analyze' || !Array.isArray(msg.args)) return;
  const [text, options] = msg.args;
  if (!options || typeof options !== 'object' || options.format !== 'conllu') return;
  event.stopImmediatePropagation();
  const { format, ...rest } = options;
  try {
    await ready;
  } catch (e) {
    post({ type: 'result', id: msg.id, ok: false, stage: 'init', error: describe(e) });
    return;
  }
  const t0 = performance.now();
  let value;
  try {
    value = toConllu(text, rest);
  } catch (e) {
    post({ type: 'result', id: msg.id, ok: false, stage: 'call', error: describe(e) });
    return;
  }
  post({ type: 'result', id: msg.id, ok: true, value, ms: performance.now() - t0 });
});
