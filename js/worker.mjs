// The worker side of `parsi/worker`: a module worker that loads the web build of
// parsi once and runs its functions off the main thread. createParsiWorker()
// (worker-client.mjs) starts it; nothing here is called directly.
//
// It lives next to the web build (parsi.js, parsi_bg.wasm) in the package and in
// the demo's www/pkg, so `./parsi.js` and `./parsi_bg.wasm` resolve in both.
// A bundler sees `new URL('./parsi_bg.wasm', import.meta.url)` and emits the file.
//
// Messages (internal; the client and this file change together):
//   in:  { type: 'init', wasm?: string | WebAssembly.Module, dictionary?: object,
//          prepare?: boolean | object }   (first, once; prepare: see createParsiWorker)
//        { type: 'call', id, method, args }
//        { type: 'stream', id, args: [text, options?, chunkSize?] }   (analyzeChunks, a chunk at a time)
//        { type: 'cancel', id }     (a stream stops before its next chunk; no reply)
//   out: { type: 'ready', version, module }     (module: the compiled wasm, for restarts)
//        { type: 'init-error', error }
//        { type: 'result', id, ok: true, value, ms }    (ms: time spent in the function)
//        { type: 'result', id, ok: false, error, stage } (stage: 'init' | 'call')
//        { type: 'chunk', id, chunk, index, position, total, progress, ms }   (a stream's chunk, then the
//          next; its final 'result' has value null: the client puts the Document together)
//   where error is { name, message }.
//
// With a dictionary, the functions that analyze run on createAnalyzer(dictionary);
// a bad dictionary is an init-error whose error is the TypeError.

import init, {
  analyze,
  analyzeChunks,
  createAnalyzer,
  normalize,
  prepare,
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
    analyzeChunks: (...args) => a.analyzeChunks(...args),
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
/** `analyzeChunks`, with the dictionary's analyzer when there is one. */
let chunked = analyzeChunks;
/** Ids of streams asked to stop (seen between chunks). */
const cancelled = new Set();
/** Ids of the streams running. */
const streaming = new Set();

/**
 * Gives the event loop a turn (a message task), so that a 'cancel' (or any other
 * message) that arrived meanwhile is handled before the next chunk.
 */
const channel = new MessageChannel();
const waiting = [];
channel.port1.onmessage = () => waiting.shift()?.();
function breathe() {
  return new Promise((resolve) => {
    waiting.push(resolve);
    channel.port2.postMessage(null);
  });
}

/** Runs analyzeChunks, posting each chunk; stops at the first chunk boundary after a cancel. */
async function stream(id, args) {
  const [text, options, chunkSize] = Array.isArray(args) ? args : [];
  const t0 = performance.now();
  let ms = 0;
  let chunks;
  try {
    if (cancelled.has(id)) return;
    chunks = chunked(text, options, chunkSize);
    const total = typeof text === 'string' ? text.length : 0;
    for (let index = 0; ; index++) {
      await breathe();
      if (cancelled.has(id)) return; // the client has rejected the call already
      const t = performance.now();
      const chunk = chunks.next();
      ms += performance.now() - t;
      if (chunk === undefined) break;
      self.postMessage({ type: 'chunk', id, chunk, index, position: chunks.position, total, progress: chunks.progress, ms });
    }
  } catch (e) {
    self.postMessage({ type: 'result', id, ok: false, stage: 'call', error: describe(e) });
    return;
  } finally {
    streaming.delete(id);
    cancelled.delete(id);
    try {
      chunks?.free();
    } catch {
      // already freed
    }
  }
  self.postMessage({ type: 'result', id, ok: true, value: null, ms, wall: performance.now() - t0 });
}

function start(source, dictionary, warm) {
  ready = compile(source).then(async (module) => {
    await init({ module_or_path: module });
    if (dictionary !== undefined) {
      METHODS = withDictionary(dictionary);
      chunked = METHODS.analyzeChunks;
      delete METHODS.analyzeChunks;
    }
    // The tables the first call would build, built before 'ready'.
    // (warm: undefined, a boolean or options; the client checked it.)
    if (warm) prepare(warm === true ? undefined : warm);
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
    if (!ready) start(msg.wasm, msg.dictionary, msg.prepare);
    return;
  }
  if (msg.type === 'cancel') {
    if (streaming.has(msg.id)) cancelled.add(msg.id);
    return;
  }
  if (msg.type !== 'call' && msg.type !== 'stream') return;
  const { id, method, args } = msg;
  if (msg.type === 'stream') streaming.add(id); // a cancel may come while the wasm loads
  if (!ready) start(undefined, undefined);
  try {
    await ready;
  } catch (e) {
    streaming.delete(id);
    cancelled.delete(id);
    self.postMessage({ type: 'result', id, ok: false, stage: 'init', error: describe(e) });
    return;
  }
  if (msg.type === 'stream') {
    await stream(id, args);
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
