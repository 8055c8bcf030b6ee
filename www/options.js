// The normalizer's options (js/README.md, "Options") as the page's switches:
// a checkbox with role="switch" for each on/off option, a <select> for the
// others; remembered in localStorage between visits. Every value read back
// from storage is checked against this table, so a stale or edited entry can
// never reach `analyze` (which would reject it).

/** localStorage key of the saved options (a JSON object, only known keys kept). */
export const STORAGE_KEY = 'parsi-demo:normalize-options:v1';

/**
 * Each option: its key in `analyze(text, { normalize })`, the library's default,
 * a Persian label and an example. `choices` (value, label) makes a <select>.
 */
export const OPTIONS = [
  { key: 'arabicLetters', def: true, group: 'chars', label: 'حروف عربی به فارسی', example: 'ي ك ← ی ک' },
  { key: 'tehMarbuta', def: false, group: 'chars', label: 'تای گرد به ه', example: 'ة ← ه' },
  { key: 'alefHamza', def: false, group: 'chars', label: 'الف همزه‌دار به الف', example: 'أ إ ٱ ← ا' },
  { key: 'wawHamza', def: false, group: 'chars', label: 'واو همزه‌دار به واو', example: 'ؤ ← و' },
  { key: 'diacritics', def: true, group: 'chars', label: 'حذف اعراب', example: 'کِتاب ← کتاب' },
  {
    key: 'digits',
    def: 'persian',
    group: 'chars',
    label: 'رقم‌ها',
    choices: [
      ['persian', 'فارسی (۱۲۳)'],
      ['ascii', 'لاتین (123)'],
      ['keep', 'بدون تغییر'],
    ],
  },
  {
    key: 'ezafeHamza',
    def: 'keep',
    group: 'chars',
    label: 'همزهٔ اضافه',
    choices: [
      ['keep', 'بماند (ۀ ← هٔ)'],
      ['remove', 'حذف شود (خانهٔ ← خانه)'],
    ],
  },
  { key: 'zwnj', def: true, group: 'joins', label: 'حذف نیم‌فاصله‌های زائد', example: 'دوتایی، در آغاز و پایان واژه' },
  { key: 'verbPrefix', def: true, group: 'joins', label: 'چسباندن می و نمی به فعل', example: 'می روم ← می‌روم' },
  { key: 'suffixes', def: true, group: 'joins', label: 'چسباندن ها، های، تر و ترین', example: 'کتابها ← کتاب‌ها' },
  { key: 'clitics', def: true, group: 'joins', label: 'چسباندن ضمیر و فعل ربطی پس از ه', example: 'خسته ام ← خسته‌ام' },
  { key: 'compounds', def: true, group: 'joins', label: 'نیم‌فاصله در واژه‌های مرکب', example: 'دانش آموز ← دانش‌آموز' },
  { key: 'punctuation', def: true, group: 'other', label: 'نشانه‌گذاری فارسی و فاصله‌گذاری آن', example: ', ; ? ... ← ، ؛ ؟ …' },
  { key: 'quotes', def: true, group: 'other', label: 'گیومهٔ فارسی', example: '"سلام" ← «سلام»' },
  {
    key: 'maxRepeat',
    def: null,
    group: 'other',
    label: 'بیشترین تکرار پیاپی یک حرف',
    choices: [
      [null, 'بدون محدودیت'],
      [1, '۱ (خیلییی ← خیلی)'],
      [2, '۲'],
      [3, '۳'],
    ],
  },
];

/** Where each group's controls go (index.html). */
export const OPTION_GROUPS = [
  { id: 'chars', container: 'switches-chars' },
  { id: 'joins', container: 'switches-joins' },
  { id: 'other', container: 'switches-other' },
];

const controlId = (key) => `opt-${key}`;
/** A <select> option's value for a choice (null is written "none"). */
const choiceValue = (v) => (v === null ? 'none' : String(v));

/** Whether `value` is allowed for `option`. */
function valid(option, value) {
  if (option.choices) return option.choices.some(([v]) => v === value);
  return typeof value === 'boolean';
}

/** The library's defaults, as an options object. */
export function defaults() {
  return Object.fromEntries(OPTIONS.map((o) => [o.key, o.def]));
}

/** The controls of one group: a switch or a labelled select per option. */
export function buildOptionControls(doc, group) {
  const frag = doc.createDocumentFragment();
  for (const o of OPTIONS.filter((x) => x.group === group.id)) {
    const row = doc.createElement('div');
    row.className = o.choices ? 'option option-select' : 'option option-switch';
    const label = doc.createElement('label');
    label.htmlFor = controlId(o.key);
    const name = doc.createElement('span');
    name.className = 'option-name';
    name.textContent = o.label;
    label.append(name);
    if (o.example) {
      const ex = doc.createElement('span');
      ex.className = 'option-example';
      ex.textContent = o.example;
      label.append(ex);
    }
    let control;
    if (o.choices) {
      control = doc.createElement('select');
      for (const [v, text] of o.choices) {
        const opt = doc.createElement('option');
        opt.value = choiceValue(v);
        opt.textContent = text;
        control.append(opt);
      }
      row.append(label, control);
    } else {
      control = doc.createElement('input');
      control.type = 'checkbox';
      control.setAttribute('role', 'switch');
      row.append(control, label);
    }
    control.id = controlId(o.key);
    control.dataset.option = o.key;
    const code = doc.createElement('bdi');
    code.className = 'option-key';
    code.textContent = o.key;
    label.append(code);
    frag.append(row);
  }
  return frag;
}

/** The options object the controls show (every key). */
export function readControls(doc) {
  const out = {};
  for (const o of OPTIONS) {
    const c = doc.getElementById(controlId(o.key));
    if (!c) {
      out[o.key] = o.def;
    } else if (o.choices) {
      const found = o.choices.find(([v]) => choiceValue(v) === c.value);
      out[o.key] = found ? found[0] : o.def;
    } else {
      out[o.key] = c.checked;
    }
  }
  return out;
}

/** Sets the controls to `values`; missing or invalid keys get the default. */
export function writeControls(doc, values) {
  for (const o of OPTIONS) {
    const c = doc.getElementById(controlId(o.key));
    if (!c) continue;
    const v = values && Object.prototype.hasOwnProperty.call(values, o.key) && valid(o, values[o.key]) ? values[o.key] : o.def;
    if (o.choices) c.value = choiceValue(v);
    else c.checked = v;
  }
}

/** How many options differ from the defaults. */
export function changedCount(values) {
  return OPTIONS.filter((o) => values[o.key] !== o.def).length;
}

/** The saved options (only known keys with valid values), or {} (storage empty, blocked or garbled). */
export function loadOptions() {
  let raw = null;
  try {
    raw = localStorage.getItem(STORAGE_KEY);
  } catch {
    return {};
  }
  if (raw === null) return {};
  let parsed;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return {};
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return {};
  const out = {};
  for (const o of OPTIONS) {
    if (Object.prototype.hasOwnProperty.call(parsed, o.key) && valid(o, parsed[o.key])) out[o.key] = parsed[o.key];
  }
  return out;
}

/** Saves the options; a storage that refuses (private mode, quota) is not an error for the page. */
export function saveOptions(values) {
  try {
    localStorage.setItem(STORAGE_KEY, JSON.stringify(values));
  } catch {
    // not remembered this time
  }
}
