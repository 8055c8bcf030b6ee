// DOM builders for the analysis results. Pure functions of their arguments:
// every string from the input or the library reaches the page through
// text nodes (createTextNode / textContent) or attributes set with
// setAttribute, never through HTML parsing, so hostile input is shown as text.

/** Token kinds, in legend order, with their Persian names. */
export const TOKEN_KINDS = [
  { id: 'word', name: 'واژه' },
  { id: 'number', name: 'عدد' },
  { id: 'punct', name: 'نشانه‌گذاری' },
  { id: 'latin', name: 'لاتین' },
  { id: 'url', name: 'نشانی وب' },
  { id: 'email', name: 'رایانامه' },
  { id: 'mention', name: 'نام‌بری' },
  { id: 'hashtag', name: 'هشتگ' },
  { id: 'emoji', name: 'شکلک' },
  { id: 'symbol', name: 'نماد' },
];

/** Named-entity labels (the PEYMA set), in legend order, with Persian names. */
export const ENTITY_LABELS = [
  { id: 'PER', name: 'شخص' },
  { id: 'LOC', name: 'مکان' },
  { id: 'ORG', name: 'سازمان' },
  { id: 'DAT', name: 'تاریخ' },
  { id: 'TIM', name: 'زمان' },
  { id: 'MON', name: 'پول' },
  { id: 'PCT', name: 'درصد' },
];

const KIND_BY_ID = new Map(TOKEN_KINDS.map((k) => [k.id, k]));
const LABEL_BY_ID = new Map(ENTITY_LABELS.map((l) => [l.id, l]));

const faNumber = new Intl.NumberFormat('fa-IR');
const percent = new Intl.NumberFormat('fa-IR', { style: 'percent', maximumFractionDigits: 0 });

/** A number written with Persian digits and separators. */
export function fa(n) {
  return faNumber.format(n);
}

/**
 * The direction of a text from its first strong character (as the Unicode
 * bidi algorithm finds a paragraph's): 'rtl', 'ltr', or null if it has none.
 */
export function textDirection(text) {
  const m = /[A-Za-z\u00C0-\u024F\u0370-\u03FF\u0400-\u04FF]|[\u0590-\u05FF\u0600-\u065F\u066D-\u06EF\u06FA-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFC]/.exec(text);
  if (!m) return null;
  return /[\u0590-\u08FF\uFB1D-\uFEFC]/.test(m[0]) ? 'rtl' : 'ltr';
}

/** The CSS-class-safe form of a kind or label (unknown values map to "other"). */
function classSafe(value, known) {
  return known.has(value) ? value : 'other';
}

function el(doc, tag, className, text) {
  const e = doc.createElement(tag);
  if (className) e.className = className;
  if (text !== undefined) e.textContent = text;
  return e;
}

/**
 * A legend: a list of swatches, one per item.
 * @param {Document} doc
 * @param {{id: string, name: string}[]} items
 * @param {string} prefix CSS class prefix of the swatch colour ("k" or "e").
 * @param {boolean} showId also show the item's id (entity labels).
 * @param {Map<string, number>} [counts] how many of each there are (shown after the name).
 */
export function buildLegend(doc, items, prefix, showId, counts) {
  const frag = doc.createDocumentFragment();
  for (const item of items) {
    const li = el(doc, 'li', 'legend-item');
    const sw = el(doc, 'span', `swatch swatch-${prefix} ${prefix}-${item.id}`);
    sw.setAttribute('aria-hidden', 'true');
    li.append(sw, el(doc, 'span', 'legend-name', item.name));
    if (showId) {
      const code = el(doc, 'bdi', 'legend-code', item.id);
      li.append(code);
    }
    if (counts) li.append(countBadge(doc, counts.get(item.id) ?? 0));
    li.dataset.id = item.id;
    frag.append(li);
  }
  return frag;
}

function countBadge(doc, n) {
  const c = el(doc, 'span', 'legend-count', fa(n));
  c.dataset.count = String(n);
  return c;
}

/** How many items have each value of `key` (e.g. tokens by kind, entities by label). */
export function countBy(items, key) {
  const counts = new Map();
  for (const item of items) counts.set(item[key], (counts.get(item[key]) ?? 0) + 1);
  return counts;
}

/**
 * The entity legend as toggle buttons (aria-pressed: the label's highlights
 * are shown), each with its label's count.
 * @param {Document} doc
 * @param {Map<string, number>|null} counts entities per label (null before any analysis)
 * @param {Set<string>} hidden the labels whose highlights are hidden
 */
export function buildEntityToggles(doc, counts, hidden) {
  const frag = doc.createDocumentFragment();
  for (const item of ENTITY_LABELS) {
    const li = el(doc, 'li', 'legend-item');
    li.dataset.id = item.id;
    const button = el(doc, 'button', 'legend-toggle');
    button.type = 'button';
    button.dataset.label = item.id;
    const shown = !hidden.has(item.id);
    button.setAttribute('aria-pressed', shown ? 'true' : 'false');
    const sw = el(doc, 'span', `swatch swatch-e e-${item.id}`);
    sw.setAttribute('aria-hidden', 'true');
    button.append(sw, el(doc, 'span', 'legend-name', item.name), el(doc, 'bdi', 'legend-code', item.id));
    let name = `${item.name} (${item.id})`;
    if (counts) {
      const n = counts.get(item.id) ?? 0;
      button.append(countBadge(doc, n));
      name += `، ${fa(n)} مورد`;
    }
    button.setAttribute('aria-label', name);
    button.title = shown ? `پنهان کردن ${item.name}` : `نمایش ${item.name}`;
    li.append(button);
    frag.append(li);
  }
  return frag;
}

/**
 * The numbered sentence list (items for an <ol>).
 * @param {Document} doc
 * @param {{text: string, start: number, end: number}[]} sentences
 * @param {number} first the number of the first
 */
export function buildSentences(doc, sentences, first = 1) {
  const frag = doc.createDocumentFragment();
  let number = first;
  for (const s of sentences) {
    // The list stays right-to-left (numbers on the right); each sentence's
    // text takes its own direction through unicode-bidi: plaintext (CSS).
    const li = el(doc, 'li', 'sentence', s.text);
    // Its number said outright: a list item laid out only near the view
    // (content-visibility, CSS) contains its own counter.
    li.value = number++;
    li.dataset.start = String(s.start);
    li.dataset.end = String(s.end);
    frag.append(li);
  }
  return frag;
}

/**
 * One token chip. Its text content is exactly the token as written in the
 * input (`input.slice(start, end)`); the normalized form, when it differs,
 * is in data-norm and the tooltip, shown by CSS as generated content. A
 * number token's value (`token.value`) is in data-value and the tooltip.
 */
export function buildTokenChip(doc, token) {
  const kind = classSafe(token.kind, KIND_BY_ID);
  const chip = el(doc, 'span', `tok k-${kind}`, token.text);
  // Chips are bidi-isolated (CSS). One with a strong character takes its own
  // direction; a neutral one (digits, punctuation) takes its sentence's.
  if (textDirection(token.text) !== null) chip.setAttribute('dir', 'auto');
  chip.dataset.start = String(token.start);
  chip.dataset.end = String(token.end);
  chip.dataset.kind = String(token.kind);
  const kindName = KIND_BY_ID.get(token.kind)?.name ?? String(token.kind);
  let title = `${kindName} · ${fa(token.start)}–${fa(token.end)}`;
  if (typeof token.norm === 'string' && token.norm !== token.text) {
    chip.classList.add('changed');
    chip.dataset.norm = token.norm;
    title += ` · نرمال‌شده: ${token.norm}`;
  }
  // The number a number token stands for (۳٫۵ → ۳٫۵، چهارصد → ۴۰۰).
  if (typeof token.value === 'number' && Number.isFinite(token.value)) {
    chip.dataset.value = String(token.value);
    title += ` · مقدار: ${number.format(token.value)}`;
  }
  // Part of speech and lemma of each UD word (several when UD splits the
  // token, e.g. کتابش → کتاب + ش): in data attributes, shown under the chip
  // by CSS, and in the tooltip.
  const words = Array.isArray(token.words) ? token.words : [];
  if (words.length > 0) {
    chip.dataset.upos = words.map((w) => String(w.upos)).join('+');
    chip.dataset.lemma = words.map((w) => String(w.lemma)).join('+');
    for (const w of words) {
      // A verb's stems (past#present) after its lemma: کرد (کرد#کن).
      const stems = typeof w.stems === 'string' ? ` (${w.stems})` : '';
      title += `\n${w.text} · ${w.upos} · ${UPOS_NAMES.get(w.upos) ?? ''} · بن: ${w.lemma}${stems}`;
    }
  }
  chip.title = title;
  return chip;
}

/** Persian names of the universal part-of-speech tags, for tooltips. */
export const UPOS_NAMES = new Map([
  ['ADJ', 'صفت'],
  ['ADP', 'حرف اضافه'],
  ['ADV', 'قید'],
  ['AUX', 'فعل کمکی'],
  ['CCONJ', 'حرف ربط هم‌پایه'],
  ['DET', 'وابسته'],
  ['INTJ', 'صوت'],
  ['NOUN', 'اسم'],
  ['NUM', 'عدد'],
  ['PART', 'ادات'],
  ['PRON', 'ضمیر'],
  ['PROPN', 'اسم خاص'],
  ['PUNCT', 'نشانه'],
  ['SCONJ', 'حرف ربط وابسته'],
  ['SYM', 'نماد'],
  ['VERB', 'فعل'],
  ['X', 'دیگر'],
]);

/**
 * Token chips grouped by sentence, the first `limit` tokens only.
 * @returns {{fragment: DocumentFragment, shown: number}}
 */
export function buildTokens(doc, tokens, sentences, limit = Infinity) {
  const frag = doc.createDocumentFragment();
  const max = Math.min(tokens.length, limit);
  let shown = 0;
  const group = (from, to, number, text) => {
    if (from >= to || from >= max) return;
    const row = el(doc, 'div', 'tok-sentence');
    // A left-to-right sentence (English, code) lays its chips out left to right.
    if (textDirection(text ?? '') === 'ltr') row.setAttribute('dir', 'ltr');
    if (number !== null) {
      const n = el(doc, 'span', 'tok-sentence-no', fa(number));
      n.setAttribute('aria-label', `جملهٔ ${fa(number)}`);
      row.append(n);
    }
    const end = Math.min(to, max);
    for (let i = from; i < end; i++) {
      row.append(buildTokenChip(doc, tokens[i]));
      row.append(doc.createTextNode(' '));
      shown++;
    }
    frag.append(row);
  };
  // Tokens between sentences (there should be none) are still shown.
  let next = 0;
  for (let i = 0; i < sentences.length && next < max; i++) {
    const s = sentences[i];
    const from = Math.max(next, s.tokenStart | 0);
    if (from > next) group(next, from, null);
    group(from, Math.max(from, s.tokenEnd | 0), i + 1, s.text);
    next = Math.max(next, s.tokenEnd | 0);
  }
  if (next < tokens.length) group(next, tokens.length, null);
  return { fragment: frag, shown };
}

/**
 * The entities that can be drawn: valid integer UTF-16 ranges inside the text,
 * sorted by start; an entity that overlaps an earlier one is left out.
 */
export function drawableEntities(text, entities) {
  const valid = (entities ?? []).filter(
    (e) =>
      e &&
      Number.isInteger(e.start) &&
      Number.isInteger(e.end) &&
      e.start >= 0 &&
      e.start < e.end &&
      e.end <= text.length,
  );
  valid.sort((a, b) => a.start - b.start || b.end - a.end);
  const out = [];
  let last = 0;
  for (const e of valid) {
    if (e.start < last) continue;
    out.push(e);
    last = e.end;
  }
  return out;
}

const number = new Intl.NumberFormat('fa-IR', { maximumFractionDigits: 4 });
const twoDigits = new Intl.NumberFormat('fa-IR', { minimumIntegerDigits: 2 });
const yearDigits = new Intl.NumberFormat('fa-IR', { useGrouping: false });
const CALENDARS = { jalali: 'خورشیدی', gregorian: 'میلادی', hijri: 'قمری' };

/**
 * An entity's value (`analyze`'s `entity.value`) as Persian text for the
 * hover: `۱۲٬۰۰۰٬۰۰۰ USD`, `۱۲ درصد`, `۱۴۰۲/۱۲/۲۵ خورشیدی (2024-03-15)`,
 * `۱۰:۳۰`; '' for none or for anything that is not a well-formed value.
 * @param {unknown} v
 * @returns {string}
 */
export function valueText(v) {
  if (!v || typeof v !== 'object') return '';
  const ok = (x) => typeof x === 'number' && Number.isFinite(x);
  switch (v.kind) {
    case 'money':
      return ok(v.amount) && typeof v.currency === 'string' ? `${number.format(v.amount)} ${v.currency}` : '';
    case 'percent':
      return ok(v.number) ? `${number.format(v.number)} درصد` : '';
    case 'date': {
      if (![v.year, v.month, v.day].every(ok) || !(v.calendar in CALENDARS)) return '';
      const d = `${yearDigits.format(v.year)}/${twoDigits.format(v.month)}/${twoDigits.format(v.day)} ${CALENDARS[v.calendar]}`;
      return typeof v.gregorian === 'string' ? `${d} (${v.gregorian})` : d;
    }
    case 'time':
      return ok(v.hour) && ok(v.minute) ? `${twoDigits.format(v.hour)}:${twoDigits.format(v.minute)}` : '';
    default:
      return '';
  }
}

/**
 * The original text as text nodes with <mark> elements around the entities,
 * built from their offsets; the title and aria-label give the label and, when
 * the entity has one, the recognizer's score as a percentage, and its value
 * (an amount, date or time: see `valueText`).
 * @param {Document} doc
 * @param {string} text the original input
 * @param {{label: string, start: number, end: number, score?: number, value?: object}[]} entities
 * @param {number} [from] draw only `text.slice(from, to)` and the entities
 *   inside it (a part of a long text); offsets stay the whole text's
 * @param {number} [to]
 */
export function buildHighlighted(doc, text, entities, from = 0, to = text.length) {
  const frag = doc.createDocumentFragment();
  let pos = from;
  for (const e of drawableEntities(text, entities)) {
    if (e.start < from || e.end > to) continue;
    if (e.start > pos) frag.append(doc.createTextNode(text.slice(pos, e.start)));
    const label = String(e.label);
    const info = LABEL_BY_ID.get(label);
    const mark = el(doc, 'mark', `ent e-${classSafe(label, LABEL_BY_ID)}`, text.slice(e.start, e.end));
    mark.dataset.label = label;
    mark.dataset.start = String(e.start);
    mark.dataset.end = String(e.end);
    let name = info ? `${info.name} (${label})` : label;
    // The recognizer's confidence, as a Persian percentage, when it gave one.
    if (typeof e.score === 'number' && e.score >= 0 && e.score <= 1) {
      mark.dataset.score = String(e.score);
      name += `، اطمینان ${percent.format(e.score)}`;
    }
    const value = valueText(e.value);
    if (value) {
      mark.dataset.value = value;
      name += `، مقدار: ${value}`;
    }
    mark.title = name;
    mark.setAttribute('aria-label', `${text.slice(e.start, e.end)}: ${name}`);
    // Focusable, so that the label, score and value are reachable without a mouse.
    mark.tabIndex = 0;
    frag.append(mark);
    pos = e.end;
  }
  if (pos < to) frag.append(doc.createTextNode(text.slice(pos, to)));
  return frag;
}

// ---- before / after ------------------------------------------------------

/** Characters that take no room on screen, shown as a visible marker. */
const INVISIBLES = new Map(
  [
    ['\u200C', '', 'نیم‌فاصله'],
    ['\u200D', 'ZWJ', 'اتصال‌دهندهٔ بی‌پهنا'],
    ['\u200B', 'ZWSP', 'فاصلهٔ بی‌پهنا'],
    ['\u2060', 'WJ', 'پیوند واژه'],
    ['\u200E', 'LRM', 'نشانهٔ چپ‌به‌راست'],
    ['\u200F', 'RLM', 'نشانهٔ راست‌به‌چپ'],
    ['\u061C', 'ALM', 'نشانهٔ عربی'],
    ['\u202A', 'LRE', 'جاسازی چپ‌به‌راست'],
    ['\u202B', 'RLE', 'جاسازی راست‌به‌چپ'],
    ['\u202C', 'PDF', 'پایان جاسازی'],
    ['\u202D', 'LRO', 'تحمیل چپ‌به‌راست'],
    ['\u202E', 'RLO', 'تحمیل راست‌به‌چپ'],
    ['\u2066', 'LRI', 'جداسازی چپ‌به‌راست'],
    ['\u2067', 'RLI', 'جداسازی راست‌به‌چپ'],
    ['\u2068', 'FSI', 'جداسازی با نخستین نویسه'],
    ['\u2069', 'PDI', 'پایان جداسازی'],
    ['\uFEFF', 'BOM', 'نشانهٔ ترتیب بایت'],
    ['\u00AD', 'SHY', 'خط تیرهٔ نرم'],
    ['\u00A0', 'NBSP', 'فاصلهٔ نشکن'],
    ['\u202F', 'NNBSP', 'فاصلهٔ نشکن باریک'],
    ['\t', 'TAB', 'جدول‌بندی'],
  ].map(([ch, abbr, name]) => [
    ch,
    { abbr, name: `${name} (U+${ch.codePointAt(0).toString(16).toUpperCase().padStart(4, '0')})` },
  ]),
);

/** The longest middle part diffed character by character (its length product). */
const DIFF_CELLS = 40_000;

/**
 * Which code points of `a` are deleted and which of `b` inserted, by a longest
 * common subsequence; null when the two are too long to compare here.
 * @param {string[]} a
 * @param {string[]} b
 * @returns {{del: boolean[], ins: boolean[]} | null}
 */
export function diffChars(a, b) {
  const del = new Array(a.length).fill(false);
  const ins = new Array(b.length).fill(false);
  let p = 0;
  while (p < a.length && p < b.length && a[p] === b[p]) p++;
  let s = 0;
  while (s < a.length - p && s < b.length - p && a[a.length - 1 - s] === b[b.length - 1 - s]) s++;
  const n = a.length - p - s;
  const m = b.length - p - s;
  if (n === 0 || m === 0) {
    for (let i = 0; i < n; i++) del[p + i] = true;
    for (let j = 0; j < m; j++) ins[p + j] = true;
    return { del, ins };
  }
  if (n * m > DIFF_CELLS) return null;
  // lcs[i][j]: the LCS length of a[p+i..] and b[p+j..], in one flat array.
  const w = m + 1;
  const lcs = new Uint16Array((n + 1) * w);
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lcs[i * w + j] = a[p + i] === b[p + j] ? lcs[(i + 1) * w + j + 1] + 1 : Math.max(lcs[(i + 1) * w + j], lcs[i * w + j + 1]);
    }
  }
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (a[p + i] === b[p + j]) {
      i++;
      j++;
    } else if (lcs[(i + 1) * w + j] >= lcs[i * w + j + 1]) {
      del[p + i++] = true;
    } else {
      ins[p + j++] = true;
    }
  }
  while (i < n) del[p + i++] = true;
  while (j < m) ins[p + j++] = true;
  return { del, ins };
}

/**
 * Writes text into a fragment, merging runs of the same kind into one node:
 * plain text, changed text (a span of class `changedClass`), and one marker
 * span per invisible character (its text is the character itself, so the
 * fragment's textContent is exactly the text written).
 */
class DiffWriter {
  constructor(doc, changedClass) {
    this.doc = doc;
    this.frag = doc.createDocumentFragment();
    this.changedClass = changedClass;
    this.run = '';
    this.runChanged = false;
    this.changed = 0;
    this.zwnj = 0;
    this.zwnjChanged = 0;
  }

  flush() {
    if (this.run === '') return;
    if (this.runChanged) {
      this.frag.append(el(this.doc, 'span', this.changedClass, this.run));
    } else {
      this.frag.append(this.doc.createTextNode(this.run));
    }
    this.run = '';
  }

  push(ch, changed) {
    if (changed) this.changed++;
    const inv = INVISIBLES.get(ch);
    if (inv) {
      this.flush();
      const span = el(this.doc, 'span', `inv${ch === '\u200C' ? ' inv-zwnj' : ''}${changed ? ` ${this.changedClass}` : ''}`, ch);
      if (inv.abbr) span.dataset.abbr = inv.abbr;
      span.title = changed ? `${inv.name} · ${this.changedClass === 'diff-del' ? 'حذف شد' : 'افزوده شد'}` : inv.name;
      if (ch === '\u200C') {
        this.zwnj++;
        if (changed) this.zwnjChanged++;
      }
      this.frag.append(span);
      return;
    }
    if (changed !== this.runChanged) {
      this.flush();
      this.runChanged = changed;
    }
    this.run += ch;
  }

  /** Writes `chars`, marking those flagged in `flags` (null: nothing known, none marked). */
  write(chars, flags) {
    for (let i = 0; i < chars.length; i++) this.push(chars[i], flags ? flags[i] : false);
  }
}

/**
 * The before/after view of normalization: the original text with what
 * normalization removed or replaced marked (`span.diff-del`), the normalized
 * text with what it added marked (`span.diff-ins`), and every ZWNJ (and the
 * other invisible characters) as a visible marker (`span.inv`). The two
 * fragments' textContent are exactly `text` and `normalized`.
 *
 * The texts are aligned through the tokens (their offsets into the original,
 * their normalized forms in order in the normalized text), then diffed
 * character by character within each token and each gap between tokens.
 * @param {Document} doc
 * @param {string} text the original input
 * @param {string} normalized the normalized text
 * @param {{start: number, end: number, norm: string}[]} tokens
 */
export function buildDiff(doc, text, normalized, tokens) {
  const before = new DiffWriter(doc, 'diff-del');
  const after = new DiffWriter(doc, 'diff-ins');
  const pair = (a, b) => {
    if (a === b) {
      const chars = [...a];
      before.write(chars, null);
      after.write(chars, null);
      return;
    }
    const ca = [...a];
    const cb = [...b];
    const d = diffChars(ca, cb);
    before.write(ca, d && d.del);
    after.write(cb, d && d.ins);
  };
  let pos = 0; // in text
  let cur = 0; // in normalized
  let aligned = true;
  for (const t of tokens ?? []) {
    const norm = typeof t.norm === 'string' ? t.norm : '';
    const at = normalized.indexOf(norm, cur);
    // Between two tokens the normalized text has only spaces and ZWNJs.
    if (!Number.isInteger(t.start) || !Number.isInteger(t.end) || t.start < pos || t.end > text.length || at < 0 || !/^[\s\u200C]*$/.test(normalized.slice(cur, at))) {
      aligned = false;
      break;
    }
    pair(text.slice(pos, t.start), normalized.slice(cur, at));
    pair(text.slice(t.start, t.end), norm);
    pos = t.end;
    cur = at + norm.length;
  }
  pair(text.slice(pos), normalized.slice(cur));
  before.flush();
  after.flush();
  return {
    before: before.frag,
    after: after.frag,
    removed: before.changed,
    added: after.changed,
    zwnjAdded: after.zwnjChanged,
    zwnjRemoved: before.zwnjChanged,
    zwnj: after.zwnj,
    aligned,
  };
}
