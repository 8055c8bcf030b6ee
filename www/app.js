// The demo page: sends the text to a module worker (worker.js) that runs the
// WebAssembly package, through the package's worker helper (parsi/worker,
// www/pkg/worker-client.mjs), and renders the result with DOM APIs only.
// Also: the normalizer's options as switches (options.js, kept in
// localStorage), .txt files by picker or drop (files.js), JSON and CoNLL-U
// export and copy, the before/after view of normalization, and the entity
// legend's per-label toggles.
// Long texts (over STREAM_THRESHOLD characters) are analysed chunk by chunk,
// with a progress bar and a Cancel button, and drawn as the chunks come (see
// "long texts" below); very long pastes and files stay out of the text box.

import { createParsiWorker } from './pkg/worker-client.mjs';
import {
  TOKEN_KINDS,
  ENTITY_LABELS,
  buildLegend,
  buildEntityToggles,
  buildSentences,
  buildTokens,
  buildHighlighted,
  buildDiff,
  countBy,
  drawableEntities,
  fa,
  textDirection,
} from './render.js';
import { OPTION_GROUPS, buildOptionControls, readControls, writeControls, loadOptions, saveOptions, changedCount } from './options.js';
import { decodeText, isTextFile, MAX_FILE_BYTES } from './files.js';

/** Token chips drawn at once; the rest on request (a 100 KB article has ~20 000). */
const CHIP_LIMIT = 4000;
/** Sentences listed at once; the rest on request. */
const SENTENCE_LIMIT = 3000;
/** Sentences a background task adds to the list (see renderSentencesLater). */
const SENTENCE_SLICE = 250;
/**
 * Texts longer than this (UTF-16 units) are analysed a chunk at a time
 * (analyzeStream): a progress bar, a Cancel button, and the views drawn a part
 * at a time as the chunks come, so that the page never freezes.
 */
const STREAM_THRESHOLD = 50_000;
/**
 * Pasted or opened texts longer than this stay out of the text box, which shows
 * their beginning (read-only): Chromium lays out a text box's whole value, which
 * takes seconds of the page's time for a few MB.
 */
const HOLD_THRESHOLD = 200_000;
/** How much of a held text the text box shows. */
const PREVIEW_CHARS = 20_000;
/** About how many bytes of UTF-8 each chunk of a long text covers. */
const CHUNK_BYTES = 32_768;
/** How long a slice of background drawing may keep the page busy (ms). */
const SLICE_MS = 12;

const $ = (id) => {
  const e = document.getElementById(id);
  if (!e) throw new Error(`missing element #${id}`);
  return e;
};

const ui = {
  input: $('input'),
  analyze: $('analyze'),
  sample: $('sample'),
  clear: $('clear'),
  charCount: $('char-count'),
  status: $('status'),
  error: $('error'),
  errorText: $('error-text'),
  errorDetail: $('error-detail'),
  results: $('results'),
  version: $('version'),
  statSentences: $('stat-sentences'),
  statTokens: $('stat-tokens'),
  statChanged: $('stat-changed'),
  statEntities: $('stat-entities'),
  statTime: $('stat-time'),
  normalized: $('normalized'),
  sentences: $('sentences'),
  tokens: $('tokens'),
  tokensMore: $('tokens-more'),
  kindLegend: $('kind-legend'),
  entityLegend: $('entity-legend'),
  entitiesNote: $('entities-note'),
  entitiesText: $('entities-text'),
  entityDetail: $('entity-detail'),
  openFile: $('open-file'),
  fileInput: $('file-input'),
  fileName: $('file-name'),
  dropZone: $('drop-zone'),
  options: $('options'),
  optionsSummary: $('options-summary'),
  optionsReset: $('options-reset'),
  original: $('original'),
  diffSummary: $('diff-summary'),
  exportJson: $('export-json'),
  exportConllu: $('export-conllu'),
  copyJson: $('copy-json'),
  copyConllu: $('copy-conllu'),
  copyNormalized: $('copy-normalized'),
  notice: $('notice'),
  progress: $('progress'),
  progressBar: $('progress-bar'),
  progressFill: $('progress-fill'),
  progressLabel: $('progress-label'),
  cancel: $('cancel'),
  sentencesMore: $('sentences-more'),
  heldNote: $('held-note'),
};

/** The analysis on screen: { id, text, options, doc, drawn, conllu }, or null. */
let current = null;
/** Entity labels whose highlights are hidden (the legend's toggles). */
const hiddenLabels = new Set();
/** The name of the file the text came from, for the exported files' names. */
let sourceName = null;

// ---- worker -------------------------------------------------------------

// The package's worker helper runs the analysis in worker.js. A new request
// cancels the one in flight (`cancelPrevious`): the helper replaces a busy
// worker rather than waiting for it, and the cancelled call rejects with an
// AbortError, which is not an error for the page.
// `prepare`: the worker builds the models' tables while the page loads, not
// on the first analysis.
const engine = createParsiWorker({ url: new URL('./worker.js', import.meta.url), prepare: true });

/** The request whose answer is awaited: { id, text, t0 }; any other answer is stale. */
let pending = null;

const LOAD_FAILED = 'بارگذاری موتور تحلیل ممکن نشد.';

function startEngine() {
  engine.ready().then(
    (version) => {
      ui.version.textContent = String(version);
    },
    (e) => {
      if (e?.name === 'AbortError') return;
      fail(
        `${LOAD_FAILED} اگر صفحه را خودتان ساخته‌اید، بستهٔ ` +
          'WebAssembly را با scripts/build-wasm.sh در www/pkg بسازید.',
        undefined,
        errorText(e),
      );
    },
  );
}

function errorText(error) {
  if (!error) return 'خطای ناشناخته';
  const name = error.name && error.name !== 'Error' ? `${error.name}: ` : '';
  return `${name}${error.message ?? ''}`;
}

// ---- requests -----------------------------------------------------------

/** The options `analyze` (and `toConllu`) get: the normalizer's, from the switches. */
function analyzeOptions() {
  return { normalize: readControls(document) };
}

function requestAnalysis() {
  streaming = null;
  const text = inputText();
  const options = analyzeOptions();
  if (text.length > STREAM_THRESHOLD) {
    requestStream(text, options);
    return;
  }
  hideProgress();
  const call = engine.call('analyze', [text, options], { cancelPrevious: true });
  const req = { id: call.id, text, options, t0: performance.now() };
  pending = req;
  clearResults();
  hideError();
  setState('busy', req.id);
  ui.status.textContent = 'در حال تحلیل…';
  call.then(
    ({ value, ms }) => {
      if (pending !== req) return; // an answer to an older request
      pending = null;
      show(req, value, ms);
    },
    (e) => {
      if (e?.name === 'AbortError' || pending !== req) return; // replaced by a newer request
      pending = null;
      let what = 'تحلیل این متن با خطا روبه‌رو شد.';
      if (e?.name === 'ParsiWorkerError') {
        what = e.code === 'load' ? LOAD_FAILED : 'موتور تحلیل با خطا متوقف شد. دوباره «تحلیل» را بزنید.';
      }
      fail(what, req.id, errorText(e));
    },
  );
}

function setState(state, id) {
  ui.results.dataset.state = state;
  ui.results.dataset.requestId = String(id);
  ui.results.setAttribute('aria-busy', state === 'busy' ? 'true' : 'false');
  ui.analyze.setAttribute('aria-busy', state === 'busy' ? 'true' : 'false');
}

// ---- rendering ----------------------------------------------------------

function clearResults() {
  current = null;
  stopDrawing();
  for (const e of [ui.original, ui.normalized, ui.sentences, ui.sentencesMore, ui.tokens, ui.tokensMore, ui.entitiesText]) {
    e.replaceChildren();
  }
  ui.diffSummary.textContent = '';
  ui.entityDetail.textContent = '';
  ui.notice.textContent = '';
  for (const e of [ui.statSentences, ui.statTokens, ui.statChanged, ui.statEntities, ui.statTime]) {
    e.textContent = '–';
    delete e.dataset.value;
  }
  ui.entitiesNote.textContent = '';
  delete ui.results.dataset.firstPaint;
  delete ui.results.dataset.drawnMs;
  ui.results.hidden = true;
}

function setStat(element, value, text) {
  element.dataset.value = String(value);
  element.textContent = text ?? fa(value);
}

function formatMs(ms) {
  const digits = ms < 10 ? 1 : 0;
  return `${new Intl.NumberFormat('fa-IR', { maximumFractionDigits: digits, minimumFractionDigits: digits }).format(ms)} میلی‌ثانیه`;
}

function show(req, doc, analyzeMs) {
  const text = req.text;
  const tokens = Array.isArray(doc?.tokens) ? doc.tokens : [];
  const sentences = Array.isArray(doc?.sentences) ? doc.sentences : [];
  const entities = Array.isArray(doc?.entities) ? doc.entities : [];
  const changed = tokens.reduce((n, t) => n + (t.norm !== t.text ? 1 : 0), 0);
  const normalized = typeof doc?.normalized === 'string' ? doc.normalized : '';

  renderDiff(text, normalized, tokens);
  renderSentences(sentences, SENTENCE_LIMIT);
  ui.kindLegend.replaceChildren(buildLegend(document, TOKEN_KINDS, 'k', false, countBy(tokens, 'kind')));
  renderTokens(tokens, sentences, CHIP_LIMIT);

  const drawn = drawableEntities(text, entities);
  current = { id: req.id, text, options: req.options, doc, drawn, conllu: null };
  ui.entityLegend.replaceChildren(buildEntityToggles(document, countBy(drawn, 'label'), hiddenLabels));
  renderEntities();

  setStat(ui.statSentences, sentences.length);
  setStat(ui.statTokens, tokens.length);
  setStat(ui.statChanged, changed);
  setStat(ui.statEntities, drawn.length);
  ui.results.hidden = false;

  const totalMs = performance.now() - req.t0;
  setStat(ui.statTime, Math.round(analyzeMs * 10) / 10, formatMs(analyzeMs));
  ui.statTime.dataset.total = String(Math.round(totalMs));
  ui.statTime.title = `کل زمان (با انتقال و نمایش): ${formatMs(totalMs)}`;
  ui.status.textContent =
    `${fa(sentences.length)} جمله، ${fa(tokens.length)} واحد و ${fa(drawn.length)} موجودیت` +
    ` در ${formatMs(analyzeMs)} (کل: ${formatMs(totalMs)})`;
  setState('done', req.id);
}

/** The before/after view: the input and the normalized text, changes and ZWNJs visible. */
function renderDiff(text, normalized, tokens) {
  const d = buildDiff(document, text, normalized, tokens);
  ui.original.replaceChildren(d.before);
  ui.normalized.replaceChildren(d.after);
  Object.assign(ui.diffSummary.dataset, {
    removed: String(d.removed),
    added: String(d.added),
    zwnjAdded: String(d.zwnjAdded),
    zwnjRemoved: String(d.zwnjRemoved),
  });
  ui.diffSummary.textContent =
    d.removed + d.added === 0
      ? 'نرمال‌سازی چیزی را در این متن تغییر نداد.'
      : `نرمال‌سازی ${fa(d.removed)} نویسه را حذف یا جایگزین و ${fa(d.added)} نویسه را افزود یا جایگزین کرد؛ ` +
        `${fa(d.zwnjAdded)} نیم‌فاصله افزوده و ${fa(d.zwnjRemoved)} نیم‌فاصله حذف شد. ` +
        'بخش‌های تغییرکرده در هر دو سو رنگی‌اند و نیم‌فاصله‌ها با نوار باریک نشان داده شده‌اند.';
}

/** The entity view: the original text with the entities whose label is not hidden. */
function renderEntities() {
  if (!current) {
    // A long analysis in progress: the parts drawn already are drawn again
    // (the ones still to come follow the toggles by themselves).
    if (streaming) redrawParts(streaming);
    return;
  }
  const { text, drawn } = current;
  const visible = hiddenLabels.size === 0 ? drawn : drawn.filter((e) => !hiddenLabels.has(String(e.label)));
  if (current.long) redrawParts(current.long);
  else ui.entitiesText.replaceChildren(buildHighlighted(document, text, visible));
  ui.entitiesText.dataset.hidden = [...hiddenLabels].join(' ');
  ui.entityDetail.textContent = '';
  if (drawn.length === 0) {
    ui.entitiesNote.textContent =
      'موجودیتی شناسایی نشد. شناسایی موجودیت‌های نام‌دار با افزوده‌شدن مدل آن فعال می‌شود؛ تا آن زمان متن اصلی بدون برچسب نمایش داده می‌شود.';
  } else if (visible.length === drawn.length) {
    ui.entitiesNote.textContent = `${fa(drawn.length)} موجودیت در متن اصلی نشان داده شده است.`;
  } else {
    ui.entitiesNote.textContent = `${fa(visible.length)} موجودیت از ${fa(drawn.length)} موجودیت در متن اصلی نشان داده شده است؛ برچسب‌های پنهان: ${[...hiddenLabels].join('، ')}.`;
  }
}

function toggleLabel(button) {
  const label = button.dataset.label;
  if (!label) return;
  const show = hiddenLabels.has(label);
  if (show) hiddenLabels.delete(label);
  else hiddenLabels.add(label);
  const name = ENTITY_LABELS.find((l) => l.id === label)?.name ?? label;
  button.setAttribute('aria-pressed', show ? 'true' : 'false');
  button.title = show ? `پنهان کردن ${name}` : `نمایش ${name}`;
  renderEntities();
}

function renderSentences(sentences, limit) {
  const shown = Math.min(sentences.length, limit);
  ui.sentences.replaceChildren(buildSentences(document, shown === sentences.length ? sentences : sentences.slice(0, shown)));
  showMore(ui.sentencesMore, shown, sentences.length, 'جمله', () => renderAllSentences(sentences, shown));
}

/**
 * The sentence list of a long result, drawn by `job` SENTENCE_SLICE items a
 * task: the browser takes ~50 µs to style a list item, so the 3,000 drawn
 * at once held the page for 140 ms.
 */
function renderSentencesLater(job, sentences, limit) {
  const shown = Math.min(sentences.length, limit);
  ui.sentences.replaceChildren();
  ui.sentencesMore.replaceChildren();
  appendSentencesLater(job, sentences, 0, shown, () =>
    showMore(ui.sentencesMore, shown, sentences.length, 'جمله', () => renderAllSentences(sentences, shown)),
  );
}

/** Appends sentences[from..to] to the list, SENTENCE_SLICE a task of `job`; then `done()`. */
function appendSentencesLater(job, sentences, from, to, done = () => {}) {
  let next = from;
  later(job, () => {
    const end = Math.min(to, next + SENTENCE_SLICE);
    ui.sentences.append(buildSentences(document, sentences.slice(next, end), next + 1));
    next = end;
    if (next < to) return false;
    done();
    return true;
  });
}

/**
 * Fills `container` with "N of M {noun}s shown" and a "show all" button that
 * calls `onMore` once; empties it when everything is shown.
 */
function showMore(container, shown, total, noun, onMore) {
  container.replaceChildren();
  if (shown >= total) return;
  const note = document.createElement('span');
  note.textContent = `${fa(shown)} ${noun} از ${fa(total)} ${noun} نمایش داده شده است. `;
  const more = document.createElement('button');
  more.type = 'button';
  more.className = 'link-button';
  more.textContent = 'نمایش همه';
  more.addEventListener('click', onMore, { once: true });
  container.append(note, more);
}

/** The rest of a long sentence list, a batch at a time in the background. */
function renderAllSentences(sentences, from) {
  ui.sentencesMore.replaceChildren();
  appendSentencesLater(drawing ?? newDrawing(), sentences, from, sentences.length);
}

function renderTokens(tokens, sentences, limit) {
  const { fragment, shown } = buildTokens(document, tokens, sentences, limit);
  ui.tokens.replaceChildren(fragment);
  showMore(ui.tokensMore, shown, tokens.length, 'واحد', () => renderTokens(tokens, sentences, Infinity));
}

/** Shows an error: a message for the reader and the technical detail (English) apart. */
function fail(message, id, detail) {
  const requestId = id ?? pending?.id ?? 0;
  if (id === undefined) {
    // Not a request's own answer (the engine failed): whatever was awaited is lost.
    pending = null;
  }
  clearResults();
  ui.errorText.textContent = message;
  ui.errorDetail.textContent = detail ?? '';
  ui.errorDetail.hidden = !detail;
  ui.error.hidden = false;
  ui.status.textContent = '';
  setState('error', requestId);
}

function hideError() {
  ui.error.hidden = true;
  ui.errorText.textContent = '';
  ui.errorDetail.textContent = '';
  ui.errorDetail.hidden = true;
}

// ---- the input: the text box, or a long text held outside it --------------------

/** A long text kept out of the text box: { text, preview }, or null. */
let held = null;

/** The text to analyse: the held text, or the text box's. */
function inputText() {
  return held ? held.text : ui.input.value;
}

/** Keeps a long text out of the text box, which shows its beginning, read-only. */
function holdText(text) {
  let cut = text.lastIndexOf('\n', PREVIEW_CHARS);
  if (cut < PREVIEW_CHARS / 2) cut = PREVIEW_CHARS;
  const preview = text.slice(0, cut);
  held = { text, preview };
  ui.input.value = preview;
  ui.input.readOnly = true;
  ui.input.setAttribute('aria-describedby', 'input-hint drop-hint held-note');
  ui.heldNote.textContent =
    `متن بلند (${fa(text.length)} نویسه): کادر فقط آغاز آن را نشان می‌دهد و همهٔ متن تحلیل می‌شود. ` +
    'برای نوشتن یا چسباندن متن دیگر، «پاک کردن» را بزنید.';
  ui.heldNote.hidden = false;
  updateCharCount();
}

function releaseText() {
  if (!held) return;
  held = null;
  ui.input.readOnly = false;
  ui.input.setAttribute('aria-describedby', 'input-hint drop-hint');
  ui.heldNote.textContent = '';
  ui.heldNote.hidden = true;
}

function updateCharCount() {
  const text = inputText();
  ui.charCount.textContent = `${fa(text.length)} نویسه`;
  // The text box takes the direction of its text's first strong character, as
  // dir="auto" would; but Chromium's dir="auto" on a text box makes setting a
  // long value (a 2 MB paste) take many seconds, so the page does it itself.
  const dir = textDirection(text) ?? 'rtl';
  if (ui.input.getAttribute('dir') !== dir) ui.input.setAttribute('dir', dir);
}

// ---- long texts ---------------------------------------------------------------
//
// A text longer than STREAM_THRESHOLD is analysed by the worker a chunk at a
// time (analyzeStream). Each chunk is drawn as it comes: the entity view is a
// row of parts (div.text-part, one per chunk, which the browser lays out only
// near the viewport: content-visibility), the before/after panes too. The
// drawing is cut into small tasks run between frames (SLICE_MS at a time), so
// that clicks, typing and the Cancel button are answered while it works.

/** The long analysis in progress: see requestStream. */
let streaming = null;
/** The background drawing of the results on screen: { tasks, scheduled, stopped, onIdle }. */
let drawing = null;

function newDrawing() {
  stopDrawing();
  drawing = { tasks: [], scheduled: false, stopped: false, onIdle: null };
  ui.results.dataset.drawing = 'true';
  return drawing;
}

function stopDrawing() {
  if (drawing) drawing.stopped = true;
  drawing = null;
  delete ui.results.dataset.drawing;
}

/** Runs `task` (a function that returns true when it is done) in the background job. */
function later(job, task) {
  if (!job || job.stopped) return;
  job.tasks.push(task);
  if (job === drawing) ui.results.dataset.drawing = 'true';
  pump(job);
}

function pump(job) {
  if (job.scheduled || job.stopped) return;
  job.scheduled = true;
  const run = () => {
    job.scheduled = false;
    if (job.stopped) return;
    const t0 = performance.now();
    while (job.tasks.length > 0 && performance.now() - t0 < SLICE_MS) {
      if (job.tasks[0]()) job.tasks.shift();
      if (job.stopped) return;
    }
    if (job.tasks.length > 0) pump(job);
    else if (job.onIdle) job.onIdle();
  };
  // After the next frame is painted (a hidden page gets no frames: a timer then).
  if (document.hidden) setTimeout(run, 0);
  else requestAnimationFrame(() => setTimeout(run, 0));
}

function showProgress(fraction, detail) {
  const pct = Math.max(0, Math.min(100, Math.floor(fraction * 100)));
  ui.progress.hidden = false;
  ui.progressBar.setAttribute('aria-valuenow', String(pct));
  ui.progressBar.setAttribute('aria-valuetext', `${fa(pct)} درصد${detail ? `، ${detail}` : ''}`);
  ui.progressFill.style.width = `${pct}%`;
  ui.progressLabel.textContent = `${fa(pct)}٪ تحلیل شده${detail ? ` (${detail})` : ''}`;
}

function hideProgress() {
  ui.progress.hidden = true;
  ui.progressBar.setAttribute('aria-valuenow', '0');
  ui.progressFill.style.width = '0';
}

function requestStream(text, options) {
  const controller = new AbortController();
  const st = {
    text,
    options,
    controller,
    req: null,
    job: null,
    /** One per chunk: { from, to, entities (drawable), el, chunk }. */
    parts: [],
    diff: { removed: 0, added: 0, zwnjAdded: 0, zwnjRemoved: 0 },
    /** Tokens per kind and tokens normalization changed, counted chunk by chunk. */
    kinds: new Map(),
    changed: 0,
    progress: 0,
    ms: 0,
    firstPaint: null,
  };
  const call = engine.analyzeStream(text, options, {
    chunkSize: CHUNK_BYTES,
    cancelPrevious: true,
    signal: controller.signal,
    onProgress: (p) => onChunk(st, p),
  });
  const req = { id: call.id, text, options, t0: performance.now() };
  st.req = req;
  pending = req;
  clearResults();
  hideError();
  streaming = st;
  st.job = newDrawing();
  setState('busy', req.id);
  ui.status.textContent = `در حال تحلیل متن بلند (${fa(text.length)} نویسه)، بخش به بخش…`;
  showProgress(0);
  ui.entityLegend.replaceChildren(buildEntityToggles(document, null, hiddenLabels));
  ui.diffSummary.textContent = 'پیش و پس نرمال‌سازی بخش به بخش نمایش داده می‌شود.';
  ui.results.hidden = false;
  call.then(
    (doc) => {
      if (pending !== req || streaming !== st) return;
      pending = null;
      streaming = null;
      finishStream(st, doc);
    },
    (e) => {
      if (streaming === st) streaming = null;
      if (e?.name === 'AbortError' || pending !== req) return;
      pending = null;
      hideProgress();
      let what = 'تحلیل این متن با خطا روبه‌رو شد.';
      if (e?.name === 'ParsiWorkerError') {
        what = e.code === 'load' ? LOAD_FAILED : 'موتور تحلیل با خطا متوقف شد. دوباره «تحلیل» را بزنید.';
      }
      fail(what, req.id, errorText(e));
    },
  );
}

/** A chunk from the worker: its part of the entity view is drawn at once (in the next frame). */
function onChunk(st, p) {
  if (streaming !== st) return;
  if (p.index === 0 && st.parts.length > 0) {
    // The worker was replaced (another call trapped): the text starts over.
    st.parts = [];
    st.diff = { removed: 0, added: 0, zwnjAdded: 0, zwnjRemoved: 0 };
    st.kinds = new Map();
    st.changed = 0;
    st.job = newDrawing();
    for (const e of [ui.entitiesText, ui.original, ui.normalized]) e.replaceChildren();
  }
  const c = p.chunk;
  // Counted here, not over the whole document at the end (a 10 MB text has a
  // million tokens: one pass over them then held the page).
  for (const t of c.tokens) {
    st.kinds.set(t.kind, (st.kinds.get(t.kind) ?? 0) + 1);
    if (t.norm !== t.text) st.changed++;
  }
  const prev = st.parts[st.parts.length - 1];
  const from = prev ? prev.to : 0;
  const part = { from, to: Math.max(from, c.end), entities: drawableEntities(st.text, c.entities), el: null, chunk: c };
  part.el = document.createElement('div');
  part.el.className = 'text-part';
  ui.entitiesText.append(part.el);
  st.parts.push(part);
  later(st.job, () => drawPart(st, part));
  // The before/after of a chunk needs the next one's separator (its line break, normalized).
  if (prev) later(st.job, () => drawDiff(st, prev, c.separator ?? ''));
  st.progress = p.progress;
  st.ms = p.ms;
  showProgress(p.progress, `${fa(p.entities)} موجودیت`);
  setStat(ui.statSentences, p.sentences);
  setStat(ui.statTokens, p.tokens);
  setStat(ui.statEntities, p.entities);
}

function drawPart(st, part) {
  const visible = hiddenLabels.size === 0 ? part.entities : part.entities.filter((e) => !hiddenLabels.has(String(e.label)));
  part.el.replaceChildren(buildHighlighted(document, st.text, visible, part.from, part.to));
  if (st.firstPaint === null) {
    st.firstPaint = performance.now() - st.req.t0;
    ui.results.dataset.firstPaint = String(Math.round(st.firstPaint));
  }
  return true;
}

/** The before/after panes of one part: the input's chunk and its normalized text. */
function drawDiff(st, part, after) {
  const c = part.chunk;
  const tokens = c.tokens.map((t) => ({ start: t.start - part.from, end: t.end - part.from, norm: t.norm }));
  const d = buildDiff(document, st.text.slice(part.from, part.to), `${c.normalized}${after}`, tokens);
  const before = document.createElement('div');
  before.className = 'text-part';
  before.append(d.before);
  const afterEl = document.createElement('div');
  afterEl.className = 'text-part';
  afterEl.append(d.after);
  // The first chunk's separator is "": the normalized text starts with the first chunk.
  ui.original.append(before);
  ui.normalized.append(afterEl);
  st.diff.removed += d.removed;
  st.diff.added += d.added;
  st.diff.zwnjAdded += d.zwnjAdded;
  st.diff.zwnjRemoved += d.zwnjRemoved;
  return true;
}

function redrawParts(st) {
  for (const part of st.parts) later(st.job, () => drawPart(st, part));
}

/** The whole Document is there: the views that need all of it, and the numbers. */
function finishStream(st, doc) {
  const { text } = st;
  const tokens = doc.tokens;
  const sentences = doc.sentences;
  const last = st.parts[st.parts.length - 1];
  if (last) later(st.job, () => drawDiff(st, last, ''));
  if (last && last.to < text.length) {
    // Text after the last chunk (there should be none): drawn with the last part.
    last.to = text.length;
  } else if (!last && text.length > 0) {
    const part = { from: 0, to: text.length, entities: [], el: document.createElement('div'), chunk: null };
    part.el.className = 'text-part';
    ui.entitiesText.append(part.el);
    st.parts.push(part);
    later(st.job, () => drawPart(st, part));
  }
  // The chunks' entities, each chunk's already checked and sorted (a chunk
  // never cuts an entity): together what drawableEntities gives for the whole.
  const drawn = st.parts.flatMap((part) => part.entities);
  current = { id: st.req.id, text, options: st.options, doc, drawn, conllu: null, long: st };
  renderSentencesLater(st.job, sentences, SENTENCE_LIMIT);
  ui.kindLegend.replaceChildren(buildLegend(document, TOKEN_KINDS, 'k', false, st.kinds));
  renderTokens(tokens, sentences, CHIP_LIMIT);
  ui.entityLegend.replaceChildren(buildEntityToggles(document, countBy(drawn, 'label'), hiddenLabels));
  const visible = hiddenLabels.size === 0 ? drawn.length : drawn.filter((e) => !hiddenLabels.has(String(e.label))).length;
  ui.entitiesNote.textContent =
    drawn.length === 0
      ? 'موجودیتی شناسایی نشد.'
      : `${fa(visible)} موجودیت از ${fa(drawn.length)} موجودیت در متن اصلی نشان داده شده است (متن بلند، بخش به بخش).`;
  ui.entitiesText.dataset.hidden = [...hiddenLabels].join(' ');
  setStat(ui.statSentences, sentences.length);
  setStat(ui.statTokens, tokens.length);
  setStat(ui.statChanged, st.changed);
  setStat(ui.statEntities, drawn.length);
  const totalMs = performance.now() - st.req.t0;
  setStat(ui.statTime, Math.round(st.ms * 10) / 10, formatMs(st.ms));
  ui.statTime.dataset.total = String(Math.round(totalMs));
  ui.statTime.title = `کل زمان (با انتقال و نمایش): ${formatMs(totalMs)}`;
  ui.status.textContent =
    `${fa(sentences.length)} جمله، ${fa(tokens.length)} واحد و ${fa(drawn.length)} موجودیت` +
    ` در ${formatMs(st.ms)} (کل: ${formatMs(totalMs)}؛ ${fa(st.parts.length)} بخش)`;
  hideProgress();
  setState('done', st.req.id);
  st.job.onIdle = () => {
    if (drawing !== st.job) return;
    delete ui.results.dataset.drawing;
    ui.results.dataset.drawnMs = String(Math.round(performance.now() - st.req.t0));
    const d = st.diff;
    Object.assign(ui.diffSummary.dataset, {
      removed: String(d.removed),
      added: String(d.added),
      zwnjAdded: String(d.zwnjAdded),
      zwnjRemoved: String(d.zwnjRemoved),
    });
    ui.diffSummary.textContent =
      `نرمال‌سازی ${fa(d.removed)} نویسه را حذف یا جایگزین و ${fa(d.added)} نویسه را افزود یا جایگزین کرد؛ ` +
      `${fa(d.zwnjAdded)} نیم‌فاصله افزوده و ${fa(d.zwnjRemoved)} نیم‌فاصله حذف شد.`;
  };
  pump(st.job);
}

/** Stops the long analysis in progress (the Cancel button, or new input). */
function cancelStream(why) {
  const st = streaming;
  if (!st) return;
  streaming = null;
  if (pending === st.req) pending = null;
  st.controller.abort();
  clearResults();
  hideProgress();
  ui.status.textContent = `تحلیل ${why}؛ ${fa(Math.floor(st.progress * 100))}٪ از متن تحلیل شده بود.`;
  setState('cancelled', st.req.id);
}

ui.cancel.addEventListener('click', () => cancelStream('لغو شد'));

// ---- files ----------------------------------------------------------------

/** Shows a problem with an opened file (not an analysis error: results stay). */
function fileProblem(message) {
  ui.errorText.textContent = message;
  ui.errorDetail.textContent = '';
  ui.errorDetail.hidden = true;
  ui.error.hidden = false;
}

async function openFile(file) {
  hideError();
  if (!isTextFile(file)) {
    fileProblem(`«${file.name}» پروندهٔ متنی نیست. یک پروندهٔ \u200E.txt\u200E باز کنید.`);
    return;
  }
  if (file.size > MAX_FILE_BYTES) {
    fileProblem(`«${file.name}» بزرگ‌تر از ${fa(MAX_FILE_BYTES / 1_000_000)} مگابایت است؛ متن را به بخش‌های کوچک‌تر تقسیم کنید.`);
    return;
  }
  let decoded;
  try {
    decoded = decodeText(await file.arrayBuffer());
  } catch (e) {
    fileProblem(`خواندن «${file.name}» ممکن نشد: ${errorText(e)}`);
    return;
  }
  if (decoded === null) {
    fileProblem(`«${file.name}» متن نیست (نویسهٔ صفر دارد).`);
    return;
  }
  cancelStream('متوقف شد (پروندهٔ تازه)');
  releaseText();
  if (decoded.text.length > HOLD_THRESHOLD) {
    holdText(decoded.text);
  } else {
    ui.input.value = decoded.text;
    updateCharCount();
  }
  sourceName = file.name;
  ui.fileName.textContent = `پرونده: ${file.name} (${decoded.encoding})`;
  ui.fileName.hidden = false;
  requestAnalysis();
}

const hasFiles = (event) => Boolean(event.dataTransfer) && [...event.dataTransfer.types].includes('Files');

ui.openFile.addEventListener('click', () => ui.fileInput.click());
ui.fileInput.addEventListener('change', () => {
  const file = ui.fileInput.files?.[0];
  ui.fileInput.value = ''; // choosing the same file again is a change too
  if (file) openFile(file);
});
for (const type of ['dragenter', 'dragover']) {
  ui.dropZone.addEventListener(type, (event) => {
    if (!hasFiles(event)) return;
    event.preventDefault();
    event.stopPropagation();
    event.dataTransfer.dropEffect = 'copy';
    ui.dropZone.classList.add('dragging');
  });
}
ui.dropZone.addEventListener('dragleave', (event) => {
  if (!ui.dropZone.contains(event.relatedTarget)) ui.dropZone.classList.remove('dragging');
});
ui.dropZone.addEventListener('drop', (event) => {
  ui.dropZone.classList.remove('dragging');
  if (!hasFiles(event)) return;
  event.preventDefault();
  event.stopPropagation();
  const file = event.dataTransfer.files[0];
  if (file) openFile(file);
});
// A file dropped anywhere else must not replace the page.
window.addEventListener('dragover', (event) => {
  if (!hasFiles(event)) return;
  event.preventDefault();
  event.dataTransfer.dropEffect = 'none';
});
window.addEventListener('drop', (event) => {
  if (hasFiles(event)) event.preventDefault();
});

// ---- export and copy ------------------------------------------------------

function baseName() {
  const name = (sourceName ?? 'parsi').replace(/\.[^.]*$/, '');
  return name.trim() === '' ? 'parsi' : name;
}

function jsonText() {
  return `${JSON.stringify(current.doc, null, 2)}\n`;
}

/** Texts longer than this (characters of JSON) are not put on the clipboard. */
const MAX_COPY_CHARS = 50_000_000;

/**
 * A long text's analysis as JSON, in parts built a batch at a time between
 * tasks (one JSON.stringify of a 10 MB text's analysis freezes the page for
 * long and can pass the longest string there is): the same fields, each
 * sentence, token and entity on its own line.
 */
async function jsonParts(doc) {
  const parts = ['{\n  "text": ', JSON.stringify(doc.text), ',\n  "normalized": ', JSON.stringify(doc.normalized)];
  for (const key of ['sentences', 'tokens', 'entities']) {
    const items = doc[key];
    parts.push(`,\n  "${key}": [`);
    for (let i = 0; i < items.length; i += 5000) {
      const batch = [];
      for (let j = i; j < Math.min(items.length, i + 5000); j++) batch.push(JSON.stringify(items[j]));
      parts.push(i === 0 ? '\n    ' : ',\n    ', batch.join(',\n    '));
      await new Promise((r) => setTimeout(r, 0));
    }
    parts.push(items.length > 0 ? '\n  ]' : ']');
  }
  parts.push('\n}\n');
  return parts;
}

/** The JSON to download: parts for a long text, one string otherwise. */
async function jsonForDownload() {
  return current.long ? jsonParts(current.doc) : jsonText();
}

/** The JSON to copy; a long text's only if it is not too long for the clipboard. */
async function jsonForCopy() {
  if (!current.long) return jsonText();
  const parts = await jsonParts(current.doc);
  const length = parts.reduce((n, p) => n + p.length, 0);
  if (length > MAX_COPY_CHARS) {
    throw new Error(`JSON of ${fa(length)} characters is too long for the clipboard; use download`);
  }
  return parts.join('');
}

/** The CoNLL-U of the analysis on screen, from the worker (toConllu), once. */
async function conlluText() {
  const c = current;
  if (c.conllu === null) {
    const { value } = await engine.call('toConllu', [c.text, c.options]);
    if (typeof value !== 'string') throw new Error('the worker gave no CoNLL-U text');
    c.conllu = value;
  }
  return c.conllu;
}

function download(name, text, type) {
  const url = URL.createObjectURL(new Blob(Array.isArray(text) ? text : [text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.hidden = true;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

async function writeClipboard(text) {
  if (navigator.clipboard?.writeText) {
    await navigator.clipboard.writeText(text);
    return;
  }
  // Without the asynchronous clipboard API: a selected, off-screen textarea.
  const area = document.createElement('textarea');
  area.value = text;
  area.setAttribute('readonly', '');
  area.className = 'offscreen';
  document.body.append(area);
  area.select();
  const ok = document.execCommand('copy');
  area.remove();
  if (!ok) throw new Error('copy was refused');
}

function acknowledge(button) {
  button.classList.add('done');
  setTimeout(() => button.classList.remove('done'), 2000);
}

/**
 * Runs an export or copy for the analysis on screen. `make` returns the text;
 * `deliver` downloads or copies it. Errors are told in the notice line; a
 * newer analysis that replaced this one (AbortError) is not an error.
 */
function action(button, what, make, deliver, done) {
  button.addEventListener('click', async () => {
    if (!current) return;
    const shown = current;
    button.setAttribute('aria-busy', 'true');
    try {
      const text = await make();
      if (current !== shown) return;
      await deliver(text);
      acknowledge(button);
      ui.notice.textContent = done(text);
    } catch (e) {
      if (e?.name === 'AbortError') return;
      ui.notice.textContent = `${what} ممکن نشد: ${errorText(e)}`;
    } finally {
      button.setAttribute('aria-busy', 'false');
    }
  });
}

const chars = (text) => `${fa(text.length)} نویسه`;
action(ui.exportJson, 'دریافت JSON', jsonForDownload, (t) => download(`${baseName()}.json`, t, 'application/json;charset=utf-8'),
  () => `پروندهٔ ${baseName()}.json آماده شد.`);
action(ui.exportConllu, 'دریافت CoNLL-U', conlluText, (t) => download(`${baseName()}.conllu`, t, 'text/plain;charset=utf-8'),
  () => `پروندهٔ ${baseName()}.conllu آماده شد.`);
action(ui.copyJson, 'رونوشت JSON', jsonForCopy, writeClipboard, (t) => `JSON در حافظه رونوشت شد (${chars(t)}).`);
action(ui.copyConllu, 'رونوشت CoNLL-U', conlluText, writeClipboard, (t) => `CoNLL-U در حافظه رونوشت شد (${chars(t)}).`);
action(ui.copyNormalized, 'رونوشت متن نرمال‌شده', async () => current.doc.normalized, writeClipboard,
  (t) => `متن نرمال‌شده در حافظه رونوشت شد (${chars(t)}).`);

// ---- options ----------------------------------------------------------------

function updateOptionsSummary() {
  const n = changedCount(readControls(document));
  ui.optionsSummary.textContent = n === 0 ? '(پیش‌فرض)' : `(${fa(n)} تغییر نسبت به پیش‌فرض)`;
  ui.optionsSummary.dataset.changed = String(n);
}

function optionsChanged() {
  saveOptions(readControls(document));
  updateOptionsSummary();
  // The output follows the switches: analyze again what is on screen.
  if (current || pending) requestAnalysis();
}

for (const group of OPTION_GROUPS) {
  $(group.container).replaceChildren(buildOptionControls(document, group));
}
writeControls(document, loadOptions());
updateOptionsSummary();
ui.options.addEventListener('change', (event) => {
  if (event.target instanceof HTMLInputElement || event.target instanceof HTMLSelectElement) optionsChanged();
});
ui.optionsReset.addEventListener('click', () => {
  writeControls(document, {});
  optionsChanged();
});

// ---- entities ----------------------------------------------------------------

ui.entityLegend.addEventListener('click', (event) => {
  const button = event.target instanceof Element ? event.target.closest('button.legend-toggle') : null;
  if (button) toggleLabel(button);
});
// The hovered or focused entity's label, score and value, also for keyboard users.
const describeMark = (event) => {
  const mark = event.target instanceof Element ? event.target.closest('mark.ent') : null;
  if (mark) ui.entityDetail.textContent = `«${mark.textContent}»: ${mark.title}`;
};
ui.entitiesText.addEventListener('mouseover', describeMark);
ui.entitiesText.addEventListener('focusin', describeMark);

// ---- wiring -------------------------------------------------------------

ui.kindLegend.replaceChildren(buildLegend(document, TOKEN_KINDS, 'k', false));
ui.entityLegend.replaceChildren(buildEntityToggles(document, null, hiddenLabels));

ui.analyze.addEventListener('click', requestAnalysis);
ui.input.addEventListener('keydown', (event) => {
  if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
    event.preventDefault();
    requestAnalysis();
  }
});
// A long paste is held out of the text box (see HOLD_THRESHOLD); while a text
// is held (the box is read-only), a paste replaces it. Either is analysed at once.
ui.input.addEventListener('paste', (event) => {
  const pasted = (event.clipboardData?.getData('text/plain') ?? '').replace(/\r\n?/g, '\n');
  if (!held && pasted.length <= HOLD_THRESHOLD) return; // the browser pastes it; the input event follows
  event.preventDefault();
  const box = held ? '' : ui.input.value;
  const from = held ? 0 : ui.input.selectionStart;
  const to = held ? 0 : ui.input.selectionEnd;
  const text = box.slice(0, from) + pasted + box.slice(to);
  cancelStream('متوقف شد (متن تازه)');
  releaseText();
  if (text.length > HOLD_THRESHOLD) {
    holdText(text);
  } else {
    ui.input.value = text;
    updateCharCount();
  }
  forgetFile();
  requestAnalysis();
});
ui.input.addEventListener('input', (event) => {
  updateCharCount();
  // Pasted or dropped text is analysed at once (a newer analysis replaces a running one);
  // any other change makes a long analysis in progress pointless: it stops.
  if (event.inputType === 'insertFromPaste' || event.inputType === 'insertFromDrop') requestAnalysis();
  else cancelStream('متوقف شد (متن تغییر کرد)');
});
ui.sample.addEventListener('click', () => {
  cancelStream('متوقف شد (متن تغییر کرد)');
  releaseText();
  ui.input.value = ui.input.defaultValue;
  forgetFile();
  updateCharCount();
  ui.input.focus();
});
ui.clear.addEventListener('click', () => {
  cancelStream('متوقف شد (متن پاک شد)');
  releaseText();
  ui.input.value = '';
  forgetFile();
  updateCharCount();
  ui.input.focus();
});

function forgetFile() {
  sourceName = null;
  ui.fileName.textContent = '';
  ui.fileName.hidden = true;
}

updateCharCount();
// Load the engine right away so the first analysis does not wait for it.
startEngine();
document.documentElement.dataset.app = 'ready';
