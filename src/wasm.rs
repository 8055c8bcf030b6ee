//! The JavaScript API: a thin layer that checks arguments, calls the core once
//! per document and converts the result to plain JavaScript objects whose
//! offsets are UTF-16 code units into the caller's original string.
//!
//! A JavaScript string may hold unpaired surrogates; they arrive here as U+FFFD,
//! which is one UTF-16 code unit like the surrogate it replaces, so every
//! offset returned still slices the caller's string correctly.

use crate::chunks::{Cursor, DEFAULT_CHUNK_BYTES};
use crate::{
    AnalyzeOptions, Analyzer, DictionaryEntries, NormalizeOptions, OffsetUnit, SearchOptions,
    UserDictionary,
};
use js_sys::Array;
use serde::Serialize;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TS_TYPES: &'static str = r#"
/** What a token is. */
export type TokenKind = "word" | "number" | "punct" | "url" | "email" | "mention" | "hashtag" | "emoji" | "symbol" | "latin";

/** Named-entity labels (the PEYMA set). */
export type EntityLabel = "PER" | "LOC" | "ORG" | "DAT" | "TIM" | "MON" | "PCT";

/** Options of `normalize` (all optional; defaults suit news text). */
export interface NormalizeOptions {
  /** ي ى → ی, ك → ک, presentation forms to base letters. Default true. */
  arabicLetters?: boolean;
  /** ة → ه. Default false. */
  tehMarbuta?: boolean;
  /** أ إ ٱ → ا. Default false. */
  alefHamza?: boolean;
  /** ؤ → و. Default false. */
  wawHamza?: boolean;
  /** The ezafe hamza (ۀ → هٔ): "keep" (default) or "remove". */
  ezafeHamza?: "keep" | "remove";
  /** Digits: "persian" (default), "ascii" or "keep". Digits in URLs, e-mails and Latin words are never changed. */
  digits?: "persian" | "ascii" | "keep";
  /** Remove diacritics (U+064B–U+0652, U+0670). Default true. */
  diacritics?: boolean;
  /** Cut letters repeated more than this many times; null (default) keeps them. */
  maxRepeat?: number | null;
  /** Remove redundant zero-width non-joiners. Default true. */
  zwnj?: boolean;
  /** Join می/نمی to verbs (lexicon). Default true. */
  verbPrefix?: boolean;
  /** Join ها، های، تر، ترین. Default true. */
  suffixes?: boolean;
  /** Join clitics after ه (خسته ام → خسته‌ام). Default true. */
  clitics?: boolean;
  /** Join compounds the lexicon writes with a ZWNJ (دانش آموز → دانش‌آموز). Default true. */
  compounds?: boolean;
  /** Persian punctuation, `...` → `…`, spacing around punctuation. Default true. */
  punctuation?: boolean;
  /** Straight double quotes around Persian text → «». Default true. */
  quotes?: boolean;
}

/** Options of `analyze`. */
export interface AnalyzeOptions {
  /** How the text is normalized before it is segmented. */
  normalize?: NormalizeOptions;
  /** Split tokens into words with part of speech and lemma. Default true. */
  pos?: boolean;
  /** Find named entities. Default true. */
  entities?: boolean;
}

/** A token. `start`/`end` are UTF-16 offsets into the original string: `input.slice(start, end) === text`. */
export interface Token {
  /** The token as written in the input. */
  text: string;
  /** The token as normalized. */
  norm: string;
  start: number;
  end: number;
  kind: TokenKind;
  /**
   * The number the token stands for, absent for other tokens: digits of any
   * script with their separators (`۳٫۵` → 3.5, `۱۲٬۰۰۰` → 12000) or a
   * number word (`چهارصد` → 400, `میلیون` → 1000000, `نیم` → 0.5). Each
   * token has its own: `یک میلیون و دویست هزار` gives 1, 1000000, (none for
   * `و`), 200, 1000; `parseNumber` reads a whole phrase (1200000). `نه` has
   * a value only where it is tagged NUM.
   */
  value?: number;
  /**
   * The token's Universal Dependencies words: one for most tokens, several
   * when UD splits the token (`کتابش` → `کتاب` + `ش`). Empty when
   * `options.pos` is false.
   */
  words: Word[];
}

/** The 17 universal part-of-speech tags. */
export type Upos =
  | "ADJ" | "ADP" | "ADV" | "AUX" | "CCONJ" | "DET" | "INTJ" | "NOUN" | "NUM"
  | "PART" | "PRON" | "PROPN" | "PUNCT" | "SCONJ" | "SYM" | "VERB" | "X";

/** A UD word: UTF-16 offsets into the original string, inside its token. */
export interface Word {
  /** The word as written in the input. */
  text: string;
  /** The word as normalized. */
  norm: string;
  start: number;
  end: number;
  /** Universal part-of-speech tag (PerDT conventions: `را` is ADP, names are PROPN). */
  upos: Upos;
  /** The lemma as current UD has it (PerDT's LEMMA): `کرد` for `می‌کند`. */
  lemma: string;
  /** A verb's stems `past#present` (`کرد#کن`), what hazm gives as its lemma; absent for other words. */
  stems?: string;
}

/** A sentence: UTF-16 offsets into the original string and its tokens' index range. */
export interface Sentence {
  text: string;
  start: number;
  end: number;
  /** Index of the sentence's first token in `Document.tokens`. */
  tokenStart: number;
  /** Index just past its last token. */
  tokenEnd: number;
}

/** A named entity: UTF-16 offsets into the original string. */
export interface Entity {
  label: EntityLabel;
  text: string;
  start: number;
  end: number;
  /** How sure the recognizer is, 0 to 1: the probability that exactly this span is an entity with this label. */
  score: number;
  /** What a MON, PCT, DAT or TIM entity stands for, when its text says it whole (absent otherwise). */
  value?: EntityValue;
}

/** The value of an entity: `kind` says which. */
export type EntityValue =
  /** An amount: `currency` is ISO 4217 (`IRR`, `USD`, `EUR`, …) or `IRT` for the toman (10 rials). */
  | { kind: "money"; amount: number; currency: string }
  /** The number before `درصد` (12 for `۱۲ درصد`). */
  | { kind: "percent"; number: number }
  /** A complete date in its own calendar; `gregorian` is its Gregorian ISO date (`YYYY-MM-DD`), absent for Hijri dates. */
  | { kind: "date"; calendar: "jalali" | "gregorian" | "hijri"; year: number; month: number; day: number; gregorian?: string }
  /** A time of day, 0–23 hours. */
  | { kind: "time"; hour: number; minute: number };

/** The result of `analyze`. */
export interface Document {
  /** The input, as given. */
  text: string;
  /** The normalized text. */
  normalized: string;
  sentences: Sentence[];
  tokens: Token[];
  entities: Entity[];
}

/**
 * Normalizes Persian text: Arabic letter variants, digits, diacritics, invisible
 * characters, white space, zero-width non-joiners and punctuation.
 * @throws {TypeError} if `text` is not a string or an option is unknown or invalid.
 */
export function normalize(text: string, options?: NormalizeOptions): string;

/**
 * Normalizes, splits into sentences and tokenizes a document, tags every word
 * with its part of speech and lemma and finds named entities. All offsets are
 * UTF-16 code units into `text`: `text.slice(token.start, token.end) === token.text`.
 * @throws {TypeError} if `text` is not a string or an option is unknown or invalid.
 */
export function analyze(text: string, options?: AnalyzeOptions): Document;

/**
 * One part of a text analysed by `analyzeChunks`: the fields of a `Document`
 * for the text from `start` to `end`. Offsets and token indices are the
 * whole text's (UTF-16 code units), so chunks are put together by
 * concatenating their arrays; the whole normalized text is each chunk's
 * `separator` then its `normalized`, one after another.
 */
export interface DocumentChunk {
  /** Where the chunk starts in the whole text. */
  start: number;
  /** Where it ends (exclusive). */
  end: number;
  /** `text.slice(start, end)`. */
  text: string;
  /** The normalized text that comes before this chunk's (a line or paragraph break; `""` for the first). */
  separator: string;
  normalized: string;
  sentences: Sentence[];
  tokens: Token[];
  entities: Entity[];
}

/**
 * A text analysed one chunk at a time (`analyzeChunks`): each `next()`
 * analyses about `chunkSize` more bytes, so a caller can show progress,
 * let the page breathe and stop between chunks. Chunks end at line breaks
 * and never cut a sentence; together they are exactly what `analyze` gives.
 */
export interface DocumentChunks {
  /** Analyses and returns the next chunk; `undefined` once the text is done. */
  next(): DocumentChunk | undefined;
  /** Whether the text is done. */
  readonly done: boolean;
  /** How much of the text the chunks so far cover, in UTF-16 code units. */
  readonly position: number;
  /** That as a fraction of the text, 0–1. */
  readonly progress: number;
  /** Releases the copy of the text at once (otherwise the garbage collector does). */
  free(): void;
}

/**
 * `analyze`, one chunk at a time (see `DocumentChunks`). `chunkSize` is
 * about how many bytes of UTF-8 each chunk covers (default 65536; a chunk
 * ends at the first line break after that many that a letter or digit
 * follows, so a text without one is one chunk).
 * @throws {TypeError} if `text` is not a string, an option is unknown or
 * invalid, or `chunkSize` is not a positive whole number.
 */
export function analyzeChunks(text: string, options?: AnalyzeOptions, chunkSize?: number): DocumentChunks;

/**
 * Analyzes `text` as `analyze` does and returns it as CoNLL-U text: per
 * sentence `# sent_id = N` and `# text = ...` (as written), then one line per
 * token, a multiword token (`کتابش` → `کتاب` + `ش`) as a range line `1-2`
 * followed by its words. FORM is the text as written; LEMMA and UPOS as in
 * `Word`; XPOS, FEATS, HEAD, DEPREL, DEPS are `_`; MISC has `NER=B-PER` /
 * `I-PER`, `Norm=` (the normalized form, where it differs), `SpaceAfter=No`
 * and `TokenRange=start:end` in **code points** of `text` (not UTF-16 units:
 * `[...text].slice(start, end).join("")`). Tabs and line breaks inside a
 * FORM or `# text` are written as spaces. An empty text gives `""`.
 * @throws {TypeError} if `text` is not a string or an option is unknown or invalid.
 */
export function toConllu(text: string, options?: AnalyzeOptions): string;

/** Options of `searchTokens`. */
export interface SearchOptions {
  /** How the text is normalized (index and query must use the same options). */
  normalize?: NormalizeOptions;
  /** Remove plural, possessive and comparative suffixes and reduce verbs to their infinitive. Default true; false: the term is the folded form. */
  stem?: boolean;
}

/** A token to index or search for: UTF-16 offsets into the original string. */
export interface SearchToken {
  /** The token as written in the input: `input.slice(start, end) === text`. */
  text: string;
  /** The token as normalized. */
  norm: string;
  /**
   * The index key: folded (no ZWNJ, Arabic letter variants and hamza forms
   * unified) and conservatively stemmed: `کتاب‌هایشان` → `کتاب`,
   * `بزرگ‌ترین` → `بزرگ`, `می‌روم` → `رفتن` (verbs: the infinitive), but
   * words the lexicon knows, names and unknown words stay whole (`ایران`).
   * Numbers keep their normalized digits; Latin is lowercased.
   */
  term: string;
  /** True when the term is a stop word (`و`, `در`, `که`, `را`, …): tokens with one term have one flag. */
  stop: boolean;
  start: number;
  end: number;
}

/**
 * The words, numbers, Latin words, URLs, e-mails, mentions and hashtags of
 * `text` (punctuation, symbols and emoji left out) with the term to index or
 * search them under: the tokenizer for a client-side search library
 * (MiniSearch, lunr, FlexSearch). Use the same options for documents and queries.
 * @throws {TypeError} if `text` is not a string or an option is unknown or invalid.
 */
export function searchTokens(text: string, options?: SearchOptions): SearchToken[];

/** The sentences of `text` (default normalization), with UTF-16 offsets into `text`. */
export function sentences(text: string): Sentence[];

/** The tokens of `text` (default normalization), with UTF-16 offsets into `text`; not tagged (`words` is empty: `analyze` tags). */
export function tokenize(text: string): Token[];

/**
 * The value of a Persian number in words, digits of any script, or both:
 * `parseNumber("یک میلیون و دویست هزار") === 1200000`, `parseNumber("۳٫۵") === 3.5`,
 * `parseNumber("دو و نیم") === 2.5`; `undefined` when `text` is not a number.
 * @throws {TypeError} if `text` is not a string.
 */
export function parseNumber(text: string): number | undefined;

/**
 * A whole number in Persian words: `numberToWords(125) === "صد و بیست و پنج"`;
 * with `ordinal`, `numberToWords(21, true) === "بیست و یکم"`.
 * @throws {TypeError} if `n` is not a number; {RangeError} if it is not a whole number in 0 … 2^53 − 1.
 */
export function numberToWords(n: number, ordinal?: boolean): string;

/** A phrase that is always an entity (`UserDictionary.entities`). */
export interface DictionaryEntity {
  /** The phrase; matched on whole tokens of the normalized text, with letter variants, digits, ZWNJ and spaces folded. */
  text: string;
  label: EntityLabel;
}

/** A user dictionary for `createAnalyzer`; every key is optional, an unknown key is a TypeError. */
export interface UserDictionary {
  /**
   * Phrases that are always entities. The longest match within a sentence
   * wins; it replaces every model entity that overlaps it, with score 1 and
   * the value of its text (MON, PCT, DAT, TIM). Found only with `entities` on.
   */
  entities?: DictionaryEntity[];
  /** Phrases that are never entities: a model entity whose text is exactly one of them is dropped. */
  neverEntities?: string[];
  /**
   * Compounds, written with a ZWNJ (or a space) between their parts
   * (`"پیش‌نمایش"`): where the text has the parts with one space between
   * them, the normalizer joins them with a ZWNJ (nothing after a letter that
   * never joins: `ریز پردازنده` → `ریزپردازنده`). Only with the `compounds`
   * normalize option on (the default).
   */
  compounds?: string[];
  /** Words the normalizer never joins to the word before or after them, nor splits. */
  neverJoin?: string[];
}

/**
 * The module's analyzing functions with a user dictionary (`createAnalyzer`).
 * Results are plain objects as the module's. The models are shared with the
 * module, not copied; `free()` releases the dictionary at once (otherwise the
 * garbage collector does).
 */
export interface Analyzer {
  /** `normalize` with the dictionary's compounds and never-join words. */
  normalize(text: string, options?: NormalizeOptions): string;
  /** `analyze` with the dictionary. */
  analyze(text: string, options?: AnalyzeOptions): Document;
  /** `analyzeChunks` with the dictionary. */
  analyzeChunks(text: string, options?: AnalyzeOptions, chunkSize?: number): DocumentChunks;
  /** `toConllu` with the dictionary. */
  toConllu(text: string, options?: AnalyzeOptions): string;
  /** `sentences` with the dictionary's compounds and never-join words. */
  sentences(text: string): Sentence[];
  /** `tokenize` with the dictionary's compounds and never-join words. */
  tokenize(text: string): Token[];
  /** `searchTokens` with the dictionary's compounds and never-join words. */
  searchTokens(text: string, options?: SearchOptions): SearchToken[];
  /** The dictionary's entries as given, every key present. */
  dictionary(): Required<UserDictionary>;
  /** Releases the analyzer; calling it afterwards throws. */
  free(): void;
}

/**
 * An analyzer with a user dictionary: phrases that are always entities,
 * phrases that never are, compounds to join with a ZWNJ and words never to
 * join. `createAnalyzer()` (no dictionary) behaves as the module.
 * @throws {TypeError} if `dictionary` is not an object, has an unknown key, a
 * value of the wrong type, an empty phrase, an unknown label, or a compound
 * or never-join word that is not Persian words.
 */
export function createAnalyzer(dictionary?: UserDictionary): Analyzer;

/**
 * Builds now what calls with `options` would build on the first such call:
 * the lexicon, and with part of speech or entities on (the default) the
 * models' tables. Optional: for a page with time to spare between `init()` and
 * the first text, so that the first result comes sooner.
 * @throws {TypeError} if an option is unknown or invalid.
 */
export function prepare(options?: AnalyzeOptions): void;

/** The library's version. */
export function version(): string;
"#;

/// A result as plain JavaScript objects. Serialized to JSON in Rust and
/// parsed by the engine's `JSON.parse`, which builds large object trees
/// several times faster than setting their properties one call at a time.
///
/// The JSON is written into one buffer kept between calls, so that the
/// results of a long text's chunks do not each allocate (and fragment the
/// wasm memory with) a string of their own; a buffer grown past 16 MB is
/// let go after the call.
fn to_js<T: Serialize>(value: &T) -> Result<JsValue, JsValue> {
    thread_local! {
        static JSON: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
    }
    const KEEP: usize = 16 << 20;
    JSON.with(|buf| {
        let mut buf = buf
            .try_borrow_mut()
            .map_err(|_| error("parsi: re-entered"))?;
        buf.clear();
        serde_json::to_writer(&mut *buf, value)
            .map_err(|e| error(&format!("parsi: could not build the result: {e}")))?;
        // serde_json writes UTF-8 only.
        let json = std::str::from_utf8(&buf).map_err(|e| error(&e.to_string()))?;
        let parsed = js_sys::JSON::parse(json);
        if buf.capacity() > KEEP {
            *buf = Vec::new();
        }
        parsed
    })
}

fn error(msg: &str) -> JsValue {
    js_sys::Error::new(msg).into()
}

fn type_error(msg: &str) -> JsValue {
    js_sys::TypeError::new(msg).into()
}

/// The text argument: a string, or a TypeError that says what was given instead.
fn text_arg(func: &str, text: &JsValue) -> Result<String, JsValue> {
    js_text_arg(func, text).map(String::from)
}

fn describe(v: &JsValue) -> String {
    if v.is_undefined() {
        "undefined".into()
    } else if v.is_null() {
        "null".into()
    } else if Array::is_array(v) {
        "an array".into()
    } else {
        v.js_typeof()
            .as_string()
            .unwrap_or_else(|| "a value of unknown type".into())
    }
}

/// The options argument: undefined/null for the defaults, or an object whose
/// every key is known (a misspelt option is an error, not silently ignored)
/// and whose values have their options' types (see [`checked_object`]).
fn options_arg<T: serde::de::DeserializeOwned + Serialize + Default>(
    func: &str,
    options: Option<JsValue>,
) -> Result<T, JsValue> {
    let Some(options) = options.filter(|o| !o.is_undefined() && !o.is_null()) else {
        return Ok(T::default());
    };
    let options = checked_object(func, "options", &options, &to_js(&T::default())?)?;
    serde_wasm_bindgen::from_value(options).map_err(|e| {
        let e = e.to_string();
        let e = e.strip_prefix("Error: ").unwrap_or(&e);
        type_error(&format!("parsi.{func}: invalid options: {e}"))
    })
}

/// `value` checked against `known` (the serialized defaults) and copied
/// without the keys whose value is `undefined` (an optional field written
/// out, as `{ pos: flag ? false : undefined }` does): every key must appear
/// in `known`; a boolean, number, string or array option must be given one
/// ([`check_type`]); nested option objects are checked the same way, and
/// `null` or `undefined` there means their defaults.
fn checked_object(
    func: &str,
    path: &str,
    value: &JsValue,
    known: &JsValue,
) -> Result<JsValue, JsValue> {
    if !value.is_object() || Array::is_array(value) {
        return Err(type_error(&format!(
            "parsi.{func}: {path} must be an object, got {}",
            describe(value)
        )));
    }
    // A Map, Date or the like has no option keys of its own: it would pass
    // as "no options". Object.prototype.toString names what it is.
    let tag = object_tag(value);
    if tag != "Object" {
        return Err(type_error(&format!(
            "parsi.{func}: {path} must be a plain object, got a {tag}"
        )));
    }
    let known_keys: Vec<String> = js_sys::Object::keys(known.unchecked_ref::<js_sys::Object>())
        .iter()
        .filter_map(|k| k.as_string())
        .collect();
    let out = js_sys::Object::new();
    for key in js_sys::Object::keys(value.unchecked_ref::<js_sys::Object>()).iter() {
        let name = key.as_string().unwrap_or_default();
        if !known_keys.contains(&name) {
            return Err(type_error(&format!(
                "parsi.{func}: unknown option {path}.{name} (known: {})",
                known_keys.join(", ")
            )));
        }
        let given = js_sys::Reflect::get(value, &key).unwrap_or(JsValue::UNDEFINED);
        if given.is_undefined() {
            continue;
        }
        let default = js_sys::Reflect::get(known, &key).unwrap_or(JsValue::UNDEFINED);
        let path = format!("{path}.{name}");
        let given = if default.is_object() && !Array::is_array(&default) {
            if given.is_null() {
                continue;
            }
            checked_object(func, &path, &given, &default)?
        } else {
            check_type(func, &path, &given, &default)?;
            given
        };
        js_sys::Reflect::set(&out, &key, &given)?;
    }
    Ok(out.into())
}

/// What `Object.prototype.toString` says an object is (`Object`, `Map`,
/// `Date`...), from any realm; `Object` if it cannot tell.
fn object_tag(value: &JsValue) -> String {
    let plain: JsValue = js_sys::Object::new().into();
    js_sys::Reflect::get(&plain, &JsValue::from_str("toString"))
        .ok()
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok())
        .and_then(|f| f.call0(value).ok())
        .and_then(|t| t.as_string())
        .and_then(|t| {
            t.strip_prefix("[object ")
                .and_then(|t| t.strip_suffix(']'))
                .map(str::to_string)
        })
        .unwrap_or_else(|| "Object".into())
}

/// Checks that `given` has the JavaScript type of `default` when that is a
/// boolean, a number, a string or an array (an option whose default is
/// `null`, such as `maxRepeat`, is left to its deserialization).
fn check_type(func: &str, path: &str, given: &JsValue, default: &JsValue) -> Result<(), JsValue> {
    let (want, ok) = if default.as_bool().is_some() {
        ("a boolean", given.as_bool().is_some())
    } else if default.as_f64().is_some() {
        ("a number", given.as_f64().is_some())
    } else if default.is_string() {
        ("a string", given.is_string())
    } else if Array::is_array(default) {
        ("an array", Array::is_array(given))
    } else {
        return Ok(());
    };
    if ok {
        Ok(())
    } else {
        Err(type_error(&format!(
            "parsi.{func}: {path} must be {want}, got {}",
            describe_value(given)
        )))
    }
}

/// [`describe`], with the value itself when it is a short string or a number
/// (`string "yes"`, `number 5`).
fn describe_value(v: &JsValue) -> String {
    if let Some(s) = v.as_string() {
        if s.chars().count() <= 40 {
            return format!("string {s:?}");
        }
    } else if let Some(x) = v.as_f64() {
        return format!("number {x}");
    }
    describe(v)
}

/// The entries of a user dictionary given to `createAnalyzer`: every key
/// known, every list an array, every phrase a string and every entity an
/// object with a string `text` and `label`; an error names the entry.
fn dictionary_arg(func: &str, dictionary: &JsValue) -> Result<DictionaryEntries, JsValue> {
    let dictionary = checked_object(
        func,
        "dictionary",
        dictionary,
        &to_js(&DictionaryEntries::default())?,
    )?;
    let list = |key: &str| -> Vec<(String, JsValue)> {
        let items = js_sys::Reflect::get(&dictionary, &JsValue::from_str(key))
            .ok()
            .filter(Array::is_array)
            .map(|a| Array::from(&a).to_vec())
            .unwrap_or_default();
        items
            .into_iter()
            .enumerate()
            .map(|(i, v)| (format!("dictionary.{key}[{i}]"), v))
            .collect()
    };
    let string = |path: &str, v: &JsValue| {
        v.as_string().ok_or_else(|| {
            type_error(&format!(
                "parsi.{func}: {path} must be a string, got {}",
                describe_value(v)
            ))
        })
    };
    let strings = |key: &str| -> Result<Vec<String>, JsValue> {
        list(key).iter().map(|(path, v)| string(path, v)).collect()
    };
    let known = to_js(&crate::DictionaryEntity {
        text: String::new(),
        label: String::new(),
    })?;
    let mut entities = Vec::new();
    for (path, e) in list("entities") {
        let e = checked_object(func, &path, &e, &known)?;
        let field = |name: &str| {
            let v = js_sys::Reflect::get(&e, &JsValue::from_str(name)).unwrap_or_default();
            if v.is_undefined() {
                return Err(type_error(&format!(
                    "parsi.{func}: {path} needs a {name} (an entity is {{ text, label }})"
                )));
            }
            string(&format!("{path}.{name}"), &v)
        };
        entities.push(crate::DictionaryEntity {
            text: field("text")?,
            label: field("label")?,
        });
    }
    Ok(DictionaryEntries {
        entities,
        never_entities: strings("neverEntities")?,
        compounds: strings("compounds")?,
        never_join: strings("neverJoin")?,
    })
}

fn core_error(func: &str, e: crate::Error) -> JsValue {
    error(&format!("parsi.{func}: {e}"))
}

/// Installs a panic hook that prints Rust panics to the console (there should be none).
#[wasm_bindgen(start, skip_typescript)]
pub fn start() {
    console_error_panic_hook::set_once();
}

/// The shared analyzer (the embedded models), as a JavaScript error if it
/// cannot be built.
fn shared(func: &str) -> Result<&'static Analyzer, JsValue> {
    Analyzer::shared().map_err(|e| core_error(func, e))
}

/// Which analyzer a call runs with: the module's, or a `createAnalyzer` one.
#[derive(Clone, Copy)]
enum With<'a> {
    /// The module's: the models are built on the first call that needs
    /// them; a call without part of speech and entities runs on
    /// [`Analyzer::segmenter`] (the lexicon alone, the same results), so
    /// that a page that only segments does not wait for them.
    Module,
    Analyzer(&'a Analyzer),
}

impl<'a> With<'a> {
    fn get(self, func: &str, options: &AnalyzeOptions) -> Result<&'a Analyzer, JsValue> {
        match self {
            With::Analyzer(a) => Ok(a),
            With::Module if options.pos || options.entities => shared(func),
            With::Module => Ok(Analyzer::segmenter()),
        }
    }
}

/// Normalizes Persian text.
#[wasm_bindgen(js_name = normalize, skip_typescript)]
pub fn js_normalize(text: JsValue, options: Option<JsValue>) -> Result<JsValue, JsValue> {
    let text = js_text_arg("normalize", &text)?;
    let options: NormalizeOptions = options_arg("normalize", options)?;
    // The lexicon alone: normalizing does not load the models.
    normalized("normalize", &text, |s| crate::normalize(s, &options))
}

/// Normalizes, splits into sentences and tokenizes a document. Offsets are
/// UTF-16 code units into `text`.
#[wasm_bindgen(js_name = analyze, skip_typescript)]
pub fn js_analyze(text: JsValue, options: Option<JsValue>) -> Result<JsValue, JsValue> {
    analyze_with(With::Module, "analyze", text, options)
}

/// The document as CoNLL-U text ([`crate::conllu`]); options as `analyze`'s.
#[wasm_bindgen(js_name = toConllu, skip_typescript)]
pub fn js_to_conllu(text: JsValue, options: Option<JsValue>) -> Result<JsValue, JsValue> {
    to_conllu_with(With::Module, "toConllu", text, options)
}

/// The sentences of `text` (default normalization), with UTF-16 offsets.
#[wasm_bindgen(js_name = sentences, skip_typescript)]
pub fn js_sentences(text: JsValue) -> Result<JsValue, JsValue> {
    sentences_with(Analyzer::segmenter(), "sentences", text)
}

/// The tokens of `text` (default normalization), with UTF-16 offsets.
#[wasm_bindgen(js_name = tokenize, skip_typescript)]
pub fn js_tokenize(text: JsValue) -> Result<JsValue, JsValue> {
    tokenize_with(Analyzer::segmenter(), "tokenize", text)
}

/// The search tokens of `text` ([`crate::search`]), with UTF-16 offsets.
#[wasm_bindgen(js_name = searchTokens, skip_typescript)]
pub fn js_search_tokens(text: JsValue, options: Option<JsValue>) -> Result<JsValue, JsValue> {
    search_tokens_with(shared("searchTokens")?, "searchTokens", text, options)
}

/// `analyze`: the text is copied into wasm memory a piece at a time and
/// analysed in chunks ([`crate::chunks::Cursor`]) whose results are moved
/// into JavaScript one chunk at a time, so that the wasm memory a call needs
/// is about one chunk, whatever the text's length (same result as one call:
/// see `tests/chunks.rs`).
fn analyze_with(
    with: With<'_>,
    func: &str,
    text: JsValue,
    options: Option<JsValue>,
) -> Result<JsValue, JsValue> {
    let js_text = js_text_arg(func, &text)?;
    let options: AnalyzeOptions = options_arg(func, options)?;
    let r = analysed(with.get(func, &options)?, func, &js_text, &options)?;
    let doc = js_sys::Object::new();
    for (key, value) in [
        ("text", text),
        ("normalized", r.normalized.into()),
        ("sentences", r.sentences.into()),
        ("tokens", r.tokens.into()),
        ("entities", r.entities.into()),
    ] {
        js_sys::Reflect::set(&doc, &JsValue::from_str(key), &value)?;
    }
    Ok(doc.into())
}

/// A document's parts as JavaScript values.
struct Analysed {
    /// The chunks' normalized texts joined in JavaScript (a rope: no copy
    /// of the whole text in wasm memory).
    normalized: js_sys::JsString,
    sentences: Array,
    tokens: Array,
    entities: Array,
}

/// About how many UTF-16 units of the caller's text [`analysed`] copies
/// into wasm memory at a time.
const PIECE_UNITS: u32 = 32 * 1024;

/// The caller's `text`, checked to be a string (not copied).
fn js_text_arg(func: &str, text: &JsValue) -> Result<js_sys::JsString, JsValue> {
    match text.dyn_ref::<js_sys::JsString>() {
        Some(s) => Ok(s.clone()),
        None => Err(type_error(&format!(
            "parsi.{func}: text must be a string, got {}",
            describe(text)
        ))),
    }
}

/// `text` analysed chunk by chunk into JavaScript arrays. It is read into
/// wasm memory a piece at a time ([`PieceReader`]), and a [`Cursor`] cuts
/// the chunks as [`Analyzer::analyze_chunks`] would.
fn analysed(
    a: &Analyzer,
    func: &str,
    text: &js_sys::JsString,
    options: &AnalyzeOptions,
) -> Result<Analysed, JsValue> {
    let (sentences, tokens, entities) = (Array::new(), Array::new(), Array::new());
    let mut normalized = js_sys::JsString::from("");
    let mut cols = Columns::default();
    for_each_chunk(a, func, text, options, |chunk| {
        if !chunk.separator.is_empty() {
            normalized = normalized.concat(&JsValue::from_str(&chunk.separator));
        }
        let chunk_normalized = cols.push_chunk(&chunk, text, &sentences, &tokens)?;
        normalized = normalized.concat(&chunk_normalized);
        push_entities(&chunk, &entities)
    })?;
    Ok(Analysed {
        normalized,
        sentences,
        tokens,
        entities,
    })
}

/// Runs `f` on each chunk of `text` analysed with `options`, read a piece
/// at a time ([`PieceReader`]) and cut by a [`Cursor`] as
/// [`Analyzer::analyze_chunks`] cuts it.
fn for_each_chunk(
    a: &Analyzer,
    func: &str,
    text: &js_sys::JsString,
    options: &AnalyzeOptions,
    f: impl FnMut(crate::Chunk) -> Result<(), JsValue>,
) -> Result<(), JsValue> {
    for_each_piece(func, text, |c, t, done| c.next(a, t, options, done), f)
}

/// `text` normalized by `normalize` chunk by chunk (as [`for_each_chunk`]
/// reads and cuts it), so that the wasm memory a call takes is bounded by
/// the chunk, not the text; the pieces are joined as JavaScript strings.
fn normalized(
    func: &str,
    text: &js_sys::JsString,
    normalize: impl Fn(&str) -> crate::Result<crate::Normalized>,
) -> Result<JsValue, JsValue> {
    let mut out = js_sys::JsString::from("");
    let mut buf = Vec::new();
    let next = |c: &mut Cursor, t: &str, done| c.next_normalized(t, done, &normalize);
    for_each_piece(
        func,
        text,
        next,
        |(mut piece, n): (String, crate::Normalized)| {
            piece.push_str(&n.text);
            out = out.concat(&js_string(&piece, &mut buf));
            Ok(())
        },
    )?;
    Ok(out.into())
}

/// The loop of [`for_each_chunk`] and [`normalized`]: `text` read a piece
/// at a time into a [`Cursor`]'s `next` step (whether the text is read
/// whole is its last argument), `f` run on each result.
fn for_each_piece<T>(
    func: &str,
    text: &js_sys::JsString,
    mut next: impl FnMut(&mut Cursor, &str, bool) -> Option<crate::Result<T>>,
    mut f: impl FnMut(T) -> Result<(), JsValue>,
) -> Result<(), JsValue> {
    let mut reader = PieceReader::new(text);
    let mut cursor = Cursor::new(DEFAULT_CHUNK_BYTES);
    loop {
        let complete = reader.is_done();
        match next(&mut cursor, &reader.pending, complete) {
            Some(item) => f(item.map_err(|e| core_error(func, e))?)?,
            None if complete => return Ok(()),
            None => {
                cursor.consume(&mut reader.pending);
                reader.read_piece();
            }
        }
    }
}

/// Reads a JavaScript string into wasm memory [`PIECE_UNITS`] at a time,
/// never cutting a surrogate pair (a lone surrogate becomes U+FFFD, one
/// unit as well, so offsets agree).
struct PieceReader<'a> {
    text: &'a js_sys::JsString,
    len: u32,
    read: u32,
    /// What was read and not yet consumed.
    pending: String,
}

impl<'a> PieceReader<'a> {
    fn new(text: &'a js_sys::JsString) -> Self {
        PieceReader {
            text,
            len: text.length(),
            read: 0,
            pending: String::new(),
        }
    }

    /// Whether the whole text has been read.
    fn is_done(&self) -> bool {
        self.read >= self.len
    }

    /// Appends the next piece of the text to `pending`.
    fn read_piece(&mut self) {
        let (len, read) = (self.len, self.read);
        let mut end = read.saturating_add(PIECE_UNITS).min(len);
        if end < len && (0xD800..0xDC00).contains(&(self.text.char_code_at(end - 1) as u32)) {
            end -= 1;
        }
        self.pending
            .push_str(&String::from(self.text.slice(read, end)));
        self.read = end;
    }
}

/// Appends a chunk's entities (through JSON: they are few) to `entities`.
fn push_entities(chunk: &crate::Chunk, entities: &Array) -> Result<(), JsValue> {
    let doc = &chunk.document;
    if doc.entities.is_empty() {
        return Ok(());
    }
    let shift = chunk.start.utf16;
    let mut views: Vec<_> = doc
        .entities
        .iter()
        .map(|e| doc.entity_view(e, OffsetUnit::Utf16))
        .collect();
    for e in &mut views {
        e.start += shift;
        e.end += shift;
    }
    let part: Array = to_js(&views)?.into();
    for x in part.iter() {
        entities.push(&x);
    }
    Ok(())
}

/// `analyze` the way it was before its objects were built from columns: one
/// document, its view through JSON. For the tests, which check that the two
/// agree; not exported.
#[doc(hidden)]
pub fn analyze_json(text: JsValue, options: Option<JsValue>) -> Result<JsValue, JsValue> {
    let func = "analyze";
    let s = text_arg(func, &text)?;
    let options: AnalyzeOptions = options_arg(func, options)?;
    let doc = shared(func)?
        .analyze(&s, &options)
        .map_err(|e| core_error(func, e))?;
    to_js(&doc.view(OffsetUnit::Utf16))
}

// Builds a chunk's token, word and sentence objects in JavaScript from
// columns of numbers: one call per chunk, the strings sliced from the
// caller's text and the chunk's normalized text and lemmas (the same
// objects, key for key, as the JSON views; `tests/wasm_node.rs` compares
// the two).
#[wasm_bindgen(inline_js = r#"
let utf16;
export function parsi_utf16(units) {
  utf16 ??= new TextDecoder('utf-16le', { ignoreBOM: true });
  return utf16.decode(units);
}
export function parsi_push_columns(text, normalized, lemmas, kinds, upos, t, values, w, s, tokens, sentences) {
  const TS = 7, WS = 9;
  for (let i = 0, k = 0; k < t.length; i++, k += TS) {
    const tokText = text.slice(t[k], t[k + 1]);
    let tokNorm = normalized.slice(t[k + 2], t[k + 3]);
    // A token that normalization left as written is held once.
    if (tokNorm === tokText) tokNorm = tokText;
    const words = [];
    for (let j = t[k + 5] * WS, e = t[k + 6] * WS; j < e; j += WS) {
      // A word that is its whole token shares the token's strings (most do:
      // one string fewer to hold each, for every token and its word).
      const word = {
        text: w[j] === t[k] && w[j + 1] === t[k + 1] ? tokText : text.slice(w[j], w[j + 1]),
        norm: w[j + 2] === t[k + 2] && w[j + 3] === t[k + 3] ? tokNorm : normalized.slice(w[j + 2], w[j + 3]),
        start: w[j],
        end: w[j + 1],
        upos: upos[w[j + 4]],
        lemma: lemmas.slice(w[j + 5], w[j + 6]),
      };
      // A lemma that is the word's form (كتاب → كتاب) is held once.
      if (word.lemma === word.norm) word.lemma = word.norm;
      if (w[j + 8] > w[j + 7]) word.stems = lemmas.slice(w[j + 7], w[j + 8]);
      words.push(word);
    }
    const tok = {
      text: tokText,
      norm: tokNorm,
      start: t[k],
      end: t[k + 1],
      kind: kinds[t[k + 4]],
    };
    const v = values[i];
    if (v === v) tok.value = v;
    tok.words = words;
    tokens.push(tok);
  }
  for (let k = 0; k < s.length; k += 4) {
    sentences.push({
      text: text.slice(s[k], s[k + 1]),
      start: s[k],
      end: s[k + 1],
      tokenStart: s[k + 2],
      tokenEnd: s[k + 3],
    });
  }
}
"#)]
extern "C" {
    /// A JavaScript string from UTF-16 code units.
    fn parsi_utf16(units: &[u16]) -> JsValue;
    #[allow(clippy::too_many_arguments)]
    fn parsi_push_columns(
        text: &JsValue,
        normalized: &JsValue,
        lemmas: &JsValue,
        kinds: &Array,
        upos: &Array,
        t: &[u32],
        values: &[f64],
        w: &[u32],
        s: &[u32],
        tokens: &Array,
        sentences: &Array,
    );
}

/// The columns of a chunk's tokens (7 numbers each: start, end, norm
/// start, norm end, kind, first and last word), words (9: start, end, norm
/// start, norm end, upos, lemma start, lemma end, stems start, stems end)
/// and sentences (4: start, end, first and last token), in UTF-16 units of
/// the whole text, the chunk's normalized text and its lemmas; kept between
/// chunks.
#[derive(Default)]
struct Columns {
    t: Vec<u32>,
    values: Vec<f64>,
    w: Vec<u32>,
    s: Vec<u32>,
    norm16: Vec<u32>,
    lemma16: Vec<u32>,
    units: Vec<u16>,
    kinds: Option<(Array, Array)>,
}

/// `s` as a JavaScript string, handed over as UTF-16 code units in `buf`:
/// decoding UTF-16 is several times faster than decoding UTF-8 in V8 for
/// Persian text (600 KB: ~2 ms against ~11 ms in Node 20).
fn js_string(s: &str, buf: &mut Vec<u16>) -> JsValue {
    buf.clear();
    buf.extend(s.encode_utf16());
    parsi_utf16(buf)
}

/// `table[b]` is the UTF-16 offset of byte `b` of `s` (for every char
/// boundary, and `s.len()`).
fn utf16_table(s: &str, table: &mut Vec<u32>) {
    table.clear();
    table.resize(s.len() + 1, 0);
    let mut u = 0u32;
    for (b, c) in s.char_indices() {
        table[b] = u;
        u += c.len_utf16() as u32;
    }
    table[s.len()] = u;
}

impl Columns {
    /// Appends a chunk's tokens (with their words) and sentences to the
    /// arrays; returns the chunk's normalized text as a JavaScript string.
    fn push_chunk(
        &mut self,
        chunk: &crate::Chunk,
        text: &JsValue,
        sentences: &Array,
        tokens: &Array,
    ) -> Result<JsValue, JsValue> {
        let (kinds, upos) = self.kinds.get_or_insert_with(|| {
            // Names by discriminant (the codes in the columns).
            let (kinds, upos) = (Array::new(), Array::new());
            for k in crate::TokenKind::ALL {
                kinds.set(k as u32, JsValue::from_str(k.as_str()));
            }
            for u in crate::pos::Upos::ALL {
                upos.set(u as u32, JsValue::from_str(u.as_str()));
            }
            (kinds, upos)
        });
        let doc = &chunk.document;
        let n32 = |x: usize| u32::try_from(x).map_err(|_| error("parsi: the text is too long"));
        let shift = chunk.start.utf16;
        utf16_table(&doc.normalized, &mut self.norm16);
        utf16_table(&doc.lemmas, &mut self.lemma16);
        let (t, w, s) = (&mut self.t, &mut self.w, &mut self.s);
        t.clear();
        w.clear();
        s.clear();
        self.values.clear();
        let (norm16, lemma16) = (&self.norm16, &self.lemma16);
        for tok in &doc.tokens {
            t.extend([
                n32(tok.span.utf16_start + shift)?,
                n32(tok.span.utf16_end + shift)?,
                norm16[tok.norm.start],
                norm16[tok.norm.end],
                tok.kind as u32,
                n32(tok.words.start)?,
                n32(tok.words.end)?,
            ]);
            self.values.push(doc.token_value(tok).unwrap_or(f64::NAN));
        }
        for word in &doc.words {
            w.extend([
                n32(word.span.utf16_start + shift)?,
                n32(word.span.utf16_end + shift)?,
                norm16[word.norm.start],
                norm16[word.norm.end],
                word.upos as u32,
                lemma16[word.lemma.start],
                lemma16[word.lemma.end],
                lemma16[word.stems.start],
                lemma16[word.stems.end],
            ]);
        }
        for sen in &doc.sentences {
            s.extend([
                n32(sen.span.utf16_start + shift)?,
                n32(sen.span.utf16_end + shift)?,
                n32(sen.token_start + chunk.first_token)?,
                n32(sen.token_end + chunk.first_token)?,
            ]);
        }
        let normalized = js_string(&doc.normalized, &mut self.units);
        let lemmas = js_string(&doc.lemmas, &mut self.units);
        parsi_push_columns(
            text,
            &normalized,
            &lemmas,
            kinds,
            upos,
            t,
            &self.values,
            w,
            s,
            tokens,
            sentences,
        );
        Ok(normalized)
    }
}

/// A text analysed chunk by chunk ([`crate::chunks::Cursor`]); it owns a
/// copy of the text.
#[wasm_bindgen(js_name = DocumentChunks, skip_typescript)]
pub struct JsChunks {
    analyzer: Analyzer,
    /// The caller's string (what the chunks' texts are sliced from).
    js_text: JsValue,
    cols: Columns,
    text: String,
    options: AnalyzeOptions,
    cursor: Cursor,
    func: &'static str,
}

#[wasm_bindgen(js_class = DocumentChunks)]
impl JsChunks {
    /// The next chunk, or undefined.
    #[wasm_bindgen(skip_typescript)]
    #[allow(clippy::should_implement_trait)]
    pub fn next(&mut self) -> Result<JsValue, JsValue> {
        match self
            .cursor
            .next(&self.analyzer, &self.text, &self.options, true)
        {
            None => {
                // Nothing more to read: the copy of the text goes.
                self.text = String::new();
                Ok(JsValue::UNDEFINED)
            }
            Some(Err(e)) => Err(core_error(self.func, e)),
            Some(Ok(chunk)) => {
                let (sentences, tokens, entities) = (Array::new(), Array::new(), Array::new());
                let normalized =
                    self.cols
                        .push_chunk(&chunk, &self.js_text, &sentences, &tokens)?;
                push_entities(&chunk, &entities)?;
                let (start, end) = (chunk.start.utf16, chunk.end.utf16);
                let text: js_sys::JsString = self.js_text.clone().unchecked_into();
                let c = js_sys::Object::new();
                for (key, value) in [
                    ("start", JsValue::from_f64(start as f64)),
                    ("end", JsValue::from_f64(end as f64)),
                    ("text", text.slice(start as u32, end as u32).into()),
                    ("separator", JsValue::from_str(&chunk.separator)),
                    ("normalized", normalized),
                    ("sentences", sentences.into()),
                    ("tokens", tokens.into()),
                    ("entities", entities.into()),
                ] {
                    js_sys::Reflect::set(&c, &JsValue::from_str(key), &value)?;
                }
                Ok(c.into())
            }
        }
    }

    /// Whether the text is done.
    #[wasm_bindgen(getter, skip_typescript)]
    pub fn done(&self) -> bool {
        let at = self.cursor.position().byte;
        self.cursor.is_done() || (at > 0 && at >= self.text.len())
    }

    /// UTF-16 code units covered so far.
    #[wasm_bindgen(getter, skip_typescript)]
    pub fn position(&self) -> f64 {
        self.cursor.position().utf16 as f64
    }

    /// The fraction covered so far.
    #[wasm_bindgen(getter, skip_typescript)]
    pub fn progress(&self) -> f64 {
        if self.done() {
            1.0
        } else {
            crate::chunks::progress(self.cursor.position().byte, self.text.len())
        }
    }
}

fn analyze_chunks_with(
    with: With<'_>,
    func: &'static str,
    text: JsValue,
    options: Option<JsValue>,
    chunk_size: JsValue,
) -> Result<JsChunks, JsValue> {
    let js_text = text;
    let text = text_arg(func, &js_text)?;
    let options: AnalyzeOptions = options_arg(func, options)?;
    let a = with.get(func, &options)?;
    let size = if chunk_size.is_undefined() || chunk_size.is_null() {
        DEFAULT_CHUNK_BYTES
    } else {
        match chunk_size.as_f64() {
            Some(n) if n.fract() == 0.0 && (1.0..=2_147_483_647.0).contains(&n) => n as usize,
            _ => {
                return Err(type_error(&format!(
                    "parsi.{func}: chunkSize must be a whole number from 1 to 2^31 - 1, got {}",
                    chunk_size
                        .as_f64()
                        .map_or_else(|| describe(&chunk_size), |n| n.to_string())
                )))
            }
        }
    };
    Ok(JsChunks {
        analyzer: a.clone(),
        js_text: js_text.clone(),
        cols: Columns::default(),
        text,
        options,
        cursor: Cursor::new(size),
        func,
    })
}

/// The text analysed chunk by chunk.
#[wasm_bindgen(js_name = analyzeChunks, skip_typescript)]
pub fn js_analyze_chunks(
    text: JsValue,
    options: Option<JsValue>,
    chunk_size: JsValue,
) -> Result<JsChunks, JsValue> {
    analyze_chunks_with(With::Module, "analyzeChunks", text, options, chunk_size)
}

/// `toConllu`: read and analysed chunk by chunk as `analyze` is
/// ([`crate::Chunk::write_conllu`] numbers the sentences on and counts
/// `TokenRange` in the whole text), the CoNLL-U joined as JavaScript strings.
fn to_conllu_with(
    with: With<'_>,
    func: &str,
    text: JsValue,
    options: Option<JsValue>,
) -> Result<JsValue, JsValue> {
    let text = js_text_arg(func, &text)?;
    let options: AnalyzeOptions = options_arg(func, options)?;
    let a = with.get(func, &options)?;
    let mut out = js_sys::JsString::from("");
    let (mut conllu, mut buf, mut sent_id) = (String::new(), Vec::new(), 1);
    for_each_chunk(a, func, &text, &options, |chunk| {
        conllu.clear();
        sent_id += chunk.write_conllu(sent_id, &mut conllu);
        out = out.concat(&js_string(&conllu, &mut buf));
        Ok(())
    })?;
    Ok(out.into())
}

fn sentences_with(a: &Analyzer, func: &str, text: JsValue) -> Result<JsValue, JsValue> {
    let text = js_text_arg(func, &text)?;
    Ok(analysed(a, func, &text, &AnalyzeOptions::segmentation())?
        .sentences
        .into())
}

fn tokenize_with(a: &Analyzer, func: &str, text: JsValue) -> Result<JsValue, JsValue> {
    let text = js_text_arg(func, &text)?;
    Ok(analysed(a, func, &text, &AnalyzeOptions::segmentation())?
        .tokens
        .into())
}

fn search_tokens_with(
    a: &Analyzer,
    func: &str,
    text: JsValue,
    options: Option<JsValue>,
) -> Result<JsValue, JsValue> {
    let text = js_text_arg(func, &text)?;
    let options: SearchOptions = options_arg(func, options)?;
    let analysis = options.analyze_options();
    // Read and analysed chunk by chunk as `analyze` is; each chunk's tokens
    // go to JavaScript (through JSON) before the next.
    let out = Array::new();
    for_each_chunk(a, func, &text, &analysis, |chunk| {
        let tokens = a
            .chunk_search_tokens(&chunk, &options)
            .map_err(|e| core_error(func, e))?;
        let views: Vec<_> = tokens.iter().map(|t| t.view(OffsetUnit::Utf16)).collect();
        let part: Array = to_js(&views)?.into();
        for x in part.iter() {
            out.push(&x);
        }
        Ok(())
    })?;
    Ok(out.into())
}

/// An analyzer with a user dictionary ([`crate::dictionary`]): the
/// module's functions that analyze, run with the dictionary. One handle per
/// analyzer (its results are plain objects, as the module's); the models
/// are shared with the module's analyzer, not copied.
#[wasm_bindgen(js_name = Analyzer, skip_typescript)]
pub struct JsAnalyzer {
    analyzer: Analyzer,
}

/// An analyzer with the user dictionary `dictionary` (undefined or null: none).
#[wasm_bindgen(js_name = createAnalyzer, skip_typescript)]
pub fn js_create_analyzer(dictionary: JsValue) -> Result<JsAnalyzer, JsValue> {
    let func = "createAnalyzer";
    let entries = if dictionary.is_undefined() || dictionary.is_null() {
        DictionaryEntries::default()
    } else {
        dictionary_arg(func, &dictionary)?
    };
    let invalid = |e: crate::Error| {
        let msg = match e {
            crate::Error::InvalidOption(m) => m,
            e => e.to_string(),
        };
        type_error(&format!("parsi.{func}: invalid dictionary: {msg}"))
    };
    let dict = UserDictionary::new(entries).map_err(invalid)?;
    let analyzer = shared(func)?
        .clone()
        .with_dictionary(dict)
        .map_err(invalid)?;
    Ok(JsAnalyzer { analyzer })
}

#[wasm_bindgen(js_class = Analyzer)]
impl JsAnalyzer {
    /// `normalize` with the dictionary's compounds and never-join words.
    #[wasm_bindgen(skip_typescript)]
    pub fn normalize(&self, text: JsValue, options: Option<JsValue>) -> Result<JsValue, JsValue> {
        let func = "Analyzer.normalize";
        let text = js_text_arg(func, &text)?;
        let options: NormalizeOptions = options_arg(func, options)?;
        normalized(func, &text, |s| self.analyzer.normalize(s, &options))
    }

    /// `analyze` with the dictionary.
    #[wasm_bindgen(skip_typescript)]
    pub fn analyze(&self, text: JsValue, options: Option<JsValue>) -> Result<JsValue, JsValue> {
        analyze_with(
            With::Analyzer(&self.analyzer),
            "Analyzer.analyze",
            text,
            options,
        )
    }

    /// `analyzeChunks` with the dictionary.
    #[wasm_bindgen(js_name = analyzeChunks, skip_typescript)]
    pub fn analyze_chunks(
        &self,
        text: JsValue,
        options: Option<JsValue>,
        chunk_size: JsValue,
    ) -> Result<JsChunks, JsValue> {
        analyze_chunks_with(
            With::Analyzer(&self.analyzer),
            "Analyzer.analyzeChunks",
            text,
            options,
            chunk_size,
        )
    }

    /// `toConllu` with the dictionary.
    #[wasm_bindgen(js_name = toConllu, skip_typescript)]
    pub fn to_conllu(&self, text: JsValue, options: Option<JsValue>) -> Result<JsValue, JsValue> {
        to_conllu_with(
            With::Analyzer(&self.analyzer),
            "Analyzer.toConllu",
            text,
            options,
        )
    }

    /// `sentences` with the dictionary.
    #[wasm_bindgen(skip_typescript)]
    pub fn sentences(&self, text: JsValue) -> Result<JsValue, JsValue> {
        sentences_with(&self.analyzer, "Analyzer.sentences", text)
    }

    /// `tokenize` with the dictionary.
    #[wasm_bindgen(skip_typescript)]
    pub fn tokenize(&self, text: JsValue) -> Result<JsValue, JsValue> {
        tokenize_with(&self.analyzer, "Analyzer.tokenize", text)
    }

    /// `searchTokens` with the dictionary's compounds and never-join words.
    #[wasm_bindgen(js_name = searchTokens, skip_typescript)]
    pub fn search_tokens(
        &self,
        text: JsValue,
        options: Option<JsValue>,
    ) -> Result<JsValue, JsValue> {
        search_tokens_with(&self.analyzer, "Analyzer.searchTokens", text, options)
    }

    /// The dictionary as given (its entries, every key present).
    #[wasm_bindgen(skip_typescript)]
    pub fn dictionary(&self) -> Result<JsValue, JsValue> {
        to_js(self.analyzer.dictionary().entries())
    }
}

/// The value of a number written in Persian words or digits.
#[wasm_bindgen(js_name = parseNumber, skip_typescript)]
pub fn js_parse_number(text: JsValue) -> Result<JsValue, JsValue> {
    let text = text_arg("parseNumber", &text)?;
    Ok(crate::values::parse_number(&text).map_or(JsValue::UNDEFINED, JsValue::from_f64))
}

/// A whole number in Persian words, cardinal or ordinal.
#[wasm_bindgen(js_name = numberToWords, skip_typescript)]
pub fn js_number_to_words(n: JsValue, ordinal: JsValue) -> Result<String, JsValue> {
    let Some(x) = n.as_f64() else {
        return Err(type_error(&format!(
            "parsi.numberToWords: n must be a number, got {}",
            describe(&n)
        )));
    };
    // 2^53 - 1: the largest integer a JavaScript number holds exactly.
    const MAX_SAFE: f64 = 9_007_199_254_740_991.0;
    if !(x.fract() == 0.0 && (0.0..=MAX_SAFE).contains(&x)) {
        return Err(js_sys::RangeError::new(&format!(
            "parsi.numberToWords: n must be a whole number from 0 to 2^53 - 1, got {x}"
        ))
        .into());
    }
    let ordinal = match ordinal.as_bool() {
        Some(b) => b,
        None if ordinal.is_undefined() || ordinal.is_null() => false,
        None => {
            return Err(type_error(&format!(
                "parsi.numberToWords: ordinal must be a boolean, got {}",
                describe(&ordinal)
            )))
        }
    };
    let n = x as u64;
    Ok(if ordinal {
        crate::values::ordinal_to_words(n)
    } else {
        crate::values::number_to_words(n)
    })
}

/// Builds, now, what the module's calls with `options` need and would
/// otherwise build on the first such call: the lexicon, and with part of
/// speech or entities on (the default) the models' tables. For a page that
/// has time between `init()` and the first text (or a worker: see
/// `createParsiWorker`'s `prepare`).
#[wasm_bindgen(js_name = prepare, skip_typescript)]
pub fn js_prepare(options: Option<JsValue>) -> Result<(), JsValue> {
    let func = "prepare";
    let options: AnalyzeOptions = options_arg(func, options)?;
    let a = With::Module.get(func, &options)?;
    // A short text through the whole path: the buffers a call reuses exist
    // after it, so the first real call does not allocate them either.
    a.analyze("کتاب‌ها را خواندم. علی به تهران رفت.", &options)
        .map(|_| ())
        .map_err(|e| core_error(func, e))
}

/// The library's version.
#[wasm_bindgen(skip_typescript)]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}
