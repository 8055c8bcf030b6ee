// `parsi/worker`: runs parsi in a module Web Worker behind a promise API, so a
// long text never blocks the page.
//
//   import { createParsiWorker } from 'parsi/worker';
//   const parsi = createParsiWorker();
//   const doc = await parsi.analyze(text, { normalize: { digits: 'keep' } });
//   const terms = await parsi.searchTokens(text);
//   const conllu = await parsi.toConllu(text);
//   const big = await parsi.analyzeStream(text, undefined, { onProgress: (p) => bar.value = p.progress, signal });
//   parsi.terminate();
//
// Every call gets an id (`call.id`, increasing). A call can be cancelled with
// `call.cancel()`, an AbortSignal (`{ signal }`), `parsi.cancel()` (all calls) or
// by a newer call made with `{ cancelPrevious: true }`. Cancelled calls reject
// with a DOMException named "AbortError". The wasm functions cannot be
// interrupted, so when a cancelled call is already in the worker, the worker is
// terminated and a fresh one takes over (it reuses the compiled module, so the
// restart costs an instantiation, not a download); calls that were not cancelled
// are sent to the new worker.
//
// analyzeStream is the exception: the worker runs analyzeChunks and posts each
// chunk as it is done, yielding to its event loop in between, so cancelling it
// only tells the worker to stop before the next chunk (the worker is kept). The
// client puts the chunks together into the Document (the worker keeps nothing).
//
// Types: worker-client.d.ts. The worker side: worker.mjs.

const METHODS = new Set(['analyze', 'normalize', 'searchTokens', 'sentences', 'toConllu', 'tokenize', 'version']);
const ERRORS = { Error, TypeError, RangeError, SyntaxError, ReferenceError, EvalError, URIError };

/** A failure of the worker itself (not of a parsi function). */
export class ParsiWorkerError extends Error {
  constructor(code, message, options) {
    super(message, options);
    this.name = 'ParsiWorkerError';
    this.code = code;
  }
}

function abortError(message) {
  return new DOMException(message, 'AbortError');
}

/** Re-creates an error thrown in the worker: same class (when standard), name and message. */
function revive(error) {
  const name = error && typeof error.name === 'string' ? error.name : 'Error';
  const message = error && typeof error.message === 'string' ? error.message : String(error);
  let Ctor = ERRORS[name];
  if (!Ctor && name === 'RuntimeError' && typeof WebAssembly !== 'undefined') Ctor = WebAssembly.RuntimeError;
  const e = new (Ctor || Error)(message);
  if (e.name !== name) e.name = name;
  return e;
}

function absolute(url) {
  const base = globalThis.location ? globalThis.location.href : undefined;
  return new URL(String(url), base).href;
}

export function createParsiWorker(options = {}) {
  if (options === null || typeof options !== 'object') {
    throw new TypeError('createParsiWorker: options must be an object');
  }
  for (const key of Object.keys(options)) {
    if (key !== 'url' && key !== 'wasm' && key !== 'dictionary' && key !== 'prepare') {
      throw new TypeError(`createParsiWorker: unknown option ${key} (known: url, wasm, dictionary, prepare)`);
    }
  }
  const { dictionary, prepare } = options;
  const isObject = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);
  if (prepare !== undefined && typeof prepare !== 'boolean' && !isObject(prepare)) {
    throw new TypeError('createParsiWorker: prepare must be true, false or the analyze options to prepare for');
  }
  if (dictionary !== undefined && !isObject(dictionary)) {
    throw new TypeError('createParsiWorker: dictionary must be an object (a user dictionary, as for createAnalyzer)');
  }
  if (typeof Worker === 'undefined') {
    throw new ParsiWorkerError('load', 'createParsiWorker: this environment has no Web Worker (use `parsi` directly in Node.js)');
  }

  /** The compiled module, once a worker has loaded it: later workers skip the download. */
  let wasm =
    options.wasm === undefined || (typeof WebAssembly !== 'undefined' && options.wasm instanceof WebAssembly.Module)
      ? options.wasm
      : absolute(options.wasm);
  let nextId = 1;
  let terminated = false;
  /** The current worker: { worker, ready, loaded, settleReady }. */
  let current = null;
  /**
   * Unsettled calls by id: { id, method, args, resolve, reject, gen, cleanup },
   * and for a stream: stream: { text, onProgress, doc, parts, ms } (see streamCall).
   */
  const pending = new Map();

  function spawn() {
    const worker =
      options.url === undefined
        ? // This exact form (static options too) lets bundlers (Vite, webpack) bundle the worker.
          new Worker(new URL('./worker.mjs', import.meta.url), { type: 'module' })
        : new Worker(options.url, { type: 'module' });
    const gen = { worker, loaded: false, dead: false, ready: null, resolveReady: null, rejectReady: null };
    gen.ready = new Promise((resolve, reject) => {
      gen.resolveReady = resolve;
      gen.rejectReady = reject;
    });
    gen.ready.catch(() => {}); // nobody may be listening: not an unhandled rejection
    worker.addEventListener('message', (event) => onMessage(gen, event.data));
    worker.addEventListener('error', (event) => {
      // A worker script that failed to load, or an uncaught error inside it.
      event.preventDefault();
      const what = gen.loaded ? 'crash' : 'load';
      const detail = event.message || 'the worker script failed';
      fail(gen, new ParsiWorkerError(what, `parsi worker: ${gen.loaded ? 'stopped' : 'could not start'}: ${detail}`));
    });
    worker.addEventListener('messageerror', () => {
      fail(gen, new ParsiWorkerError('crash', 'parsi worker: a reply could not be read'));
    });
    worker.postMessage({ type: 'init', wasm, dictionary, prepare });
    current = gen;
    return gen;
  }

  function ensure() {
    if (terminated) throw new ParsiWorkerError('terminated', 'parsi worker: terminated');
    return current || spawn();
  }

  /** Drops a worker; its unsettled calls reject with `error`. */
  function fail(gen, error) {
    if (gen.dead) return;
    gen.dead = true;
    if (current === gen) current = null;
    gen.worker.terminate();
    gen.rejectReady(error);
    for (const call of [...pending.values()]) {
      if (call.gen === gen) settle(call, false, error);
    }
  }

  function settle(call, ok, value) {
    if (!pending.delete(call.id)) return;
    call.cleanup();
    if (ok) call.resolve(value);
    else call.reject(value);
  }

  function onMessage(gen, msg) {
    if (!msg || typeof msg !== 'object') return;
    if (msg.type === 'ready') {
      gen.loaded = true;
      if (typeof WebAssembly !== 'undefined' && msg.module instanceof WebAssembly.Module) wasm = msg.module;
      gen.resolveReady(String(msg.version));
    } else if (msg.type === 'chunk') {
      const call = pending.get(msg.id);
      if (!call || call.gen !== gen || !call.stream) return;
      onChunk(call, msg);
    } else if (msg.type === 'init-error') {
      const error = revive(msg.error);
      // A bad dictionary or prepare options: the TypeError, as createAnalyzer or prepare throws it.
      if (error.name === 'TypeError' && (dictionary !== undefined || prepare)) fail(gen, error);
      else fail(gen, new ParsiWorkerError('load', `parsi worker: could not load the WebAssembly module: ${error.message}`));
    } else if (msg.type === 'result') {
      const call = pending.get(msg.id);
      if (!call || call.gen !== gen) return;
      if (msg.ok && call.stream) {
        settle(call, true, finishStream(call.stream));
      } else if (msg.ok) {
        settle(call, true, { id: call.id, value: msg.value, ms: msg.ms });
      } else if (msg.stage === 'init') {
        fail(gen, new ParsiWorkerError('load', `parsi worker: could not load the WebAssembly module: ${revive(msg.error).message}`));
      } else {
        const error = revive(msg.error);
        settle(call, false, error);
        // After a trap the wasm instance is not trusted again: the next call gets a new worker.
        if (error.name === 'RuntimeError') retire(gen);
      }
    }
  }

  /** Replaces a worker whose state is unknown; its unsettled calls move to a new one. */
  function retire(gen) {
    if (gen.dead) return;
    gen.dead = true;
    if (current === gen) current = null;
    gen.worker.terminate();
    const moving = [...pending.values()].filter((c) => c.gen === gen);
    if (terminated || (moving.length === 0 && gen.loaded)) return;
    // Still loading or still has calls: the new worker takes over at once, and
    // whoever awaits ready() is answered by it.
    const next = ensure();
    gen.resolveReady(next.ready);
    for (const call of moving) {
      call.gen = next;
      send(call);
    }
  }

  /** Cancels the given calls; restarts the worker when one of them is running in it. */
  function cancelCalls(calls, reason) {
    const busy = new Set();
    for (const call of calls) {
      if (!pending.has(call.id)) continue;
      // A stream stops by itself before its next chunk; other calls cannot be stopped.
      if (call.stream) {
        if (!call.gen.dead) call.gen.worker.postMessage({ type: 'cancel', id: call.id });
      } else {
        busy.add(call.gen);
      }
      settle(call, false, reason);
    }
    for (const gen of busy) retire(gen);
  }

  /** Posts a call (again, after a restart) to its worker. */
  function send(call) {
    if (call.stream) {
      resetStream(call.stream); // a new worker starts the text over
      call.gen.worker.postMessage({ type: 'stream', id: call.id, args: call.args });
    } else {
      call.gen.worker.postMessage({ type: 'call', id: call.id, method: call.method, args: call.args });
    }
  }

  function resetStream(st) {
    st.normalized = [];
    st.sentences = [];
    st.tokens = [];
    st.entities = [];
    st.ms = 0;
  }

  function onChunk(call, msg) {
    const st = call.stream;
    const c = msg.chunk;
    if (!c || typeof c !== 'object') return;
    st.normalized.push(`${c.separator ?? ''}${c.normalized ?? ''}`);
    // A loop, not push(...array): a chunk can hold more items than a call has arguments.
    for (const [all, part] of [[st.sentences, c.sentences], [st.tokens, c.tokens], [st.entities, c.entities]]) {
      if (Array.isArray(part)) for (let i = 0; i < part.length; i++) all.push(part[i]);
    }
    st.ms = typeof msg.ms === 'number' ? msg.ms : st.ms;
    if (!st.onProgress) return;
    try {
      st.onProgress({
        id: call.id,
        index: msg.index,
        chunk: c,
        position: msg.position,
        total: msg.total,
        progress: msg.progress,
        sentences: st.sentences.length,
        tokens: st.tokens.length,
        entities: st.entities.length,
        ms: st.ms,
      });
    } catch (e) {
      // A throwing callback ends the stream with its error.
      cancelCalls([call], e);
    }
  }

  function finishStream(st) {
    return {
      text: st.text,
      normalized: st.normalized.join(''),
      sentences: st.sentences,
      tokens: st.tokens,
      entities: st.entities,
    };
  }

  function call(method, args, callOptions = {}, stream = null) {
    if (!stream && !METHODS.has(method)) throw new TypeError(`parsi worker: unknown method ${String(method)}`);
    if (!Array.isArray(args)) throw new TypeError('parsi worker: args must be an array');
    const { signal, cancelPrevious = false } = callOptions || {};
    const id = nextId++;
    let cancel = () => {};
    const promise = new Promise((resolve, reject) => {
      if (signal && signal.aborted) {
        reject(signal.reason ?? abortError(`parsi worker: call ${id} aborted`));
        return;
      }
      if (cancelPrevious) {
        cancelCalls([...pending.values()], abortError(`parsi worker: call cancelled by call ${id}`));
      }
      let gen;
      try {
        gen = ensure();
      } catch (e) {
        reject(e);
        return;
      }
      const onAbort = () => {
        const c = pending.get(id);
        if (c) cancelCalls([c], signal.reason ?? abortError(`parsi worker: call ${id} aborted`));
      };
      const record = {
        id,
        method,
        args,
        resolve,
        reject,
        gen,
        stream,
        cleanup: () => signal && signal.removeEventListener('abort', onAbort),
      };
      pending.set(id, record);
      if (signal) signal.addEventListener('abort', onAbort, { once: true });
      cancel = () => {
        const c = pending.get(id);
        if (c) cancelCalls([c], abortError(`parsi worker: call ${id} cancelled`));
      };
      send(record);
    });
    return Object.assign(promise, { id, cancel: () => cancel() });
  }

  /** A call that resolves with the function's value only. */
  function valueCall(method, args, callOptions) {
    const c = call(method, args, callOptions);
    const p = c.then((r) => r.value);
    return Object.assign(p, { id: c.id, cancel: c.cancel });
  }

  /** analyzeStream: analyzeChunks in the worker, resolving with the whole Document. */
  function streamCall(text, analyzeOptions, streamOptions) {
    const o = streamOptions ?? {};
    if (typeof o !== 'object') throw new TypeError('parsi worker: analyzeStream options must be an object');
    const { onProgress, chunkSize, signal, cancelPrevious } = o;
    if (onProgress !== undefined && typeof onProgress !== 'function') {
      throw new TypeError('parsi worker: onProgress must be a function');
    }
    const args = [text, analyzeOptions];
    if (chunkSize !== undefined) args.push(chunkSize);
    const st = { text, onProgress };
    resetStream(st);
    return call('analyzeChunks', args, { signal, cancelPrevious }, st);
  }

  return {
    analyzeStream: streamCall,
    analyze: (text, analyzeOptions, callOptions) =>
      valueCall('analyze', analyzeOptions === undefined ? [text] : [text, analyzeOptions], callOptions),
    normalize: (text, normalizeOptions, callOptions) =>
      valueCall('normalize', normalizeOptions === undefined ? [text] : [text, normalizeOptions], callOptions),
    searchTokens: (text, searchOptions, callOptions) =>
      valueCall('searchTokens', searchOptions === undefined ? [text] : [text, searchOptions], callOptions),
    sentences: (text, callOptions) => valueCall('sentences', [text], callOptions),
    toConllu: (text, analyzeOptions, callOptions) =>
      valueCall('toConllu', analyzeOptions === undefined ? [text] : [text, analyzeOptions], callOptions),
    tokenize: (text, callOptions) => valueCall('tokenize', [text], callOptions),
    version: (callOptions) => valueCall('version', [], callOptions),
    call,
    ready() {
      try {
        return ensure().ready;
      } catch (e) {
        return Promise.reject(e);
      }
    },
    cancel(reason) {
      cancelCalls([...pending.values()], reason ?? abortError('parsi worker: cancelled'));
    },
    get pending() {
      return pending.size;
    },
    terminate() {
      if (terminated) return;
      terminated = true;
      const gen = current;
      current = null;
      if (gen) {
        gen.dead = true;
        gen.worker.terminate();
        gen.rejectReady(new ParsiWorkerError('terminated', 'parsi worker: terminated'));
      }
      for (const c of [...pending.values()]) {
        settle(c, false, new ParsiWorkerError('terminated', 'parsi worker: terminated'));
      }
    },
  };
}
