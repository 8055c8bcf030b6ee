// A TypeScript consumer of the npm package: every exported function, every
// field of Document, Sentence, Token, Entity and SearchToken, every option,
// the user dictionary (createAnalyzer) and the worker helper. tests/npm/run.sh compiles it with `tsc --noEmit --strict` against the
// packed tarball; a wrong or missing type in the package's .d.ts files fails it.
// (It is type-checked only, never run.)

import {
  analyze,
  normalize,
  sentences,
  tokenize,
  version,
  parseNumber,
  numberToWords,
  toConllu,
  searchTokens,
  createAnalyzer,
  analyzeChunks,
  prepare,
  type Analyzer,
  type AnalyzeOptions,
  type DictionaryEntity,
  type Document,
  type DocumentChunk,
  type DocumentChunks,
  type Entity,
  type EntityLabel,
  type EntityValue,
  type NormalizeOptions,
  type SearchOptions,
  type SearchToken,
  type Sentence,
  type Token,
  type TokenKind,
  type Upos,
  type UserDictionary,
  type Word,
} from "parsi";
import init, { initSync, analyze as webAnalyze, type InitOutput } from "parsi/web";
import * as bundler from "parsi/bundler";
import * as nodejs from "parsi/nodejs";
import {
  createParsiWorker,
  ParsiWorkerError,
  type CallOptions,
  type CallResult,
  type ParsiCall,
  type ParsiMethod,
  type ParsiWorker,
  type ParsiWorkerErrorCode,
  type ParsiWorkerOptions,
  type StreamOptions,
  type StreamProgress,
} from "parsi/worker";

/** Fails to compile unless A and B are the same type. */
type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
function assertType<T extends true>(): T | undefined {
  return undefined;
}

// ---- options: every key, every allowed value ----------------------------

const allOptions: Required<NormalizeOptions> = {
  arabicLetters: true,
  tehMarbuta: false,
  alefHamza: false,
  wawHamza: false,
  ezafeHamza: "keep",
  digits: "persian",
  diacritics: true,
  maxRepeat: null,
  zwnj: true,
  verbPrefix: true,
  suffixes: true,
  clitics: true,
  compounds: true,
  punctuation: true,
  quotes: true,
};
const otherValues: NormalizeOptions[] = [
  { ezafeHamza: "remove" },
  { digits: "ascii" },
  { digits: "keep" },
  { maxRepeat: 2 },
  {},
];
const analyzeOptions: AnalyzeOptions = { normalize: allOptions, pos: true, entities: true };
const noOptions: AnalyzeOptions = {};

// @ts-expect-error: an unknown option is a compile error too
const misspelt: NormalizeOptions = { digitz: "ascii" };
// @ts-expect-error: not an allowed value
const badDigits: NormalizeOptions = { digits: "roman" };

// ---- the functions and every field of the results -----------------------

const text = "كتاب هاي علي را خواندم. سلام 😀 دنیا!";
const normalized: string = normalize(text);
const normalizedAscii: string = normalize(text, otherValues[1]);
const v: string = version();
const prepared: void = prepare({ pos: false, entities: false });
prepare();

function useWord(w: Word): string {
  const upos: Upos = w.upos;
  const same: boolean = text.slice(w.start, w.end) === w.text;
  const stems: string | undefined = w.stems; // a verb's past#present
  return `${w.norm}/${upos}/${w.lemma}/${stems ?? ""} ${same}`;
}

function useToken(t: Token): string {
  const kind: TokenKind = t.kind;
  const span: [number, number] = [t.start, t.end];
  const same: boolean = text.slice(span[0], span[1]) === t.text;
  const words: string[] = t.words.map(useWord);
  const value: number | undefined = t.value;
  return `${t.norm} ${kind} ${same} ${words.join(" ")} ${value ?? ""}`;
}

function useSentence(doc: Document, s: Sentence): Token[] {
  const ok: boolean = text.slice(s.start, s.end) === s.text;
  return ok ? doc.tokens.slice(s.tokenStart, s.tokenEnd) : [];
}

function useEntity(e: Entity): string {
  const label: EntityLabel = e.label;
  const n: number = e.end - e.start;
  const score: number = e.score;
  const value: EntityValue | undefined = e.value;
  return `${label}:${e.text}:${n}:${score.toFixed(2)}:${value === undefined ? "" : useValue(value)}`;
}

// Every kind of value, narrowed by `kind`.
function useValue(v: EntityValue): string {
  switch (v.kind) {
    case "money":
      return `${v.amount.toFixed(2)} ${v.currency}`;
    case "percent":
      return `${v.number}%`;
    case "date": {
      const cal: "jalali" | "gregorian" | "hijri" = v.calendar;
      const iso: string | undefined = v.gregorian;
      return `${cal} ${v.year}-${v.month}-${v.day} ${iso ?? ""}`;
    }
    case "time":
      return `${v.hour}:${v.minute}`;
  }
}

const million: number | undefined = parseNumber("یک میلیون و دویست هزار");
const words: string = numberToWords(125);
const twentyFirst: string = numberToWords(21, true);
const conllu: string = toConllu(text);
const conlluNoPos: string = toConllu(text, { pos: false });

const doc: Document = analyze(text, analyzeOptions);
const docDefault: Document = analyze(text);
const docNoOptions: Document = analyze(text, noOptions);
const fields: [string, string, Sentence[], Token[], Entity[]] = [
  doc.text,
  doc.normalized,
  doc.sentences,
  doc.tokens,
  doc.entities,
];
const tokenLines: string[] = doc.tokens.map(useToken);
const sentenceTokens: Token[][] = doc.sentences.map((s) => useSentence(doc, s));
const entityLines: string[] = doc.entities.map(useEntity);
const searchOptions: Required<SearchOptions> = { normalize: allOptions, stem: true };
const searchToks: SearchToken[] = searchTokens(text, searchOptions);
const indexTerms: string[] = searchTokens(text).filter((t) => !t.stop).map((t) => t.term);
const searchSpans: boolean[] = searchToks.map((t) => text.slice(t.start, t.end) === t.text && t.norm.length > 0);
const unstemmed: SearchToken[] = searchTokens(text, { stem: false });
// @ts-expect-error: not a search option
const badSearch: SearchOptions = { stopWords: false };
const segs: Sentence[] = sentences(text);
const toks: Token[] = tokenize(text);

// ---- the user dictionary ---------------------------------------------------

const entity: DictionaryEntity = { text: "کافه نادری", label: "LOC" };
const dictionary: Required<UserDictionary> = {
  entities: [entity],
  neverEntities: ["حسن روحانی"],
  compounds: ["پیش‌نمایش"],
  neverJoin: ["آموز"],
};
// A long text a chunk at a time.
const chunks: DocumentChunks = analyzeChunks(text, analyzeOptions, 4096);
const chunkTokens: Token[] = [];
for (let c: DocumentChunk | undefined; (c = chunks.next()); ) chunkTokens.push(...c.tokens);
const chunkState: [boolean, number, number] = [chunks.done, chunks.position, chunks.progress];
chunks.free();
void [chunkTokens, chunkState];

const analyzer: Analyzer = createAnalyzer(dictionary);
const plain: Analyzer = createAnalyzer();
const dictDoc: Document = analyzer.analyze(text, analyzeOptions);
const dictChunks: DocumentChunks = analyzer.analyzeChunks(text, analyzeOptions);
void dictChunks.next();
const dictResults: [string, string, Sentence[], Token[], SearchToken[], Required<UserDictionary>] = [
  analyzer.normalize(text, { digits: "ascii" }),
  analyzer.toConllu(text, { pos: false }),
  analyzer.sentences(text),
  analyzer.tokenize(text),
  analyzer.searchTokens(text, { stem: false }),
  analyzer.dictionary(),
];
plain.free();
// @ts-expect-error: not an entity label
const badLabel: DictionaryEntity = { text: "x", label: "PERSON" };
// @ts-expect-error: not a dictionary key
const badDictionary: UserDictionary = { entity: [] };

// Unions are exact: all ten kinds and seven labels, nothing else.
assertType<Equal<TokenKind, "word" | "number" | "punct" | "url" | "email" | "mention" | "hashtag" | "emoji" | "symbol" | "latin">>();
assertType<Equal<EntityLabel, "PER" | "LOC" | "ORG" | "DAT" | "TIM" | "MON" | "PCT">>();
assertType<Equal<Token, { text: string; norm: string; start: number; end: number; kind: TokenKind; value?: number; words: Word[] }>>();
assertType<Equal<DictionaryEntity, { text: string; label: EntityLabel }>>();
assertType<
  Equal<UserDictionary, { entities?: DictionaryEntity[]; neverEntities?: string[]; compounds?: string[]; neverJoin?: string[] }>
>();
assertType<Equal<Parameters<typeof createAnalyzer>, [dictionary?: UserDictionary]>>();
assertType<Equal<ReturnType<typeof createAnalyzer>, Analyzer>>();
assertType<Equal<Parameters<Analyzer["analyze"]>, [text: string, options?: AnalyzeOptions]>>();
assertType<Equal<Parameters<Analyzer["searchTokens"]>, [text: string, options?: SearchOptions]>>();
assertType<Equal<Word, { text: string; norm: string; start: number; end: number; upos: Upos; lemma: string; stems?: string }>>();
assertType<
  Equal<
    Upos,
    "ADJ" | "ADP" | "ADV" | "AUX" | "CCONJ" | "DET" | "INTJ" | "NOUN" | "NUM" | "PART" | "PRON" | "PROPN" | "PUNCT" | "SCONJ" | "SYM" | "VERB" | "X"
  >
>();
assertType<Equal<AnalyzeOptions, { normalize?: NormalizeOptions; pos?: boolean; entities?: boolean }>>();
assertType<Equal<Sentence, { text: string; start: number; end: number; tokenStart: number; tokenEnd: number }>>();
assertType<Equal<Entity, { label: EntityLabel; text: string; start: number; end: number; score: number; value?: EntityValue }>>();
assertType<Equal<Parameters<typeof parseNumber>, [text: string]>>();
assertType<Equal<Parameters<typeof numberToWords>, [n: number, ordinal?: boolean]>>();
assertType<Equal<ReturnType<typeof parseNumber>, number | undefined>>();
assertType<Equal<Parameters<typeof toConllu>, [text: string, options?: AnalyzeOptions]>>();
assertType<Equal<ReturnType<typeof toConllu>, string>>();
assertType<Equal<Document, { text: string; normalized: string; sentences: Sentence[]; tokens: Token[]; entities: Entity[] }>>();
assertType<Equal<Parameters<typeof analyze>, [text: string, options?: AnalyzeOptions]>>();
assertType<Equal<Parameters<typeof normalize>, [text: string, options?: NormalizeOptions]>>();
assertType<Equal<SearchToken, { text: string; norm: string; term: string; stop: boolean; start: number; end: number }>>();
assertType<Equal<SearchOptions, { normalize?: NormalizeOptions; stem?: boolean }>>();
assertType<Equal<Parameters<typeof searchTokens>, [text: string, options?: SearchOptions]>>();
assertType<Equal<ReturnType<typeof searchTokens>, SearchToken[]>>();

// @ts-expect-error: the text must be a string
analyze(42);
// @ts-expect-error: a token has no `offset`
doc.tokens[0]?.offset;

// ---- the other entry points have the same API ---------------------------

async function browser(): Promise<Document> {
  const out: InitOutput = await init();
  const again: InitOutput = await init({ module_or_path: new URL("parsi_bg.wasm", "https://example.invalid/") });
  initSync({ module: new Uint8Array(0) });
  void out.memory;
  void again;
  return webAnalyze(text);
}
const fromBundler: Document = bundler.analyze(text);
const fromNode: Token[] = nodejs.tokenize(text);

// ---- the worker helper --------------------------------------------------

async function worker(): Promise<void> {
  const workerOptions: ParsiWorkerOptions = {
    url: new URL("./worker.js", "https://example.invalid/"),
    wasm: "/parsi_bg.wasm",
    dictionary: { entities: [{ text: "کافه نادری", label: "LOC" }] },
  };
  const p: ParsiWorker = createParsiWorker(workerOptions);
  const withDefaults: ParsiWorker = createParsiWorker();
  const preparing: ParsiWorker[] = [
    createParsiWorker({ prepare: true }),
    createParsiWorker({ prepare: { pos: false, entities: false } }),
  ];
  // @ts-expect-error: prepare is true, false or analyze options
  createParsiWorker({ prepare: "yes" });
  const ver: string = await p.ready();

  const call: ParsiCall<Document> = p.analyze(text, analyzeOptions);
  const id: number = call.id;
  const d: Document = await call;
  const first: Token | undefined = d.tokens[0];

  const controller = new AbortController();
  const callOptions: CallOptions = { signal: controller.signal, cancelPrevious: true };
  const newer = p.analyze(text, undefined, callOptions);
  controller.abort();
  newer.cancel();
  await newer.catch((e: unknown) => e instanceof DOMException && e.name === "AbortError");

  // analyzeStream: progress after each chunk, cancelled between chunks.
  const seen: StreamProgress[] = [];
  const streamOptions: StreamOptions = {
    onProgress: (pr: StreamProgress) => {
      const chunk: DocumentChunk = pr.chunk;
      const counts: number = pr.position + pr.total + pr.progress + pr.index + pr.sentences + pr.tokens + pr.entities + pr.ms;
      void [chunk.start, chunk.end, chunk.text, chunk.separator, chunk.normalized, chunk.entities.length, counts];
      seen.push(pr);
    },
    chunkSize: 4096,
    signal: controller.signal,
    cancelPrevious: false,
  };
  const streamed: ParsiCall<Document> = p.analyzeStream(text, analyzeOptions, streamOptions);
  const streamedDoc: Document = await streamed;
  const streamedDefaults: Document = await p.analyzeStream(text);
  void [seen, streamedDoc, streamedDefaults, streamed.id];

  const n: string = await p.normalize(text, { digits: "ascii" });
  const n2: string = await p.normalize(text, undefined, { cancelPrevious: false });
  const s: Sentence[] = await p.sentences(text);
  const t: Token[] = await p.tokenize(text, {});
  const pv: string = await p.version();
  const st: SearchToken[] = await p.searchTokens(text, { stem: false }, { cancelPrevious: false });
  const cu: string = await p.toConllu(text, { pos: false });
  const timedSearch: CallResult<SearchToken[]> = await p.call("searchTokens", [text]);
  const timedConllu: CallResult<string> = await p.call("toConllu", [text, { entities: false }]);

  const method: ParsiMethod = "tokenize";
  const timed: CallResult<Document> = await p.call("analyze", [text, { normalize: { digits: "keep" } }]);
  const timedTokens: CallResult<Token[]> = await p.call(method === "tokenize" ? "tokenize" : "tokenize", [text], { cancelPrevious: true });
  const ms: number = timed.ms + timedTokens.ms;
  const same: boolean = timed.id > 0 && timed.value.tokens.length >= 0;

  // @ts-expect-error: call() checks the arguments of each method
  void p.call("normalize", [42]);
  // @ts-expect-error: no such method
  void p.call("parse", [text]);

  const howMany: number = p.pending;
  p.cancel();
  p.cancel(new Error("stop"));
  p.terminate();
  withDefaults.terminate();
  for (const w of preparing) w.terminate();

  try {
    await p.ready();
  } catch (e: unknown) {
    if (e instanceof ParsiWorkerError) {
      const code: ParsiWorkerErrorCode = e.code;
      const name: "ParsiWorkerError" = e.name;
      void [code, name];
    }
  }
  void [ver, id, first, n, n2, s, t, pv, ms, same, howMany, st, cu, timedSearch, timedConllu];
}

export const used = [
  misspelt, badDigits, normalized, normalizedAscii, v, million, words, twentyFirst, conllu, conlluNoPos, docDefault, docNoOptions, fields,
  tokenLines, sentenceTokens, entityLines, segs, toks, browser, fromBundler, fromNode, worker,
  searchToks, indexTerms, searchSpans, unstemmed, badSearch,
  dictDoc, dictResults, badLabel, badDictionary, prepared,
];
