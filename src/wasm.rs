//! The JavaScript API: a thin layer that checks arguments, calls the core once
//! per document and converts the result to plain JavaScript objects whose
//! offsets are UTF-16 code units into the caller's original string.
//!
//! A JavaScript string may hold unpaired surrogates; they arrive here as U+FFFD,
//! which is one UTF-16 code unit like the surrogate it replaces, so every
//! offset returned still slices the caller's string correctly.

use crate::{AnalyzeOptions, NormalizeOptions, OffsetUnit};
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
  /** The lemma; verbs as `past#present` stems, e.g. `کرد#کن`. */
  lemma: string;
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
}

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

/** The sentences of `text` (default normalization), with UTF-16 offsets into `text`. */
export function sentences(text: string): Sentence[];

/** The tokens of `text` (default normalization), with UTF-16 offsets into `text`; not tagged (`words` is empty: `analyze` tags). */
export function tokenize(text: string): Token[];

/** The library's version. */
export function version(): string;
"#;

/// A result as plain JavaScript objects. Serialized to JSON in Rust and
/// parsed by the engine's `JSON.parse`, which builds large object trees
/// several times faster than setting their properties one call at a time.
fn to_js<T: Serialize>(value: &T) -> Result<JsValue, JsValue> {
    let json = serde_json::to_string(value)
        .map_err(|e| error(&format!("parsi: could not build the result: {e}")))?;
    js_sys::JSON::parse(&json)
}

fn error(msg: &str) -> JsValue {
    js_sys::Error::new(msg).into()
}

fn type_error(msg: &str) -> JsValue {
    js_sys::TypeError::new(msg).into()
}

/// The text argument: a string, or a TypeError that says what was given instead.
fn text_arg(func: &str, text: &JsValue) -> Result<String, JsValue> {
    text.as_string().ok_or_else(|| {
        type_error(&format!(
            "parsi.{func}: text must be a string, got {}",
            describe(text)
        ))
    })
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
/// every key is known (a misspelt option is an error, not silently ignored).
fn options_arg<T: serde::de::DeserializeOwned + Serialize + Default>(
    func: &str,
    options: Option<JsValue>,
) -> Result<T, JsValue> {
    let Some(options) = options.filter(|o| !o.is_undefined() && !o.is_null()) else {
        return Ok(T::default());
    };
    check_keys(func, "options", &options, &to_js(&T::default())?)?;
    serde_wasm_bindgen::from_value(options)
        .map_err(|e| type_error(&format!("parsi.{func}: invalid options: {e}")))
}

/// Checks that `value` is a plain object whose keys (recursively, for nested
/// option objects) all appear in `known`, the serialized defaults.
fn check_keys(func: &str, path: &str, value: &JsValue, known: &JsValue) -> Result<(), JsValue> {
    if !value.is_object() || Array::is_array(value) {
        return Err(type_error(&format!(
            "parsi.{func}: {path} must be an object, got {}",
            describe(value)
        )));
    }
    let known_keys: Vec<String> = js_sys::Object::keys(known.unchecked_ref::<js_sys::Object>())
        .iter()
        .filter_map(|k| k.as_string())
        .collect();
    for key in js_sys::Object::keys(value.unchecked_ref::<js_sys::Object>()).iter() {
        let key = key.as_string().unwrap_or_default();
        if !known_keys.contains(&key) {
            return Err(type_error(&format!(
                "parsi.{func}: unknown option {path}.{key} (known: {})",
                known_keys.join(", ")
            )));
        }
        let default =
            js_sys::Reflect::get(known, &JsValue::from_str(&key)).unwrap_or(JsValue::UNDEFINED);
        let given =
            js_sys::Reflect::get(value, &JsValue::from_str(&key)).unwrap_or(JsValue::UNDEFINED);
        if default.is_object() && !given.is_undefined() && !given.is_null() {
            check_keys(func, &format!("{path}.{key}"), &given, &default)?;
        }
    }
    Ok(())
}

fn core_error(func: &str, e: crate::Error) -> JsValue {
    error(&format!("parsi.{func}: {e}"))
}

/// Installs a panic hook that prints Rust panics to the console (there should be none).
#[wasm_bindgen(start, skip_typescript)]
pub fn start() {
    console_error_panic_hook::set_once();
}

/// Normalizes Persian text.
#[wasm_bindgen(js_name = normalize, skip_typescript)]
pub fn js_normalize(text: JsValue, options: Option<JsValue>) -> Result<JsValue, JsValue> {
    let text = text_arg("normalize", &text)?;
    let options: NormalizeOptions = options_arg("normalize", options)?;
    let n = crate::normalize(&text, &options).map_err(|e| core_error("normalize", e))?;
    Ok(JsValue::from_str(&n.text))
}

/// Normalizes, splits into sentences and tokenizes a document. Offsets are
/// UTF-16 code units into `text`.
#[wasm_bindgen(js_name = analyze, skip_typescript)]
pub fn js_analyze(text: JsValue, options: Option<JsValue>) -> Result<JsValue, JsValue> {
    let text = text_arg("analyze", &text)?;
    let options: AnalyzeOptions = options_arg("analyze", options)?;
    let doc = crate::analyze(&text, &options).map_err(|e| core_error("analyze", e))?;
    to_js(&doc.view(OffsetUnit::Utf16))
}

/// The sentences of `text` (default normalization), with UTF-16 offsets.
#[wasm_bindgen(js_name = sentences, skip_typescript)]
pub fn js_sentences(text: JsValue) -> Result<JsValue, JsValue> {
    let text = text_arg("sentences", &text)?;
    let doc = crate::analyze(&text, &AnalyzeOptions::segmentation())
        .map_err(|e| core_error("sentences", e))?;
    to_js(
        &doc.sentences
            .iter()
            .map(|s| doc.sentence_view(s, OffsetUnit::Utf16))
            .collect::<Vec<_>>(),
    )
}

/// The tokens of `text` (default normalization), with UTF-16 offsets.
#[wasm_bindgen(js_name = tokenize, skip_typescript)]
pub fn js_tokenize(text: JsValue) -> Result<JsValue, JsValue> {
    let text = text_arg("tokenize", &text)?;
    let doc = crate::analyze(&text, &AnalyzeOptions::segmentation())
        .map_err(|e| core_error("tokenize", e))?;
    to_js(
        &doc.tokens
            .iter()
            .map(|t| doc.token_view(t, OffsetUnit::Utf16))
            .collect::<Vec<_>>(),
    )
}

/// The library's version.
#[wasm_bindgen(skip_typescript)]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}
