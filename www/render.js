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
 */
export function buildLegend(doc, items, prefix, showId) {
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
    li.dataset.id = item.id;
    frag.append(li);
  }
  return frag;
}

/**
 * The numbered sentence list (items for an <ol>).
 * @param {Document} doc
 * @param {{text: string, start: number, end: number}[]} sentences
 */
export function buildSentences(doc, sentences) {
  const frag = doc.createDocumentFragment();
  for (const s of sentences) {
    // The list stays right-to-left (numbers on the right); each sentence's
    // text takes its own direction through unicode-bidi: plaintext (CSS).
    const li = el(doc, 'li', 'sentence', s.text);
    li.dataset.start = String(s.start);
    li.dataset.end = String(s.end);
    frag.append(li);
  }
  return frag;
}

/**
 * One token chip. Its text content is exactly the token as written in the
 * input (`input.slice(start, end)`); the normalized form, when it differs,
 * is in data-norm and the tooltip, shown by CSS as generated content.
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
  // Part of speech and lemma of each UD word (several when UD splits the
  // token, e.g. کتابش → کتاب + ش): in data attributes, shown under the chip
  // by CSS, and in the tooltip.
  const words = Array.isArray(token.words) ? token.words : [];
  if (words.length > 0) {
    chip.dataset.upos = words.map((w) => String(w.upos)).join('+');
    chip.dataset.lemma = words.map((w) => String(w.lemma)).join('+');
    for (const w of words) {
      title += `\n${w.text} · ${w.upos} · ${UPOS_NAMES.get(w.upos) ?? ''} · بن: ${w.lemma}`;
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
  sentences.forEach((s, i) => {
    const from = Math.max(next, s.tokenStart | 0);
    if (from > next) group(next, from, null);
    group(from, Math.max(from, s.tokenEnd | 0), i + 1, s.text);
    next = Math.max(next, s.tokenEnd | 0);
  });
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
 */
export function buildHighlighted(doc, text, entities) {
  const frag = doc.createDocumentFragment();
  let pos = 0;
  for (const e of drawableEntities(text, entities)) {
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
    frag.append(mark);
    pos = e.end;
  }
  if (pos < text.length) frag.append(doc.createTextNode(text.slice(pos)));
  return frag;
}
