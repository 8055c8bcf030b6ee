// The demo page: sends the text to a module worker (worker.js) that runs the
// WebAssembly package, through the package's worker helper (parsi/worker,
// www/pkg/worker-client.mjs), and renders the result with DOM APIs only.

import { createParsiWorker } from './pkg/worker-client.mjs';
import {
  TOKEN_KINDS,
  ENTITY_LABELS,
  buildLegend,
  buildSentences,
  buildTokens,
  buildHighlighted,
  drawableEntities,
  fa,
} from './render.js';

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
};

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

function requestAnalysis() {
  const text = ui.input.value;
  const call = engine.call('analyze', [text], { cancelPrevious: true });
  const req = { id: call.id, text, t0: performance.now() };
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
  for (const e of [ui.normalized, ui.sentences, ui.tokens, ui.tokensMore, ui.entitiesText]) {
    e.replaceChildren();
  }
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

  ui.normalized.textContent = typeof doc?.normalized === 'string' ? doc.normalized : '';
  ui.sentences.replaceChildren(buildSentences(document, sentences));
  renderTokens(tokens, sentences, CHIP_LIMIT);

  const drawn = drawableEntities(text, entities);
  ui.entitiesText.replaceChildren(buildHighlighted(document, text, drawn));
  ui.entitiesNote.textContent =
    drawn.length > 0
      ? `${fa(drawn.length)} موجودیت در متن اصلی نشان داده شده است.`
      : 'موجودیتی شناسایی نشد. شناسایی موجودیت‌های نام‌دار با افزوده‌شدن مدل آن فعال می‌شود؛ تا آن زمان متن اصلی بدون برچسب نمایش داده می‌شود.';

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

// ---- wiring -------------------------------------------------------------

ui.kindLegend.replaceChildren(buildLegend(document, TOKEN_KINDS, 'k', false));
ui.entityLegend.replaceChildren(buildLegend(document, ENTITY_LABELS, 'e', true));

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
  updateCharCount();
  ui.input.focus();
});
ui.clear.addEventListener('click', () => {
  ui.input.value = '';
  updateCharCount();
  ui.input.focus();
});

updateCharCount();
// Load the engine right away so the first analysis does not wait for it.
startEngine();
document.documentElement.dataset.app = 'ready';
