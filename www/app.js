// The demo page: sends the text to a module worker (worker.js) that runs the
// WebAssembly package, through the package's worker helper (parsi/worker,
// www/pkg/worker-client.mjs), and renders the result with DOM APIs only.
// Also: the normalizer's options as switches (options.js, kept in
// localStorage), .txt files by picker or drop (files.js), JSON and CoNLL-U
// export and copy, the before/after view of normalization, and the entity
// legend's per-label toggles.

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
} from './render.js';
import { OPTION_GROUPS, buildOptionControls, readControls, writeControls, loadOptions, saveOptions, changedCount } from './options.js';
import { decodeText, isTextFile, MAX_FILE_BYTES } from './files.js';

/** Token chips drawn at once; the rest on request (a 100 KB article has ~20 000). */
const CHIP_LIMIT = 4000;

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
const engine = createParsiWorker({ url: new URL('./worker.js', import.meta.url) });

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
  const text = ui.input.value;
  const options = analyzeOptions();
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
  for (const e of [ui.original, ui.normalized, ui.sentences, ui.tokens, ui.tokensMore, ui.entitiesText]) {
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
  ui.sentences.replaceChildren(buildSentences(document, sentences));
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
  if (!current) return;
  const { text, drawn } = current;
  const visible = drawn.filter((e) => !hiddenLabels.has(String(e.label)));
  ui.entitiesText.replaceChildren(buildHighlighted(document, text, visible));
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

function renderTokens(tokens, sentences, limit) {
  const { fragment, shown } = buildTokens(document, tokens, sentences, limit);
  ui.tokens.replaceChildren(fragment);
  ui.tokensMore.replaceChildren();
  if (shown < tokens.length) {
    const note = document.createElement('span');
    note.textContent = `${fa(shown)} واحد از ${fa(tokens.length)} واحد نمایش داده شده است. `;
    const more = document.createElement('button');
    more.type = 'button';
    more.className = 'link-button';
    more.textContent = 'نمایش همه';
    more.addEventListener('click', () => renderTokens(tokens, sentences, Infinity), { once: true });
    ui.tokensMore.append(note, more);
  }
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

function updateCharCount() {
  ui.charCount.textContent = `${fa(ui.input.value.length)} نویسه`;
}

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
  ui.input.value = decoded.text;
  updateCharCount();
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
  const url = URL.createObjectURL(new Blob([text], { type }));
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
action(ui.exportJson, 'دریافت JSON', jsonText, (t) => download(`${baseName()}.json`, t, 'application/json;charset=utf-8'),
  () => `پروندهٔ ${baseName()}.json آماده شد.`);
action(ui.exportConllu, 'دریافت CoNLL-U', conlluText, (t) => download(`${baseName()}.conllu`, t, 'text/plain;charset=utf-8'),
  () => `پروندهٔ ${baseName()}.conllu آماده شد.`);
action(ui.copyJson, 'رونوشت JSON', jsonText, writeClipboard, (t) => `JSON در حافظه رونوشت شد (${chars(t)}).`);
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
ui.input.addEventListener('input', updateCharCount);
ui.sample.addEventListener('click', () => {
  ui.input.value = ui.input.defaultValue;
  forgetFile();
  updateCharCount();
  ui.input.focus();
});
ui.clear.addEventListener('click', () => {
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
