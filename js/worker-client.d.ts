// Types of `parsi/worker` (worker-client.mjs): parsi in a module Web Worker,
// behind promises.

import type {
  AnalyzeOptions,
  Document,
  DocumentChunk,
  NormalizeOptions,
  SearchOptions,
  SearchToken,
  Sentence,
  Token,
  UserDictionary,
} from "./parsi.js";

export type {
  AnalyzeOptions,
  DictionaryEntity,
  Document,
  DocumentChunk,
  Entity,
  EntityLabel,
  NormalizeOptions,
  SearchOptions,
  SearchToken,
  Sentence,
  Token,
  TokenKind,
  UserDictionary,
} from "./parsi.js";

/** The parsi functions the worker runs, with their arguments and results. */
export interface ParsiMethods {
  analyze(text: string, options?: AnalyzeOptions): Document;
  normalize(text: string, options?: NormalizeOptions): string;
  searchTokens(text: string, options?: SearchOptions): SearchToken[];
  sentences(text: string): Sentence[];
  toConllu(text: string, options?: AnalyzeOptions): string;
  tokenize(text: string): Token[];
  version(): string;
}

/** The name of a function the worker runs. */
export type ParsiMethod = keyof ParsiMethods;

export interface ParsiWorkerOptions {
  /**
   * The worker script. Default: the package's `worker.mjs`, next to the web
   * build (bundlers that understand `new Worker(new URL(..., import.meta.url))`
   * bundle it). Give your own when you serve the files yourself; it must import
   * the package's `worker.mjs` (e.g. `import "parsi/web/worker.mjs"` or a copy).
   */
  url?: string | URL;
  /**
   * Where the worker gets the WebAssembly module: a URL (relative URLs are
   * taken from the page), or an already compiled `WebAssembly.Module`.
   * Default: `parsi_bg.wasm` next to the worker script.
   */
  wasm?: string | URL | WebAssembly.Module;
  /**
   * A user dictionary (as for `createAnalyzer`): every function runs on an
   * analyzer with it. A bad dictionary makes `ready()` and every call reject
   * with the TypeError `createAnalyzer` throws.
   */
  dictionary?: UserDictionary;
  /**
   * Build, while the worker starts (before `ready()` resolves), what the first
   * call would otherwise build: `true` for the default `analyze` (the models'
   * tables), or the analyze options the calls will use (`{ pos: false,
   * entities: false }` builds the lexicon only). The first result then comes
   * sooner; the worker takes longer to become ready. A worker started again
   * after a cancelled call prepares again. Invalid options make `ready()` and
   * every call reject with the TypeError `prepare` throws. Default: false.
   */
  prepare?: boolean | AnalyzeOptions;
}

/** Options of one call. */
export interface CallOptions {
  /** Aborting it rejects the call with `signal.reason` (an "AbortError" DOMException by default). */
  signal?: AbortSignal;
  /**
   * Cancel every unsettled call made before this one (they reject with an
   * "AbortError" DOMException). Use it for "only the newest request matters",
   * e.g. analysis as the user types. Default false.
   */
  cancelPrevious?: boolean;
}

/** A pending call: a promise with the call's id and a way to cancel it. */
export interface ParsiCall<T> extends Promise<T> {
  /** Increasing, unique within one ParsiWorker (the first call is 1). */
  readonly id: number;
  /** Rejects the call with an "AbortError" DOMException (no-op once settled). */
  cancel(): void;
}

/** What `call` resolves with. */
export interface CallResult<T> {
  id: number;
  /** What the parsi function returned. */
  value: T;
  /** Milliseconds spent in the parsi function inside the worker (no message passing). */
  ms: number;
}

/** What `analyzeStream` tells `onProgress` after each chunk. */
export interface StreamProgress {
  /** The call's id. */
  id: number;
  /**
   * The chunk's number, 0 for the first. If the worker had to be replaced
   * meanwhile (a trap in another call), the text starts over: 0 again.
   */
  index: number;
  /**
   * The chunk just analysed: offsets and token indices are the whole text's,
   * so it can be drawn at once (e.g. its entities over `text.slice(chunk.start, chunk.end)`).
   */
  chunk: DocumentChunk;
  /** How much of the text is analysed, in UTF-16 code units (`chunk.end`). */
  position: number;
  /** The text's length in UTF-16 code units. */
  total: number;
  /** `position / total`, 0–1 (1 after the last chunk). */
  progress: number;
  /** Sentences, tokens and entities found so far (all chunks up to this one). */
  sentences: number;
  tokens: number;
  entities: number;
  /** Milliseconds spent analysing so far inside the worker (no message passing, no pauses). */
  ms: number;
}

/** Options of `analyzeStream`. */
export interface StreamOptions extends CallOptions {
  /**
   * Called after each chunk, on the page's thread. If it throws, the call
   * rejects with that error and the worker stops.
   */
  onProgress?: (progress: StreamProgress) => void;
  /**
   * About how many bytes of UTF-8 each chunk covers (as `analyzeChunks`;
   * default 65536). A chunk ends at a line break, so a text without line
   * breaks is one chunk.
   */
  chunkSize?: number;
}

export interface ParsiWorker {
  /**
   * `analyze` in the worker, a chunk at a time (`analyzeChunks`): `onProgress`
   * hears of each chunk, and cancelling (`signal`, `cancel()`,
   * `cancelPrevious`) stops the worker before its next chunk: the worker is
   * kept (no restart), and other calls run between chunks. Resolves with the
   * same `Document` as `analyze(text, options)`.
   */
  analyzeStream(text: string, options?: AnalyzeOptions, stream?: StreamOptions): ParsiCall<Document>;
  /** `analyze` in the worker. @see ParsiMethods.analyze */
  analyze(text: string, options?: AnalyzeOptions, call?: CallOptions): ParsiCall<Document>;
  /** `normalize` in the worker. */
  normalize(text: string, options?: NormalizeOptions, call?: CallOptions): ParsiCall<string>;
  /** `searchTokens` in the worker. */
  searchTokens(text: string, options?: SearchOptions, call?: CallOptions): ParsiCall<SearchToken[]>;
  /** `sentences` in the worker. */
  sentences(text: string, call?: CallOptions): ParsiCall<Sentence[]>;
  /** `toConllu` in the worker. */
  toConllu(text: string, options?: AnalyzeOptions, call?: CallOptions): ParsiCall<string>;
  /** `tokenize` in the worker. */
  tokenize(text: string, call?: CallOptions): ParsiCall<Token[]>;
  /** `version` in the worker. */
  version(call?: CallOptions): ParsiCall<string>;
  /** Any of the functions, resolving with its value, id and time spent. */
  call<M extends ParsiMethod>(
    method: M,
    args: Parameters<ParsiMethods[M]>,
    options?: CallOptions,
  ): ParsiCall<CallResult<ReturnType<ParsiMethods[M]>>>;
  /**
   * Starts the worker if needed; resolves with the library version once the
   * WebAssembly module is loaded, rejects with a ParsiWorkerError ("load") if it
   * cannot be.
   */
  ready(): Promise<string>;
  /** Cancels every unsettled call (they reject with `reason`, default an "AbortError" DOMException). */
  cancel(reason?: unknown): void;
  /** The number of unsettled calls. */
  readonly pending: number;
  /** Stops the worker; unsettled and later calls reject with a ParsiWorkerError ("terminated"). */
  terminate(): void;
}

/**
 * Why the worker failed: "load" (the worker script or the WebAssembly module
 * could not be loaded), "crash" (the worker died or a reply could not be read)
 * or "terminated" (after `terminate()`). The next call after "load" or "crash"
 * starts a new worker.
 */
export type ParsiWorkerErrorCode = "load" | "crash" | "terminated";

/** A failure of the worker itself. Errors thrown by parsi functions (TypeError, ...) are passed on as they are. */
export declare class ParsiWorkerError extends Error {
  constructor(code: ParsiWorkerErrorCode, message: string, options?: ErrorOptions);
  readonly name: "ParsiWorkerError";
  readonly code: ParsiWorkerErrorCode;
}

/**
 * Starts parsi in a module Web Worker (browsers; not Node.js). The worker loads
 * the WebAssembly module at once; calls made before it is ready wait for it.
 * @throws {TypeError} on an unknown option.
 */
export declare function createParsiWorker(options?: ParsiWorkerOptions): ParsiWorker;
