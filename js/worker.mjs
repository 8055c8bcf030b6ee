// The worker side of `parsi/worker`: a module worker that loads the web build of
// parsi once and runs its functions off the main thread. createParsiWorker()
// (worker-client.mjs) starts it; nothing here is called directly.
//
// It lives next to the web build (parsi.js, parsi_bg.wasm) in the package and in
// the demo's www/pkg, so `./parsi.js` and `./parsi_bg.wasm` resolve in both.
// A bundler sees `new URL('./parsi_bg.wasm', import.meta.url)` and emits the file.
//
// Messages (internal; the client and this file change together):
//   in:  { type: 'init', wasm?: string | WebAssembly.Module, dictionary?: object }   (first, once)
//        { type: 'call', id, method, args }
//   out: { type: 'ready', version, module }     (module: the compiled wasm, for restarts)
//        { type: 'init-error', error }
//        { type: 'result', id, ok: true, value, ms }    (ms: time spent in the function)
//        { type: 'result', id, ok: false, error, stage } (stage: 'init' | 'call')
//   where error is { name, message }.
//
// With a dictionary, the functions that analyze run on createAnalyzer(dictionary);
// a bad dictionary is an init-error whose error is the TypeError.

import init, {
  analyze,
  createAnalyzer,
  normalize,
  searchTokens,
  sentences,
  toConllu,
  tokenize,
  version,
} from './parsi.js';

let METHODS = { analyze, normalize, searchTokens, sentences, toConllu, tokenize, version };

/** The methods with a user dictionary: those of an analyzer made with it. */
function withDictionary(dictionary) {
  const a = createAnalyzer(dictionary);
  return {
    analyze: (...args) => a.analyze(...args),
    normalize: (...args) => a.normalize(...args),
    searchTokens: (...args) => a.searchTokens(...args),
    sentences: (...args) => a.sentences(...args),
    toConllu: (...args) => a.toConllu(...args),
    tokenize: (...args) => a.tokenize(...args),
    version,
  };
}

function describe(e) {
  if (e instanceof Error) return { name: e.name, message: e.message };
  return { name: 'Error', message: String(e) };
}

/** Fetches and compiles the wasm, keeping the Module so the client can reuse it. */
async function compile(source) {
  if (source instanceof WebAssembly.Module) return source;
  const url = source === undefined ? new URL('./parsi_bg.wasm', import.meta.url) : new URL(source, self.location.href);
  const response = await fetch(url);
  if (!response.ok) {
    throw new Error(`failed to fetch Wasm: ${response.status} ${response.statusText} fetching '${response.url || url}'`);
  }
  if (typeof WebAssembly.compileStreaming === 'function') {
    const type = (response.headers.get('Content-Type') || '').split(';')[0].trim();
    if (type === 'application/wasm') return WebAssembly.compileStreaming(response);
  }
  return WebAssembly.compile(await response.arrayBuffer());
}

let ready = null;

function start(source, dictionary) {
  ready = compile(source).then(async (module) => {
    await init({ module_or_path: module });
    if (dictionary !== undefined) METHODS = withDictionary(dictionary);
    return { module, version: version() };
  });
  ready.then(
    ({ module, version: v }) => self.postMessage({ type: 'ready', version: v, module }),
    (e) => self.postMessage({ type: 'init-error', error: describe(e) }),
  );
}

self.addEventListener('message', async (event) => {
  const msg = event.data;
  if (!msg || typeof msg !== 'object') return;
  if (msg.type === 'init') {
    if (!ready) start(msg.wasm, msg.dictionary);
    return;
  }
  if (msg.type !== 'call') return;
  const { id, method, args } = msg;
  if (!ready) start(undefined, undefined);
  try {
    await ready;
  } catch (e) {
    self.postMessage({ type: 'result', id, ok: false, stage: 'init', error: describe(e) });
    return;
  }
  const fn = Object.prototype.hasOwnProperty.call(METHODS, method) ? METHODS[method] : undefined;
  if (!fn || !Array.isArray(args)) {
    const error = { name: 'TypeError', message: `parsi worker: unknown method ${String(method)}` };
    self.postMessage({ type: 'result', id, ok: false, stage: 'call', error });
    return;
  }
  const t0 = performance.now();
  let value;
  try {
    value = fn(...args);
  } catch (e) {
    self.postMessage({ type: 'result', id, ok: false, stage: 'call', error: describe(e) });
    return;
  }
  const ms = performance.now() - t0;
  self.postMessage({ type: 'result', id, ok: true, value, ms });
});
